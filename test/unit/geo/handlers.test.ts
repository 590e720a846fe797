import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { dispatch, type HandlerContext } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { sample, tempDir } from '../helpers';
import { writeMmdb } from './mmdb-writer';
import { AT, caseWith, MIN, rec, T0 } from './records';

function context(session: CaseSession | null): HandlerContext & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  const ctx = createHandlerContext({ mode: 'web', session, emit: (name, payload) => events.push([name, payload]) });
  return Object.assign(ctx, { events });
}

const ok = <T>(r: { ok: boolean; value?: unknown; error?: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
};

describe('geo channels', () => {
  it('an import places its sign-ins, with geo.progress events before case.changed', async () => {
    const ctx = context(null);
    ok(await dispatch('case.open', { path: path.join(tempDir(), 'c.sightline') }, ctx));
    ok(await dispatch('evidence.import', { paths: [sample('sentinel-training-lab/sign-in_adelete.csv')] }, ctx));
    const names = ctx.events.map(([n]) => n);
    expect(names).toContain('geo.progress');
    expect(names.lastIndexOf('geo.progress')).toBeLessThan(names.lastIndexOf('case.changed'));
    expect(ctx.events.filter(([n]) => n === 'geo.progress').at(-1)![1]).toMatchObject({ phase: 'done', finished: true, error: null });
    const status = ok<{ signIns: number; enriched: number; pending: number; located: number; database: { kind: string }; attribution: string }>(await dispatch('geo.status', {}, ctx));
    expect(status).toMatchObject({ signIns: 56, enriched: 56, pending: 0, located: 56, database: { kind: 'bundled' } });
    expect(status.attribution).toMatch(/IP Geolocation by DB-IP/);
    const map = ok<{ locations: { place: string; count: number; success: number; failure: number; topIps: { ip: string }[]; topUsers: { user: string }[] }[]; total: number }>(await dispatch('geo.locations', {}, ctx));
    expect(map.total).toBe(56);
    expect(map.locations).toEqual([expect.objectContaining({ place: 'Azor, IL', count: 56, success: 53, topIps: [expect.objectContaining({ ip: '175.45.176.99', asn: 131279 })] })]);
    ctx.session?.close();
  });

  it('an import whose placing fails still imports, and says why in geo.progress', async () => {
    const ctx = context(null);
    ok(await dispatch('case.open', { path: path.join(tempDir(), 'c.sightline') }, ctx));
    // The analyst's database went missing since it was set.
    ctx.session!.db.prepare("INSERT INTO settings (key, value) VALUES ('geo.mmdb', ?)").run(JSON.stringify(path.join(tempDir(), 'gone.mmdb')));
    const summary = ok<{ totals: { inserted: number } }>(await dispatch('evidence.import', { paths: [sample('sentinel-training-lab/sign-in_adelete.csv')] }, ctx));
    expect(summary.totals.inserted).toBe(56);
    expect(ctx.events.filter(([n]) => n === 'geo.progress').at(-1)![1]).toMatchObject({ finished: true, error: expect.stringMatching(/no IP database at .*gone\.mmdb/) });
    expect(ok<{ databaseError: string | null; pending: number }>(await dispatch('geo.status', {}, ctx))).toMatchObject({ pending: 56, databaseError: expect.stringMatching(/gone\.mmdb/) });
    ctx.session?.close();
  });

  it('map locations follow the filter and aggregate per distinct location', async () => {
    const s = await caseWith([
      rec({ t: T0, ip: '73.42.10.20', at: AT.seattle }),
      rec({ t: T0 + MIN, ip: '73.42.10.21', at: AT.seattle, code: 50126, user: 'bob@contoso.example' }),
      rec({ t: T0 + 2 * MIN, ip: '77.88.55.242', at: AT.moscow }),
      rec({ t: T0 + 3 * MIN, ip: '10.0.0.1', at: AT.berlin }), // private: not on the map
      rec({ t: T0 + 4 * MIN, ip: '', at: null }), // nothing at all
    ]);
    const ctx = context(s);
    try {
      ok(await dispatch('geo.enrich', {}, ctx));
      expect(ctx.events.some(([n]) => n === 'geo.progress')).toBe(true);
      const all = ok<{ locations: { place: string; count: number; success: number; failure: number; distinctIps: number; topUsers: { user: string }[] }[]; located: number; notLocated: number; pending: number; truncated: boolean }>(await dispatch('geo.locations', {}, ctx));
      expect(all).toMatchObject({ located: 3, notLocated: 2, pending: 0, truncated: false });
      expect(all.locations.map((l) => [l.place, l.count, l.success, l.failure, l.distinctIps])).toEqual([
        ['Seattle, US', 2, 1, 1, 2],
        ['Moscow, RU', 1, 1, 0, 1],
      ]);
      expect(all.locations[0]!.topUsers.map((u) => u.user).sort()).toEqual(['alice@contoso.example', 'bob@contoso.example']);
      const failures = ok<{ locations: { place: string }[] }>(await dispatch('geo.locations', { filter: { status: ['failure'] } }, ctx));
      expect(failures.locations.map((l) => l.place)).toEqual(['Seattle, US']);
      const one = ok<{ truncated: boolean; locations: unknown[] }>(await dispatch('geo.locations', { limit: 1 }, ctx));
      expect(one).toMatchObject({ truncated: true, locations: [expect.anything()] });
    } finally {
      s.close();
    }
  });

  it('travel, travellers, trusted lists, the ASN list, settings and lookups', async () => {
    const s = await caseWith([rec({ t: T0, ip: '73.42.10.20', at: AT.seattle }), rec({ t: T0 + 40 * MIN, ip: '167.99.228.159', at: AT.moscow })]);
    const ctx = context(s);
    try {
      const travel = ok<{ legs: { impossible: boolean; path: unknown[] }[]; caveat: string | null; thresholds: object }>(await dispatch('geo.travel', { user: 'alice@contoso.example' }, ctx));
      expect(travel.legs).toHaveLength(1);
      expect(travel.legs[0]!.impossible).toBe(true);
      expect(travel.legs[0]!.path.length).toBeGreaterThan(2);
      expect(travel).toMatchObject({ caveat: null, thresholds: { fastKmh: 250, impossibleKmh: 800, minKm: 500 } });
      expect(ok<{ caveat: string | null }>(await dispatch('geo.travel', { user: 'alice@contoso.example', includeNonInteractive: true }, ctx)).caveat).toMatch(/token/);
      const top = ok<{ travellers: { user: string; impossible: number; fastest: Record<string, unknown> }[] }>(await dispatch('geo.travellers', {}, ctx));
      expect(top.travellers).toMatchObject([{ user: 'alice@contoso.example', impossible: 1 }]);
      expect(top.travellers[0]!.fastest).not.toHaveProperty('path');

      // Trusted lists: validated whole; a bad CIDR changes nothing.
      const bad = await dispatch('geo.trusted.set', { ranges: [{ cidr: '300.1.2.0/24', label: 'typo' }], places: [] }, ctx);
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/300\.1\.2\.0\/24/) } });
      const saved = ok<{ ranges: { cidr: string; label: string }[] }>(await dispatch('geo.trusted.set', { ranges: [{ cidr: '167.99.0.0/16', label: 'Build VPN' }, { cidr: '2001:db8::1', label: 'one host' }], places: [{ label: 'HQ', lat: 47.6, lon: -122.3, radiusKm: 20 }] }, ctx));
      expect(saved.ranges).toMatchObject([{ cidr: '167.99.0.0/16', label: 'Build VPN' }, { cidr: '2001:db8::1/128', label: 'one host' }]);
      expect(ok<{ places: unknown[] }>(await dispatch('geo.trusted.get', {}, ctx)).places).toHaveLength(1);
      const legs = ok<{ legs: { annotations: string[] }[] }>(await dispatch('geo.travel', { user: 'alice@contoso.example' }, ctx)).legs;
      expect(legs[0]!.annotations).toContain('second IP is in the trusted range Build VPN');

      // The ASN list: curated entries with sources, the analyst's changes applied at once.
      const before = ok<{ entries: { asn: number; source: string | null; origin: string }[] }>(await dispatch('geo.asns.get', {}, ctx));
      expect(before.entries.length).toBeGreaterThan(50);
      expect(before.entries.every((e) => e.origin === 'curated' && /^https:\/\/www\.peeringdb\.com\/asn\/\d+$/.test(e.source ?? ''))).toBe(true);
      ok(await dispatch('geo.asns.set', { changes: [{ asn: 14061, kind: 'none', note: 'our CI' }] }, ctx));
      const kind = s.db.prepare("SELECT network_kind FROM signin_geo g JOIN signins s ON s.pk = g.signin_pk WHERE s.ip = '167.99.228.159'").get();
      expect(kind).toEqual({ network_kind: null });
      expect(s.db.prepare("SELECT count(*) AS n FROM audit WHERE action IN ('geo.asns', 'geo.trusted')").get()).toEqual({ n: 2 });

      // Settings: thresholds checked; an unusable .mmdb refused with the reason.
      expect(await dispatch('geo.settings.set', { thresholds: { fastKmh: 900, impossibleKmh: 800, minKm: 500 } }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(await dispatch('geo.settings.set', { mmdb: path.join(tempDir(), 'missing.mmdb') }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/no IP database/) } });
      expect(ok(await dispatch('geo.settings.set', { thresholds: { fastKmh: 200, impossibleKmh: 700, minKm: 300 } }, ctx))).toEqual({ thresholds: { fastKmh: 200, impossibleKmh: 700, minKm: 300 }, mmdb: null });

      const lookup = ok<{ results: { ip: string; trusted: string | null; networkKind: string | null }[] }>(await dispatch('geo.lookup', { ips: ['167.99.228.159', '10.0.0.1'] }, ctx));
      expect(lookup.results).toMatchObject([{ ip: '167.99.228.159', trusted: 'Build VPN', networkKind: null }, { ip: '10.0.0.1', trusted: null }]);
    } finally {
      s.close();
    }
  });

  it('switching to the analyst’s own .mmdb places the case again with it before the map answers', async () => {
    const s = await caseWith([rec({ t: T0, ip: '81.2.69.170', at: null })]);
    const ctx = context(s);
    try {
      expect(ok<{ locations: { place: string }[] }>(await dispatch('geo.locations', {}, ctx)).locations.map((l) => l.place)).toEqual(['London, GB']);
      const file = path.join(tempDir(), 'GeoLite2-City.mmdb');
      fs.writeFileSync(file, writeMmdb([{ cidr: '81.2.69.160/27', data: { city: { names: { en: 'Shoreditch' } }, country: { iso_code: 'GB' }, location: { accuracy_radius: { uint: 5, bytes: 2 }, latitude: 51.5265, longitude: -0.0798 } } }]));
      expect(ok<{ mmdb: string }>(await dispatch('geo.settings.set', { mmdb: file }, ctx)).mmdb).toBe(file);
      expect(ok<{ stale: boolean; database: { kind: string } }>(await dispatch('geo.status', {}, ctx))).toMatchObject({ stale: true, database: { kind: 'custom' } });
      const after = ok<{ locations: { place: string; radiusKm: number }[] }>(await dispatch('geo.locations', {}, ctx));
      expect(after.locations).toMatchObject([{ place: 'Shoreditch, GB', radiusKm: 5 }]);
      expect(ok<{ stale: boolean }>(await dispatch('geo.status', {}, ctx)).stale).toBe(false);
    } finally {
      s.close();
    }
  });

  it('geo.lookup works without a case; other geo channels need one', async () => {
    const ctx = context(null);
    expect(ok<{ results: { countryCode: string }[] }>(await dispatch('geo.lookup', { ips: ['8.8.8.8'] }, ctx)).results[0]!.countryCode).toBe('US');
    expect(await dispatch('geo.locations', {}, ctx)).toMatchObject({ ok: false, error: { code: 'no-case' } });
    expect(await dispatch('geo.cancel', {}, ctx)).toEqual({ ok: true, value: { cancelled: false } });
    expect(await dispatch('geo.lookup', { ips: [] }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
