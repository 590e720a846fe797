// How the map encodes data: marker sizes, the outcome mix in pies and words, leg labels, and what
// a marker click narrows the shared filter to.
import { describe, expect, it } from 'vitest';
import { SignInFilter, type MapLocation } from '../../../preload/contract';
import { drawnLegs, formatGap, legFigures, markerRadius, mixText, mixWedges, narrowingFor, outcomeMix, shortCount } from '../../../renderer/features/map/encoding';
import { parsePlaces, parseRanges } from '../../../renderer/features/map/trustedText';

function location(over: Partial<MapLocation>): MapLocation {
  return {
    lat: 55.75, lon: 37.62, radiusKm: 50, place: 'Moscow, RU', countryCode: 'RU', sources: ['record'],
    count: 3, success: 2, failure: 1, interrupted: 0,
    topIps: [{ ip: '95.165.1.10', count: 2, asn: null, asOrg: null, networkKind: null, trusted: null }, { ip: '95.165.1.11', count: 1, asn: null, asOrg: null, networkKind: null, trusted: null }],
    topUsers: [], topApps: [], distinctIps: 2, distinctUsers: 1, trustedPlace: null,
    ...over,
  };
}

describe('markers', () => {
  it('grow by area with the count, within 4..22 px', () => {
    expect(markerRadius(1, 1000)).toBe(4);
    expect(markerRadius(1000, 1000)).toBe(22);
    const quarter = markerRadius(250, 1000);
    expect(quarter).toBeGreaterThan(12);
    expect(quarter).toBeLessThan(14);
    expect(markerRadius(5, 1)).toBe(6);
  });

  it('show the outcome mix as pie wedges and as words', () => {
    const mix = outcomeMix({ count: 10, success: 6, failure: 3, interrupted: 0 });
    expect(mix).toEqual({ success: 6, failure: 3, interrupted: 0, other: 1 });
    expect(mixWedges(mix)).toEqual([
      { kind: 'success', fraction: 0.6 },
      { kind: 'failure', fraction: 0.3 },
      { kind: 'other', fraction: 0.1 },
    ]);
    expect(mixText(mix)).toBe('6 success, 3 failure, 1 unknown');
    expect(mixWedges(outcomeMix({ count: 0, success: 0, failure: 0, interrupted: 0 }))).toEqual([]);
  });

  it('label clusters with short counts', () => {
    expect([shortCount(950), shortCount(1234), shortCount(34_567), shortCount(1_150_000)]).toEqual(['950', '1.2k', '34k', '1.1M']);
  });
});

describe('legs', () => {
  it('read as distance, time gap and speed', () => {
    expect(legFigures({ km: 8370.4, minutes: 40, kmh: 12555.6 })).toBe('8,370 km in 40 min, 12,556 km/h');
    expect([formatGap(0.5), formatGap(125), formatGap(60 * 24 * 3 + 240)]).toEqual(['30 s', '2 h 5 min', '3 d 4 h']);
  });

  it('within the uncertainty are not drawn', () => {
    const legs = [{ speedClass: 'not-travel' as const }, { speedClass: 'impossible' as const }, { speedClass: 'plausible' as const }];
    expect(drawnLegs(legs).map((l) => l.speedClass)).toEqual(['impossible', 'plausible']);
  });
});

describe('a marker click narrows the filter', () => {
  it('to the one address of a single-address place', () => {
    expect(narrowingFor(location({ distinctIps: 1, topIps: [location({}).topIps[0]!], sources: ['ipdb'] }))).toEqual({ patch: { ip: '95.165.1.10' }, note: null });
  });

  it("to the records' own city and country when the records placed it", () => {
    const { patch, note } = narrowingFor(location({ place: '<img src=x onerror=alert(1)>, RU' }));
    expect(patch).toEqual({ country: ['RU'], city: '<img src=x onerror=alert(1)>' });
    expect(note).toBeNull();
    expect(SignInFilter.safeParse(patch).success).toBe(true);
    // A city name with a comma of its own keeps it.
    expect(narrowingFor(location({ place: 'Washington, D.C., US', countryCode: 'US', sources: ['gazetteer'] })).patch).toEqual({ country: ['US'], city: 'Washington, D.C.' });
  });

  it('to the country, saying so, for a country-level place', () => {
    const r = narrowingFor(location({ place: 'JP', countryCode: 'JP', sources: ['gazetteer'] }));
    expect(r.patch).toEqual({ country: ['JP'] });
    expect(r.note).toContain('every sign-in from that country');
  });

  it('to the busiest address, saying so, when only the IP database placed several addresses', () => {
    const r = narrowingFor(location({ sources: ['ipdb'] }));
    expect(r.patch).toEqual({ ip: '95.165.1.10' });
    expect(r.note).toContain('2 addresses');
    expect(narrowingFor(location({ sources: ['record', 'ipdb'] })).patch).toEqual({ ip: '95.165.1.10' });
  });
});

describe('trusted networks as typed', () => {
  it('read ranges and places one per line', () => {
    expect(parseRanges(' 203.0.113.0/24 HQ egress \n\n2001:db8::/32\n')).toEqual([
      { cidr: '203.0.113.0/24', label: 'HQ egress' },
      { cidr: '2001:db8::/32', label: '' },
    ]);
    expect(parsePlaces('47.61, -122.33, 60, Seattle office, WA')).toEqual({ places: [{ lat: 47.61, lon: -122.33, radiusKm: 60, label: 'Seattle office, WA' }], error: null });
    expect(parsePlaces('Seattle').error).toContain('line 1');
  });
});
