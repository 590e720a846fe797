import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { EnrichCancelled, enrichGeo, pendingSignIns, type EnrichProgress } from '../../../main/geo/enrich';
import { customIpDatabase } from '../../../main/geo/ipdb';
import { applyAsnKinds, asnEntries, setAsnOverrides } from '../../../main/geo/networks';
import { importFiles } from '../../../main/ingest/import';
import { sample, tempDir } from '../helpers';
import { writeMmdb } from './mmdb-writer';
import { addRecords, AT, caseWith, MIN, pkOf, rec, T0 } from './records';

type GeoRow = { lat: number | null; lon: number | null; radius_km: number | null; source: string | null; place: string | null; country_code: string | null; asn: number | null; network_kind: string | null };
const geoOf = (s: CaseSession, id: string) => s.db.prepare('SELECT lat, lon, radius_km, source, place, country_code, asn, network_kind FROM signin_geo WHERE signin_pk = ?').get(pkOf(s, id)) as GeoRow | undefined;

describe('geo enrichment: where each sign-in is placed, and how sure that is', () => {
  it('prefers the record’s coordinates, then the gazetteer for its place text, then the IP database', async () => {
    const cases = {
      record: rec({ t: T0, ip: '77.88.55.242', at: AT.seattle }), // coordinates win over the IP (Moscow)
      gazetteer: rec({ t: T0, ip: '77.88.55.242', at: AT.portland, coords: false }), // "Portland, Oregon, US", no coordinates
      ipdb: rec({ t: T0, ip: '77.88.55.242', at: null }), // nothing but the IP
      unknownCity: rec({ t: T0, ip: '8.8.8.8', at: { ...AT.seattle, city: 'Nowhereville' }, coords: false }), // the IP beats a country-wide guess
      countryOnly: rec({ t: T0, ip: '10.0.0.9', at: { ...AT.seattle, city: '', state: '' }, coords: false }), // private IP, but the record names a country
      ipv6: rec({ t: T0, ip: '2a02:6b8::2:242', at: { city: '', state: '', country: '', lat: 0, lon: 0 }, coords: false }),
    };
    const s = await caseWith(Object.values(cases));
    try {
      const r = enrichGeo(s.db);
      expect(r).toMatchObject({ mode: 'pending', signIns: 6, addresses: 4 });
      expect(geoOf(s, cases.record['id'] as string)).toMatchObject({ source: 'record', lat: AT.seattle.lat, radius_km: 50, place: 'Seattle, US', country_code: 'US', asn: 13238 });
      const g = geoOf(s, cases.gazetteer['id'] as string)!;
      expect(g).toMatchObject({ source: 'gazetteer', place: 'Portland, US', radius_km: 50 });
      expect(g.lat).toBeCloseTo(45.52, 1);
      expect(geoOf(s, cases.ipdb['id'] as string)).toMatchObject({ source: 'ipdb', place: 'Moscow, RU', country_code: 'RU', radius_km: 50 });
      expect(geoOf(s, cases.unknownCity['id'] as string)).toMatchObject({ source: 'ipdb', place: 'Mountain View, US' });
      // A private address is never placed, even where the record names a place.
      expect(geoOf(s, cases.countryOnly['id'] as string)).toMatchObject({ source: null, lat: null, lon: null, country_code: 'US' });
      expect(geoOf(s, cases.ipv6['id'] as string)).toMatchObject({ source: 'ipdb', place: 'Moscow, RU' });
    } finally {
      s.close();
    }
  });

  it('a country alone is placed at the country with a large radius', async () => {
    const onlyCountry = rec({ t: T0, ip: '', at: { ...AT.moscow, city: '', state: '' }, coords: false });
    const s = await caseWith([onlyCountry]);
    try {
      enrichGeo(s.db);
      const g = geoOf(s, onlyCountry['id'] as string)!;
      expect(g).toMatchObject({ source: 'gazetteer', place: 'RU', country_code: 'RU' });
      expect(g.radius_km).toBeGreaterThan(500);
    } finally {
      s.close();
    }
  });

  it('caches each distinct IP once, reports progress, and does nothing when nothing is new', async () => {
    const records = Array.from({ length: 30 }, (_, i) => rec({ t: T0 + i * MIN, ip: ['8.8.8.8', '1.1.1.1', '77.88.55.242'][i % 3], at: null }));
    const s = await caseWith(records);
    try {
      const progress: EnrichProgress[] = [];
      const r = enrichGeo(s.db, { onProgress: (p) => progress.push(p), sliceSize: 7 });
      expect(r).toMatchObject({ signIns: 30, located: 30, addresses: 3 });
      expect((s.db.prepare('SELECT count(*) AS n FROM ip_info').get() as { n: number }).n).toBe(3);
      expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['sign-ins', 'done']));
      expect(progress.filter((p) => p.phase === 'sign-ins').length).toBeGreaterThan(4);
      expect(progress.at(-1)).toMatchObject({ phase: 'done', finished: true });
      expect(pendingSignIns(s.db)).toBe(0);
      expect(enrichGeo(s.db)).toMatchObject({ signIns: 0, addresses: 0 });
      // The run history says what happened.
      expect(s.db.prepare("SELECT status, signins, ips FROM geo_runs WHERE status = 'completed'").all()).toEqual([{ status: 'completed', signins: 30, ips: 3 }]);
    } finally {
      s.close();
    }
  });

  it('a cancelled pass keeps what it placed, records the failure, and the next pass finishes the rest', async () => {
    const records = Array.from({ length: 20 }, (_, i) => rec({ t: T0 + i * MIN, ip: '8.8.8.8', at: null }));
    const s = await caseWith(records);
    try {
      const controller = new AbortController();
      // Cancel once the first slice of five is placed.
      const progress = (p: EnrichProgress) => {
        if (p.phase === 'sign-ins' && p.processed === 5) controller.abort();
      };
      expect(() => enrichGeo(s.db, { sliceSize: 5, signal: controller.signal, onProgress: progress })).toThrow(EnrichCancelled);
      expect(pendingSignIns(s.db)).toBe(15);
      expect(s.db.prepare('SELECT status, error FROM geo_runs').get()).toMatchObject({ status: 'failed', error: expect.stringMatching(/cancelled/) });
      expect(enrichGeo(s.db)).toMatchObject({ signIns: 15 });
      expect(pendingSignIns(s.db)).toBe(0);
    } finally {
      s.close();
    }
  });

  it('a newer version of a sign-in that moved is placed again (and only it)', async () => {
    const first = rec({ t: T0, ip: '8.8.8.8', at: null, id: 'b7d2a6f0-0000-4000-8000-00000000000a' });
    const other = rec({ t: T0 + MIN, ip: '8.8.8.8', at: null });
    const s = await caseWith([first, other]);
    try {
      enrichGeo(s.db);
      expect(geoOf(s, first['id'] as string)).toMatchObject({ place: 'Mountain View, US' });
      // Same request id, changed content: the import keeps the newer version (same pk) and the trigger drops its place.
      await addRecords(s, [{ ...first, ipAddress: '77.88.55.242' }]);
      expect(geoOf(s, first['id'] as string)).toBeUndefined();
      expect(pendingSignIns(s.db)).toBe(1);
      expect(enrichGeo(s.db)).toMatchObject({ signIns: 1, addresses: 1 });
      expect(geoOf(s, first['id'] as string)).toMatchObject({ place: 'Moscow, RU' });
    } finally {
      s.close();
    }
  });

  it('another IP database makes the next pass a full one, recorded with its name', async () => {
    const file = path.join(tempDir(), 'GeoLite2-City.mmdb');
    fs.writeFileSync(file, writeMmdb([{ cidr: '8.8.8.0/24', data: { city: { names: { en: 'Testville' } }, country: { iso_code: 'US' }, location: { accuracy_radius: { uint: 20, bytes: 2 }, latitude: 40, longitude: -100 } } }]));
    const s = await caseWith([rec({ t: T0, ip: '8.8.8.8', at: null })]);
    try {
      enrichGeo(s.db);
      const r = enrichGeo(s.db, { database: customIpDatabase(file) });
      expect(r).toMatchObject({ mode: 'full', signIns: 1 });
      expect(s.db.prepare('SELECT city, radius_km, ip_db FROM ip_info').get()).toEqual({ city: 'Testville', radius_km: 20, ip_db: expect.stringMatching(/^custom GeoLite2-City\.mmdb/) });
      expect(s.db.prepare('SELECT place, radius_km FROM signin_geo').get()).toEqual({ place: 'Testville, US', radius_km: 20 });
    } finally {
      s.close();
    }
  });

  it('classifies networks by the curated ASN list, the record’s own ASN first, and follows the analyst’s changes', async () => {
    const droplet = rec({ t: T0, ip: '167.99.228.159', at: null }); // AS14061 DigitalOcean in the ASN data
    const claimed = rec({ t: T0, ip: '8.8.8.8', at: null, asn: 24940 }); // the record says Hetzner
    const google = rec({ t: T0, ip: '8.8.4.4', at: null });
    const s = await caseWith([droplet, claimed, google]);
    try {
      enrichGeo(s.db);
      expect(geoOf(s, droplet['id'] as string)).toMatchObject({ asn: 14061, network_kind: 'hosting' });
      expect(geoOf(s, claimed['id'] as string)).toMatchObject({ asn: 24940, network_kind: 'hosting' });
      expect(geoOf(s, google['id'] as string)).toMatchObject({ asn: 15169, network_kind: null });
      // The analyst un-lists DigitalOcean for this case and lists Google as a VPN.
      setAsnOverrides(s.db, [{ asn: 14061, kind: 'none', note: 'our build servers' }, { asn: 15169, kind: 'vpn', label: 'Google (test)' }]);
      applyAsnKinds(s.db);
      expect(geoOf(s, droplet['id'] as string)!.network_kind).toBeNull();
      expect(geoOf(s, google['id'] as string)!.network_kind).toBe('vpn');
      const entries = asnEntries(s.db);
      expect(entries.find((e) => e.asn === 14061)).toMatchObject({ kind: 'none', origin: 'curated+analyst', note: 'our build servers', source: 'https://www.peeringdb.com/asn/14061' });
      expect(entries.find((e) => e.asn === 15169)).toMatchObject({ kind: 'vpn', origin: 'analyst', source: null });
      // Back to the curated entry.
      setAsnOverrides(s.db, [{ asn: 14061, kind: null }]);
      applyAsnKinds(s.db);
      expect(geoOf(s, droplet['id'] as string)!.network_kind).toBe('hosting');
    } finally {
      s.close();
    }
  });

  it('places the real samples: record coordinates, IPv6 without coordinates, and a managed identity at 0,0 never', async () => {
    const s = CaseSession.open(path.join(tempDir(), 'samples.sightline'));
    try {
      await importFiles(s.db, [
        sample('sentinel-training-lab/sign-in_adelete.csv'),
        sample('ciso-logs-public/SigninLogs.csv'),
        sample('elastic-integrations/test-managed-identity-sample.log.EXCERPT_first2records.log'),
      ]);
      enrichGeo(s.db);
      const bySource = s.db.prepare('SELECT coalesce(source, \'none\') AS source, count(*) AS n FROM signin_geo GROUP BY 1 ORDER BY 1').all();
      expect(bySource).toEqual(expect.arrayContaining([{ source: 'record', n: expect.any(Number) }, { source: 'ipdb', n: expect.any(Number) }, { source: 'none', n: 2 }]));
      // Adele Vance's 56 sign-ins carry their own coordinates.
      expect(s.db.prepare("SELECT DISTINCT g.source, g.place FROM signins s JOIN signin_geo g ON g.signin_pk = s.pk WHERE s.ip = '175.45.176.99'").all()).toEqual([{ source: 'record', place: 'Azor, IL' }]);
      // The IPv6 rows of the 2021 export have empty geoCoordinates: the IP database places them.
      expect(s.db.prepare("SELECT DISTINCT g.source FROM signins s JOIN signin_geo g ON g.signin_pk = s.pk WHERE s.ip LIKE '%:%'").all()).toEqual([{ source: 'ipdb' }]);
      // Managed identities (0,0 and empty strings) are never points.
      expect(s.db.prepare("SELECT count(*) AS n FROM signins s JOIN signin_geo g ON g.signin_pk = s.pk WHERE s.type = 'managedIdentity' AND g.lat IS NOT NULL").get()).toEqual({ n: 0 });
      expect(s.db.prepare('SELECT count(*) AS n FROM signin_geo WHERE lat = 0 AND lon = 0').get()).toEqual({ n: 0 });
    } finally {
      s.close();
    }
  });
});
