import { describe, expect, it } from 'vitest';
import { enrichGeo } from '../../../main/geo/enrich';
import { DEFAULT_THRESHOLDS } from '../../../main/geo/settings';
import { NON_INTERACTIVE_CAVEAT, topTravellers, travelLegs, type TravelQuery } from '../../../main/geo/travel';
import { loadTrusted, setTrusted } from '../../../main/geo/trusted';
import { AT, caseWith, HOUR, MIN, rec, T0, type Rec } from './records';

/** The legs of these sign-ins (enriched first). */
async function legsOf(records: Rec[], q: Partial<TravelQuery> = {}, trust?: Parameters<typeof setTrusted>[1]) {
  const s = await caseWith(records.map(rec));
  try {
    enrichGeo(s.db);
    if (trust) setTrusted(s.db, trust);
    return travelLegs(s.db, { thresholds: DEFAULT_THRESHOLDS, trusted: loadTrusted(s.db), ...q });
  } finally {
    s.close();
  }
}

describe('travel legs', () => {
  it.each([
    ['a same-city hop is not travel', AT.seattle, AT.bellevue, 20 * MIN, 'not-travel'],
    ['Seattle -> Moscow in 40 minutes is impossible', AT.seattle, AT.moscow, 40 * MIN, 'impossible'],
    ['Seattle -> Moscow in 20 hours is a flight', AT.seattle, AT.moscow, 20 * HOUR, 'fast'],
    ['Seattle -> Portland in 4 hours is a drive', AT.seattle, AT.portland, 4 * HOUR, 'plausible'],
    ['Seattle -> New York in 5 hours needs a plane but is not impossible', AT.seattle, AT.newYork, 5 * HOUR, 'fast'],
    ['Seattle -> Portland in 10 minutes is fast but under 500 km beyond the uncertainty', AT.seattle, AT.portland, 10 * MIN, 'fast'],
  ] as const)('%s', async (_name, from, to, gap, speedClass) => {
    const { legs } = await legsOf([
      { t: T0, ip: '73.42.10.20', at: from },
      { t: T0 + gap, ip: '77.88.55.242', at: to },
    ]);
    expect(legs).toHaveLength(1);
    expect(legs[0]).toMatchObject({ speedClass, impossible: speedClass === 'impossible' });
  });

  it('explains the Seattle -> Moscow leg with raw figures, the verdict and the hosting network', async () => {
    const { legs } = await legsOf([
      { t: T0, ip: '73.42.10.20', at: AT.seattle },
      { t: T0 + 40 * MIN, ip: '167.99.228.159', at: AT.moscow }, // a DigitalOcean address
    ]);
    const leg = legs[0]!;
    expect(leg).toMatchObject({ user: 'alice@contoso.example', minutes: 40, impossible: true, from: { place: 'Seattle, US', source: 'record', radiusKm: 50 }, to: { place: 'Moscow, RU', networkKind: 'hosting', asn: 14061 } });
    expect(leg.km).toBeCloseTo(8370, -1);
    expect(leg.kmh).toBeCloseTo(12555, -1);
    expect(leg.adjustedKm).toBeCloseTo(leg.km - 100, 0);
    expect(leg.reason).toMatch(/^Seattle, US -> Moscow, RU, 8,3\d\d km in 40 min, 12,5\d\d km\/h; impossible: .*; second IP is a hosting ASN \(AS14061 DigitalOcean, LLC\)$/);
    expect(leg.annotations).toEqual(['second IP is a hosting ASN (AS14061 DigitalOcean, LLC)']);
  });

  it('pairs only consecutive located sign-ins of one user from different IPs', async () => {
    const { legs, signIns, notLocated } = await legsOf([
      { t: T0, ip: '73.42.10.20', at: AT.seattle },
      { t: T0 + 10 * MIN, ip: '73.42.10.20', at: AT.seattle }, // same IP: no leg
      { t: T0 + 20 * MIN, ip: '10.1.1.1', at: AT.moscow }, // private IP: not located, skipped; the chain continues
      { t: T0 + 30 * MIN, ip: '77.88.55.242', at: AT.berlin },
      { t: T0 + 35 * MIN, ip: '8.8.8.8', at: AT.tokyo, user: 'bob@contoso.example' }, // another user
    ]);
    expect(legs.map((l) => [l.user, l.from.place, l.to.place])).toEqual([['alice@contoso.example', 'Seattle, US', 'Berlin, DE']]);
    expect(legs[0]!.minutes).toBe(20);
    expect([signIns, notLocated]).toEqual([4, 1]);
  });

  it('uses successful interactive sign-ins unless asked for failures or non-interactive ones', async () => {
    const records: Rec[] = [
      { t: T0, ip: '73.42.10.20', at: AT.seattle },
      { t: T0 + 10 * MIN, ip: '77.88.55.242', at: AT.moscow, code: 50126 },
      { t: T0 + 20 * MIN, ip: '8.8.8.8', at: AT.tokyo, type: 'nonInteractiveUser' },
    ];
    expect((await legsOf(records)).legs).toHaveLength(0);
    expect((await legsOf(records, { includeFailures: true })).legs.map((l) => l.to.place)).toEqual(['Moscow, RU']);
    expect((await legsOf(records, { includeNonInteractive: true })).legs.map((l) => l.to.place)).toEqual(['Tokyo, JP']);
    expect((await legsOf(records, { includeFailures: true, includeNonInteractive: true })).legs).toHaveLength(2);
    expect(NON_INTERACTIVE_CAVEAT).toMatch(/token/);
  });

  it('matches one user exactly (any case) and narrows by the filter', async () => {
    const records: Rec[] = [
      { t: T0, ip: '73.42.10.20', at: AT.seattle, user: 'alice@contoso.example' },
      { t: T0 + HOUR, ip: '77.88.55.242', at: AT.moscow, user: 'alice@contoso.example' },
      { t: T0, ip: '73.42.10.20', at: AT.seattle, user: 'malice@contoso.example' },
      { t: T0 + HOUR, ip: '77.88.55.242', at: AT.moscow, user: 'malice@contoso.example' },
    ];
    expect((await legsOf(records, { user: 'Alice@Contoso.example' })).legs.map((l) => l.user)).toEqual(['alice@contoso.example']);
    expect((await legsOf(records, { user: 'alice' })).legs).toHaveLength(0);
    expect((await legsOf(records, { filter: { from: new Date(T0 + 30 * MIN).toISOString() } })).legs).toHaveLength(0);
  });

  it('annotates trusted ranges and places, never hides the leg', async () => {
    const { legs } = await legsOf(
      [
        { t: T0, ip: '73.42.10.20', at: AT.seattle },
        { t: T0 + 40 * MIN, ip: '77.88.55.242', at: AT.moscow },
      ],
      {},
      { ranges: [{ cidr: '77.88.0.0/16', label: 'Moscow VPN concentrator' }], places: [{ label: 'HQ', lat: 47.6, lon: -122.3, radiusKm: 30 }] },
    );
    expect(legs[0]).toMatchObject({ impossible: true, from: { trusted: 'HQ' }, to: { trusted: 'Moscow VPN concentrator' } });
    expect(legs[0]!.annotations).toEqual(['first location is in the trusted place HQ', 'second IP is in the trusted range Moscow VPN concentrator']);
  });

  it('draws Tokyo -> Honolulu across the antimeridian', async () => {
    const { legs } = await legsOf([
      { t: T0, ip: '73.42.10.20', at: AT.tokyo },
      { t: T0 + 2 * HOUR, ip: '77.88.55.242', at: AT.honolulu },
    ]);
    const path = legs[0]!.path;
    expect(path[0]![1]).toBeCloseTo(AT.tokyo.lon, 4);
    expect(path.at(-1)![1]).toBeCloseTo(AT.honolulu.lon + 360, 4);
    expect(path.some(([, lon]) => lon > 180)).toBe(true);
    for (let i = 1; i < path.length; i++) expect(Math.abs(path[i]![1] - path[i - 1]![1])).toBeLessThan(180);
    expect(legs[0]!.km).toBeCloseTo(6206, -1);
  });

  it('ranks travellers by their fastest leg', async () => {
    const s = await caseWith(
      [
        { t: T0, ip: '73.42.10.20', at: AT.seattle, user: 'slow@contoso.example' },
        { t: T0 + 4 * HOUR, ip: '77.88.55.242', at: AT.portland, user: 'slow@contoso.example' },
        { t: T0, ip: '73.42.10.20', at: AT.seattle, user: 'fast@contoso.example' },
        { t: T0 + 40 * MIN, ip: '77.88.55.242', at: AT.moscow, user: 'fast@contoso.example' },
        { t: T0 + 20 * HOUR, ip: '8.8.8.8', at: AT.tokyo, user: 'fast@contoso.example' },
        { t: T0, ip: '73.42.10.20', at: AT.seattle, user: 'home@contoso.example' },
        { t: T0 + HOUR, ip: '73.42.10.21', at: AT.bellevue, user: 'home@contoso.example' },
      ].map(rec),
    );
    try {
      enrichGeo(s.db);
      const top = topTravellers(s.db, { thresholds: DEFAULT_THRESHOLDS, trusted: loadTrusted(s.db) }, 10);
      expect(top.map((t) => [t.user, t.legs, t.impossible])).toEqual([
        ['fast@contoso.example', 2, 1],
        ['slow@contoso.example', 1, 0],
      ]);
      expect(top[0]!.fastest!.to.place).toBe('Moscow, RU');
    } finally {
      s.close();
    }
  });
});
