import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSightline, tempDir } from '../helpers';
import { writeMmdb } from './mmdb-writer';
import { AT, caseWith, HOUR, MIN, rec, T0 } from './records';

async function travelCase(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const file = path.join(dir, 'travel.sightline');
  const s = await caseWith(
    [
      rec({ t: T0, ip: '73.42.10.20', at: AT.seattle }),
      rec({ t: T0 + 40 * MIN, ip: '167.99.228.159', at: AT.moscow }),
      rec({ t: T0 + 30 * HOUR, ip: '73.42.10.20', at: AT.seattle }),
      rec({ t: T0, ip: '73.42.10.20', at: AT.seattle, user: 'Bob@Contoso.example' }),
      rec({ t: T0 + 20 * MIN, ip: '73.42.10.21', at: AT.bellevue, user: 'Bob@Contoso.example' }),
      rec({ t: T0 + 50 * MIN, ip: '8.8.8.8', at: AT.tokyo, user: 'Bob@Contoso.example', code: 50126 }),
    ],
    file,
  );
  s.close();
  return { dir, file };
}

describe('sightline travel and geo', () => {
  it('travel --json prints the impossible legs in the issue’s exact shape', async () => {
    const { dir } = await travelCase();
    const r = await runSightline(['travel', 'travel.sightline', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { legs: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['legs']);
    expect(out.legs).toHaveLength(1);
    const leg = out.legs[0]!;
    expect(Object.keys(leg)).toEqual(['user', 'from', 'to', 'km', 'minutes', 'kmh', 'impossible', 'reason']);
    expect(Object.keys(leg['from'] as object)).toEqual(['time', 'ip', 'place', 'lat', 'lon', 'source', 'radiusKm']);
    expect(leg).toMatchObject({
      user: 'alice@contoso.example',
      from: { time: '2026-10-01T09:00:00.000Z', ip: '73.42.10.20', place: 'Seattle, US', lat: AT.seattle.lat, lon: AT.seattle.lon, source: 'record', radiusKm: 50 },
      to: { time: '2026-10-01T09:40:00.000Z', ip: '167.99.228.159', place: 'Moscow, RU', source: 'record' },
      minutes: 40,
      impossible: true,
      reason: expect.stringMatching(/second IP is a hosting ASN/),
    });
    expect(leg['km']).toBeCloseTo(8370, -1);
    expect(leg['kmh']).toBeCloseTo(12555, -1);
    // Progress and counts go to stderr, never stdout.
    expect(r.stderr).toMatch(/3 legs \(1 impossible, 1 fast, 1 within the uncertainty\)/);
  });

  it('--all prints every leg; --user matches the lower-cased UPN exactly; failures on request', async () => {
    const { dir } = await travelCase();
    const all = JSON.parse((await runSightline(['travel', 'travel.sightline', '--all', '--json'], dir)).stdout) as { legs: { user: string; impossible: boolean; reason: string }[] };
    expect(all.legs.map((l) => [l.user, l.impossible])).toEqual([
      ['alice@contoso.example', true],
      ['alice@contoso.example', false],
      ['bob@contoso.example', false],
    ]);
    expect(all.legs[2]!.reason).toMatch(/not travel/);
    const bob = JSON.parse((await runSightline(['travel', 'travel.sightline', '--all', '--user', 'bob@contoso.example', '--include-failures', '--json'], dir)).stdout) as { legs: { to: { place: string } }[] };
    expect(bob.legs.map((l) => l.to.place)).toEqual(['Bellevue, US', 'Tokyo, JP']);
    const none = JSON.parse((await runSightline(['travel', 'travel.sightline', '--all', '--user', 'bob', '--json'], dir)).stdout) as { legs: unknown[] };
    expect(none.legs).toEqual([]);
  }, 60_000);

  it('geo looks addresses up offline', async () => {
    const dir = tempDir();
    const r = await runSightline(['geo', '8.8.8.8', '10.1.2.3', '2a02:6b8::2:242', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
    expect(out.results).toEqual([
      expect.objectContaining({ ip: '8.8.8.8', ipClass: 'public', asn: 15169, asOrg: 'Google LLC', countryCode: 'US', city: 'Mountain View', radiusKm: 50 }),
      expect.objectContaining({ ip: '10.1.2.3', ipClass: 'private', asn: null, lat: null, lon: null }),
      expect.objectContaining({ ip: '2a02:6b8::2:242', ipClass: 'public', asn: 13238, countryCode: 'RU' }),
    ]);
    const text = await runSightline(['geo', '185.220.101.4'], dir);
    expect(text.stdout).toMatch(/^185\.220\.101\.4 {2}public {2}AS60729 Stiftung Erneuerbare Freiheit \[anonymizer\] {2}Berlin/);
    // --mmdb: the analyst's own GeoIP2 City database instead of the bundled one (relative to where npm ran).
    fs.writeFileSync(path.join(dir, 'GeoLite2-City.mmdb'), writeMmdb([{ cidr: '81.2.69.160/27', data: { city: { names: { en: 'London' } }, country: { iso_code: 'GB' }, location: { accuracy_radius: { uint: 10, bytes: 2 }, latitude: 51.5142, longitude: -0.0931 } } }]));
    const own = JSON.parse((await runSightline(['geo', '81.2.69.170', '--mmdb', 'GeoLite2-City.mmdb', '--json'], dir)).stdout) as { results: Record<string, unknown>[] };
    expect(own.results[0]).toMatchObject({ city: 'London', countryCode: 'GB', radiusKm: 10, ipDb: expect.stringMatching(/^custom GeoLite2-City\.mmdb/) });
  }, 90_000);

  it('bad input is a usage error (exit 2), a missing case a failure (exit 1)', async () => {
    const dir = tempDir();
    const bad = await runSightline(['geo', '8.8.8.8', 'nonsense'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an IP address: "nonsense"/);
    expect((await runSightline(['geo', '8.8.8.8', '--mmdb', 'missing.mmdb'], dir)).code).toBe(2);
    expect((await runSightline(['travel', 'no-such.sightline'], dir)).code).toBe(1);
    expect((await runSightline(['travel'], dir)).code).toBe(2);
  }, 90_000);
});
