// The geo detections (impossible-travel, hosting-asn, new-country), table-driven: positives,
// negatives and edges, on sign-ins imported through the real pipeline and enriched offline.
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../main/detect/params';
import { hostingAsn } from '../../../main/detect/hosting-asn';
import { impossibleTravel } from '../../../main/detect/impossible-travel';
import { newCountry } from '../../../main/detect/new-country';
import { noTrust, trustedFromCidrs } from '../../../main/detect/trusted';
import type { Detection, ParamValue, Trusted } from '../../../main/detect/types';
import { setAsnOverrides } from '../../../main/geo/networks';
import { AT, caseWith, DAY, HOUR, MIN, rec, T0, type Rec } from './records';

async function run(d: Detection, records: Rec[], params: Record<string, ParamValue> = {}, trusted: Trusted = noTrust, prepare?: (db: import('../../../main/case/db').CaseDb) => void) {
  const s = await caseWith(records.map(rec));
  try {
    prepare?.(s.db);
    return await d.run({ db: s.db, trusted }, resolveParams(d, params));
  } finally {
    s.close();
  }
}

const HOME = '73.42.10.20'; // Comcast
const DROPLET = '167.99.228.159'; // AS14061 DigitalOcean
const YANDEX = '77.88.55.242';
const TOR = '185.220.101.4'; // AS60729

describe('impossible-travel', () => {
  const hop = (to: (typeof AT)[keyof typeof AT], gap: number, ip = YANDEX, extra: Partial<Rec> = {}): Rec[] => [
    { t: T0, ip: HOME, at: AT.seattle },
    { t: T0 + gap, ip, at: to, ...extra },
  ];

  it.each([
    ['Seattle -> Moscow in 40 minutes', hop(AT.moscow, 40 * MIN), 1, 'high'],
    ['the second IP is a hosting ASN: down-ranked, not hidden', hop(AT.moscow, 40 * MIN, DROPLET), 1, 'medium'],
    ['Seattle -> Moscow in 20 hours (a flight)', hop(AT.moscow, 20 * HOUR), 0, null],
    ['a same-city hop from another IP', hop(AT.bellevue, 5 * MIN), 0, null],
    ['Seattle -> Portland in 5 minutes: fast, but under 500 km beyond the uncertainty', hop(AT.portland, 5 * MIN), 0, null],
    ['the second sign-in failed', hop(AT.moscow, 40 * MIN, YANDEX, { code: 50126 }), 0, null],
    ['the second sign-in is non-interactive (off by default)', hop(AT.moscow, 40 * MIN, YANDEX, { type: 'nonInteractiveUser' }), 0, null],
    ['the same IP in two places is not a leg', hop(AT.moscow, 40 * MIN, HOME), 0, null],
  ] as const)('%s', async (_name, records, count, severity) => {
    const r = await run(impossibleTravel, [...records]);
    expect(r.findings).toHaveLength(count);
    if (severity) expect(r.findings[0]!.severity).toBe(severity);
  });

  it('explains itself like the issue’s example and names its evidence', async () => {
    const r = await run(impossibleTravel, hop(AT.moscow, 40 * MIN, DROPLET));
    const f = r.findings[0]!;
    expect(f.explanation).toMatch(/^alice@contoso\.example: Seattle, US -> Moscow, RU, 8,3\d\d km in 40 min, 12,5\d\d km\/h; second IP is a hosting ASN \(AS14061 DigitalOcean, LLC\)\./);
    expect(f).toMatchObject({ users: ['alice@contoso.example'], ips: [HOME, DROPLET], startMs: T0, endMs: T0 + 40 * MIN, key: expect.stringMatching(/^alice@contoso\.example\|/) });
    expect(f.signInPks).toHaveLength(2);
    expect(f.facts).toMatchObject({ minutes: 40, annotations: ['second IP is a hosting ASN (AS14061 DigitalOcean, LLC)'] });
  });

  it('edges: exactly at the speed limit counts, just under does not', async () => {
    // 8,370 km raw, 8,270 km beyond the uncertainty: 800 km/h after 620.3 minutes.
    const at = (minutes: number) => run(impossibleTravel, hop(AT.moscow, minutes * MIN), { speedKmh: 800 });
    const r = await run(impossibleTravel, hop(AT.moscow, 600 * MIN));
    const adjusted = (r.findings[0]!.facts as { adjustedKm: number }).adjustedKm;
    const limitMinutes = (adjusted / 800) * 60;
    expect((await at(Math.floor(limitMinutes))).findings).toHaveLength(1);
    expect((await at(Math.ceil(limitMinutes) + 1)).findings).toHaveLength(0);
  });

  it('thresholds are parameters; non-interactive sign-ins on request', async () => {
    expect((await run(impossibleTravel, hop(AT.moscow, 20 * HOUR), { speedKmh: 300 })).findings).toHaveLength(1);
    expect((await run(impossibleTravel, hop(AT.portland, 5 * MIN), { minKm: 100 })).findings).toHaveLength(1);
    expect((await run(impossibleTravel, hop(AT.moscow, 40 * MIN, YANDEX, { type: 'nonInteractiveUser' }), { includeNonInteractive: true })).findings).toHaveLength(1);
  });

  it('a trusted range on either side lowers the severity and says so', async () => {
    const r = await run(impossibleTravel, hop(AT.moscow, 40 * MIN), {}, trustedFromCidrs(['77.88.0.0/16']));
    expect(r.findings[0]!.severity).toBe('medium');
    expect(r.findings[0]!.explanation).toMatch(/second IP is in a trusted range/);
  });

  it('Panther’s rule: with the minimum distance lowered, a short quick hop is low', async () => {
    const r = await run(impossibleTravel, hop(AT.portland, 5 * MIN), { minKm: 10, speedKmh: 100 });
    expect(r.findings.map((f) => f.severity)).toEqual(['high']); // 133 km beyond the uncertainty: over Panther's 50 km
    const near = await run(impossibleTravel, [{ t: T0, ip: HOME, at: AT.seattle }, { t: T0 + 5 * MIN, ip: YANDEX, at: { ...AT.seattle, city: 'Bellingham', lat: 48.75955, lon: -122.48822 } }], { minKm: 10, speedKmh: 100 });
    // Bellingham is 127 km from Seattle: 27 km beyond the two 50 km radii, in 5 minutes.
    expect(near.findings).toHaveLength(1);
    expect(near.findings[0]!.severity).toBe('low');
    expect(near.findings[0]!.explanation).toMatch(/Panther/);
  });

  it('reports the sign-ins it cannot place as not evaluable', async () => {
    const r = await run(impossibleTravel, [...hop(AT.moscow, 40 * MIN), { t: T0 + HOUR, ip: '10.0.0.1', at: AT.berlin }, { t: T0 + 2 * HOUR, ip: '192.168.1.1', at: null }]);
    expect(r.notEvaluable).toBe(2);
    expect(r.findings).toHaveLength(1);
  });
});

describe('hosting-asn', () => {
  it.each([
    ['a successful sign-in from a DigitalOcean droplet', [{ t: T0, ip: DROPLET, at: null }], 1, 'low'],
    ['from a Tor exit', [{ t: T0, ip: TOR, at: null }], 1, 'low'],
    ['MFA satisfied only by a claim in the token raises it', [{ t: T0, ip: DROPLET, at: null, details: 'MFA requirement satisfied by claim in the token' }], 1, 'medium'],
    ['the record’s own ASN counts', [{ t: T0, ip: '8.8.8.8', at: null, asn: 16509 }], 1, 'low'],
    ['a failed sign-in from a droplet is not this detection’s', [{ t: T0, ip: DROPLET, at: null, code: 50126 }], 0, null],
    ['a residential ISP', [{ t: T0, ip: HOME, at: null }], 0, null],
    ['Microsoft flagged the address as anonymized', [{ t: T0, ip: HOME, at: null, risk: ['anonymizedIPAddress'] }], 1, 'low'],
    ['other risk events are not this detection’s', [{ t: T0, ip: HOME, at: null, risk: ['unfamiliarFeatures'] }], 0, null],
  ] as const)('%s', async (_name, records, count, severity) => {
    const r = await run(hostingAsn, [...records]);
    expect(r.findings).toHaveLength(count);
    if (severity) expect(r.findings[0]!.severity).toBe(severity);
  });

  it('one finding per user and network, with every sign-in and address as evidence', async () => {
    const r = await run(hostingAsn, [
      { t: T0, ip: DROPLET, at: null },
      { t: T0 + MIN, ip: '167.99.228.160', at: null },
      { t: T0 + 2 * MIN, ip: DROPLET, at: null, user: 'bob@contoso.example' },
    ]);
    expect(r.findings.map((f) => [f.users[0], f.ips.length, f.signInPks.length])).toEqual([
      ['alice@contoso.example', 2, 2],
      ['bob@contoso.example', 1, 1],
    ]);
    expect(r.findings[0]!.explanation).toMatch(/^alice@contoso\.example signed in successfully 2 times from a hosting ASN \(AS14061 DigitalOcean, LLC\)/);
  });

  it('the analyst’s changes to the ASN list apply: un-listed networks no longer raise findings', async () => {
    const r = await run(hostingAsn, [{ t: T0, ip: DROPLET, at: null }], {}, noTrust, (db) => setAsnOverrides(db, [{ asn: 14061, kind: 'none' }]));
    expect(r.findings).toHaveLength(0);
    const added = await run(hostingAsn, [{ t: T0, ip: HOME, at: null }], {}, noTrust, (db) => setAsnOverrides(db, [{ asn: 7922, kind: 'vpn', label: 'Comcast (test)' }]));
    expect(added.findings[0]!.explanation).toMatch(/a VPN ASN \(AS7922/);
  });

  it('counts sign-ins with no known network as not evaluable', async () => {
    const r = await run(hostingAsn, [{ t: T0, ip: '10.1.2.3', at: null }, { t: T0, ip: DROPLET, at: null }]);
    expect(r.notEvaluable).toBe(1);
  });
});

describe('new-country', () => {
  const home = (days: number): Rec[] => Array.from({ length: days }, (_, i) => ({ t: T0 + i * DAY, ip: HOME, at: AT.seattle }));

  it.each([
    ['a first sign-in from Russia after 10 days at home', [...home(10), { t: T0 + 10 * DAY, ip: YANDEX, at: AT.moscow }], 1, false],
    ['within the learning period it is marked learning', [...home(3), { t: T0 + 3 * DAY, ip: YANDEX, at: AT.moscow }], 1, true],
    ['only the home country', home(10), 0, false],
    ['a failed sign-in from Russia does not count', [...home(10), { t: T0 + 10 * DAY, ip: YANDEX, at: AT.moscow, code: 50126 }], 0, false],
  ] as const)('%s', async (_name, records, count, learning) => {
    const r = await run(newCountry, [...records], { rarePercent: 0 });
    expect(r.findings).toHaveLength(count);
    if (count) {
      expect(r.findings[0]).toMatchObject({ severity: 'low', users: ['alice@contoso.example'], facts: { country: 'RU', newForUser: true, learning } });
      expect(r.findings[0]!.explanation).toMatch(/^alice@contoso\.example signed in successfully from Moscow, RU \(RU\)/);
    }
  });

  it('a country the user had before is not new again: one finding per user and country, with the later sign-ins as evidence', async () => {
    const r = await run(newCountry, [...home(10), { t: T0 + 10 * DAY, ip: YANDEX, at: AT.moscow }, { t: T0 + 11 * DAY, ip: HOME, at: AT.seattle }, { t: T0 + 12 * DAY, ip: YANDEX, at: AT.moscow }], { rarePercent: 0 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.signInPks).toHaveLength(2);
    expect(r.findings[0]!.endMs).toBe(T0 + 12 * DAY);
  });

  it('a country rare across the tenant counts even for a user whose first country it is', async () => {
    const tenant: Rec[] = Array.from({ length: 40 }, (_, i) => ({ t: T0 + i * HOUR, ip: HOME, at: AT.seattle, user: `u${i}@contoso.example` }));
    const r = await run(newCountry, [...tenant, { t: T0, ip: YANDEX, at: AT.moscow, user: 'x@contoso.example' }], { rarePercent: 5 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ users: ['x@contoso.example'], facts: { rareInTenant: true, newForUser: false } });
  });

  it('uses the IP database’s country where the record has none, and counts sign-ins with no country', async () => {
    const r = await run(newCountry, [...home(10), { t: T0 + 10 * DAY, ip: YANDEX, at: null }, { t: T0 + 11 * DAY, ip: '10.9.9.9', at: null }], { rarePercent: 0 });
    expect(r.findings.map((f) => (f.facts as { country: string }).country)).toEqual(['RU']);
    expect(r.notEvaluable).toBe(1);
  });
});
