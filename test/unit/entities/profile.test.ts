// Entity profiles on a generated tenant and real samples, against an independent reading of the
// canonical sign-ins in JavaScript; every number's grid filter selects exactly that many sign-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityProfile, SignIn } from '../../../preload/contract';
import { countSignIns } from '../../../main/case/signins';
import { entityProfile } from '../../../main/entities/profile';
import { runScope } from '../../../main/entities/scope';
import { buildEntityCase, field, upn, type EntityCase } from './fixture';

let c: EntityCase;
beforeAll(async () => {
  c = await buildEntityCase();
}, 120_000);
afterAll(() => c?.close());

const tally = (rows: SignIn[]) => ({
  success: rows.filter((s) => s.outcome === 'success').length,
  failure: rows.filter((s) => s.outcome === 'failure').length,
  interrupted: rows.filter((s) => s.outcome === 'interrupted').length,
  unknown: rows.filter((s) => s.outcome === 'unknown').length,
});
const times = (rows: SignIn[]) => rows.map((s) => s.createdDateTime).sort();

/** Each number in a profile is a link: its filter must select exactly the sign-ins it counts. */
function expectFiltersMatch(p: EntityProfile) {
  expect(countSignIns(c.session.db, p.filter!)).toBe(p.total);
  for (const [status, n] of Object.entries(p.byStatus)) if (n > 0) expect(countSignIns(c.session.db, { ...p.filter!, status: [status as 'success'] }), status).toBe(n);
  for (const g of p.related) {
    for (const it of g.items.slice(0, 8)) {
      if (!it.filter) continue;
      expect(countSignIns(c.session.db, it.filter), `${g.kind} ${it.value}`).toBe(it.total);
      if (it.byStatus.success) expect(countSignIns(c.session.db, { ...it.filter, status: ['success'] })).toBe(it.byStatus.success);
    }
  }
}

describe('user profile', () => {
  it('counts, first and last, types, and the related entities match the records', async () => {
    const victim = c.incidents.find((i) => i.kind === 'new-country')!.users[0]!;
    const mine = c.all.filter((s) => upn(s) === victim);
    const p = await entityProfile(c.session.db, 'user', victim.toUpperCase());
    expect(p.value).toBe(victim);
    expect(p.total).toBe(mine.length);
    expect(p.byStatus).toEqual(tally(mine));
    expect(p.first).toBe(times(mine)[0]);
    expect(p.last).toBe(times(mine).at(-1));
    expect(p.label).toBe(mine[0]!.userDisplayName);
    const types = Object.fromEntries([...new Set(mine.map((s) => s.type))].map((t) => [t, mine.filter((s) => s.type === t).length]));
    expect(p.byType).toEqual(types);
    const ips = p.related.find((g) => g.kind === 'ip')!;
    expect(ips.distinct).toBe(new Set(mine.map((s) => s.ipAddress).filter(Boolean)).size);
    for (const it of ips.items) expect(it.total).toBe(mine.filter((s) => s.ipAddress === it.value).length);
    const apps = p.related.find((g) => g.kind === 'app')!;
    expect(apps.items.reduce((n, it) => n + it.total, 0)).toBe(mine.filter((s) => s.appId || s.appDisplayName).length);
    const uas = p.related.find((g) => g.kind === 'user-agent')!;
    expect(uas.distinct).toBe(new Set(mine.map((s) => s.userAgent).filter(Boolean)).size);
    expect(p.related.map((g) => g.kind)).toEqual(['ip', 'country', 'asn', 'app', 'device', 'user-agent']);
    // Activity over time adds up to the total.
    expect(p.activity.points.reduce((n, pt) => n + pt.success + pt.failure + pt.interrupted + pt.unknown, 0)).toBe(mine.length);
    expectFiltersMatch(p);
  });

  it("the baseline marks the new country after a compromise, with the time it first appeared", async () => {
    const incident = c.incidents.find((i) => i.kind === 'new-country')!;
    const victim = incident.users[0]!;
    const planted = c.all.filter((s) => incident.requestIds.includes(s.id));
    const attackCountry = planted[0]!.location!.countryOrRegion!;
    const p = await entityProfile(c.session.db, 'user', victim);
    const countries = p.related.find((g) => g.kind === 'country')!;
    const newOne = countries.items.find((it) => it.value === attackCountry)!;
    expect(newOne.baseline).toMatchObject({ isNew: true, status: 'rare', firstSuccess: incident.from });
    // The user's own country is normal and not new; only the attack's country is new.
    const home = countries.items.filter((it) => it.value !== attackCountry && it.byStatus.success > 0);
    expect(home.length).toBeGreaterThan(0);
    for (const it of home) expect(it.baseline?.isNew, it.value).toBe(false);
    expect(countries.items.filter((it) => it.baseline?.isNew).map((it) => it.value)).toEqual([attackCountry]);
    const mineOk = c.all.filter((s) => upn(s) === victim && s.outcome === 'success');
    expect(newOne.baseline!.share).toBeCloseTo(mineOk.filter((s) => s.location?.countryOrRegion === attackCountry).length / mineOk.length, 6);
    // The attacker's user agent is new too; the warm-up ended before the compromise.
    const ua = p.related.find((g) => g.kind === 'user-agent')!.items.find((it) => it.value === planted[0]!.userAgent)!;
    expect(ua.baseline?.isNew).toBe(true);
    expect(Date.parse(p.baseline!.warmupEnd!)).toBeLessThan(Date.parse(incident.from));
  });

  it('a user of a real sample: one IP, one country, all normal', async () => {
    const p = await entityProfile(c.session.db, 'user', 'AdeleV@M365x816222.OnMicrosoft.com');
    expect(p.total).toBe(56);
    expect(p.byStatus.success).toBe(53);
    expect(p.related.find((g) => g.kind === 'ip')!.items.map((i) => i.value)).toEqual(['175.45.176.99']);
    const countries = p.related.find((g) => g.kind === 'country')!.items;
    expect(countries).toHaveLength(1);
    expect(countries[0]!.baseline).toMatchObject({ status: 'normal', share: 1, isNew: false });
    expectFiltersMatch(p);
  });
});

describe('IP profile', () => {
  it("an IP's users with success and failure per user; the spray's one success is there", async () => {
    const p = await entityProfile(c.session.db, 'ip', c.spray.ip);
    const rows = c.all.filter((s) => s.ipAddress === c.spray.ip);
    expect(p.total).toBe(rows.length);
    const users = p.related.find((g) => g.kind === 'user')!;
    expect(users.distinct).toBe(25);
    expect(new Set(users.items.map((u) => u.value))).toEqual(new Set(c.spray.users));
    for (const u of users.items) expect(u.byStatus).toEqual(tally(rows.filter((s) => upn(s) === u.value)));
    expect(users.items.find((u) => u.value === c.spray.hit)!.byStatus.success).toBe(1);
    expect(p.related.find((g) => g.kind === 'user-agent')!.items.map((i) => i.value)).toEqual(['fasthttp']);
    expect(p.related.find((g) => g.kind === 'asn')!.items.map((i) => i.value)).toEqual(['20473']);
    expectFiltersMatch(p);
  });

  it('a service principal appears under its own name', async () => {
    const p = await entityProfile(c.session.db, 'ip', '1.128.3.4');
    const users = p.related.find((g) => g.kind === 'user')!.items;
    expect(users).toHaveLength(1);
    // The import writes a workload identity's service principal name as its UPN (lower-cased).
    expect(users[0]).toMatchObject({ value: 'terraform-datadog-cli', label: 'Terraform-Datadog-CLI', entity: { kind: 'user', value: 'terraform-datadog-cli' }, total: 7 });
    expect(countSignIns(c.session.db, users[0]!.filter!)).toBe(7);
    const sp = await entityProfile(c.session.db, 'user', 'Terraform-Datadog-CLI');
    expect(sp).toMatchObject({ total: 7, label: 'Terraform-Datadog-CLI', byType: { servicePrincipal: 7 } });
  });

  it('IPv6 addresses, and a bad IP is refused', async () => {
    const v6 = c.all.find((s) => s.ipAddress?.includes(':'))!;
    const p = await entityProfile(c.session.db, 'ip', v6.ipAddress!.toUpperCase());
    expect(p.total).toBe(c.all.filter((s) => s.ipAddress === v6.ipAddress).length);
    await expect(entityProfile(c.session.db, 'ip', '10.0.0.300')).rejects.toThrow(/not an IP address/);
  });
});

describe('other entities', () => {
  it('ASN, app, device and user agent profiles count what the records say', async () => {
    const sample = c.all.find((s) => s.deviceDetail?.deviceId && field(s, 'autonomousSystemNumber') && s.userAgent && s.appId)!;
    const cases: [Parameters<typeof entityProfile>[1], string, (s: SignIn) => boolean][] = [
      ['asn', `AS${String(field(sample, 'autonomousSystemNumber'))}`, (s) => field(s, 'autonomousSystemNumber') === field(sample, 'autonomousSystemNumber')],
      ['app', sample.appId!, (s) => s.appId === sample.appId || s.appDisplayName === sample.appId],
      ['device', sample.deviceDetail!.deviceId!, (s) => s.deviceDetail?.deviceId === sample.deviceDetail!.deviceId],
      ['user-agent', sample.userAgent!, (s) => s.userAgent === sample.userAgent],
    ];
    for (const [kind, value, match] of cases) {
      const rows = c.all.filter(match);
      const p = await entityProfile(c.session.db, kind, value);
      expect(p.total, kind).toBe(rows.length);
      expect(p.byStatus, kind).toEqual(tally(rows));
      expect(p.related.some((g) => g.kind === kind), kind).toBe(false);
      expect(p.baseline).toBeNull();
      expectFiltersMatch(p);
    }
  });

  it('a workload identity profile (by app id) lists its IPs', async () => {
    const p = await entityProfile(c.session.db, 'app', '6131d760-7fda-4db5-8bb1-b771898e9f15');
    expect(p.byType).toEqual({ servicePrincipal: 7 });
    expect(p.related.find((g) => g.kind === 'ip')!.items.map((i) => i.value)).toEqual(['1.128.3.4']);
    const mi = await entityProfile(c.session.db, 'app', 'b3b975ac-995b-426e-8b5d-363a165df41c');
    expect(mi.related.find((g) => g.kind === 'user')!.items).toMatchObject([{ value: 'testplatformlogslube', label: 'testplatformlogslube', total: 2, filter: { app: 'b3b975ac-995b-426e-8b5d-363a165df41c', user: 'testplatformlogslube' } }]);
    expect(countSignIns(c.session.db, mi.related.find((g) => g.kind === 'user')!.items[0]!.filter!)).toBe(2);
  });

  it('an entity with no sign-ins says so', async () => {
    const p = await entityProfile(c.session.db, 'user-agent', 'no such agent/1.0');
    expect(p.total).toBe(0);
    expect(p.first).toBeNull();
    expect(p.notes.join(' ')).toMatch(/No sign-in/);
  });
});

describe('findings, tags and notes, geo', () => {
  it("lists the entity's findings, tags and notes from the detections and case tables", async () => {
    const db = c.session.db;
    const victim = c.incidents.find((i) => i.kind === 'legacy-auth')!;
    const pk = (db.prepare('SELECT pk FROM signins WHERE id = ?').get(victim.requestIds[0]) as { pk: number }).pk;
    db.prepare(
      `INSERT INTO findings (id, detection, detection_version, severity, title, explanation, users, ips, start_ms, end_ms)
       VALUES ('f-legacy', 'legacy-auth', 1, 'high', 'Legacy authentication succeeded', 'IMAP from OVH', ?, ?, ?, ?)`,
    ).run(JSON.stringify(victim.users), JSON.stringify(victim.ips), Date.parse(victim.from), Date.parse(victim.to));
    db.prepare("INSERT INTO finding_signins (finding_id, signin_pk) VALUES ('f-legacy', ?)").run(pk);
    const note = '<img src=x onerror=alert(1)> seen on the VPN';
    db.prepare("INSERT INTO annotations (target_kind, target, kind, value, analyst, created_at) VALUES ('user', ?, 'tag', 'compromised', 'ana', '2026-10-07T10:00:00.000Z')").run(victim.users[0]);
    db.prepare("INSERT INTO annotations (target_kind, target, kind, value, analyst, created_at) VALUES ('user', ?, 'note', ?, 'ana', '2026-10-07T10:01:00.000Z')").run(victim.users[0], note);
    db.prepare("INSERT INTO annotations (target_kind, target, kind, value, analyst, created_at, removed_at, removed_by) VALUES ('user', ?, 'tag', 'benign', 'ana', '2026-10-07T09:00:00.000Z', '2026-10-07T09:30:00.000Z', 'ana')").run(victim.users[0]);

    const user = await entityProfile(db, 'user', victim.users[0]!);
    expect(user.findings!.map((f) => f.id)).toEqual(['f-legacy']);
    expect(user.findings![0]).toMatchObject({ severity: 'high', triage: 'open', start: victim.from });
    expect(user.annotations).toEqual([
      { kind: 'tag', value: 'compromised', analyst: 'ana', createdAt: '2026-10-07T10:00:00.000Z' },
      { kind: 'note', value: note, analyst: 'ana', createdAt: '2026-10-07T10:01:00.000Z' },
    ]);
    // Reached through the evidence sign-in too: the OVH IP and its user agent.
    expect((await entityProfile(db, 'ip', victim.ips[0]!)).findings!.map((f) => f.id)).toEqual(['f-legacy']);
    expect((await entityProfile(db, 'user-agent', 'BAV2ROPC')).findings!.map((f) => f.id)).toEqual(['f-legacy']);
    expect((await entityProfile(db, 'user', 'adelev@m365x816222.onmicrosoft.com')).findings).toEqual([]);
  });

  it("ASN and country from the geo enrichment where the record has none", async () => {
    const db = c.session.db;
    // The Sentinel lab user's records carry a country but no ASN (like every portal CSV).
    const pks = (db.prepare("SELECT pk FROM signins WHERE user_upn = 'adelev@m365x816222.onmicrosoft.com'").all() as { pk: number }[]).map((r) => r.pk);
    // As the geo enrichment writes them: the address in ip_info, each sign-in in signin_geo.
    db.prepare("INSERT INTO ip_info (ip, ip_class, asn, as_org, country_code, city) VALUES ('175.45.176.99', 'public', 64512, 'Example Transit', 'IL', 'Tel Aviv')").run();
    const insert = db.prepare("INSERT INTO signin_geo (signin_pk, lat, lon, radius_km, source, place, country_code, asn) VALUES (?, 32.08, 34.78, 50, 'ipdb', 'Tel Aviv, IL', 'IL', 64512)");
    for (const pk of pks) insert.run(pk);
    const p = await entityProfile(db, 'asn', '64512');
    expect(p.total).toBe(56);
    expect(p.label).toBe('Example Transit');
    // The grid's ASN filter reads the record's ASN, so these counts are not links.
    expect(p.filter).toBeNull();
    expect(p.related.find((g) => g.kind === 'user')!.items.map((u) => u.value)).toEqual(['adelev@m365x816222.onmicrosoft.com']);
    const user = await entityProfile(db, 'user', 'adelev@m365x816222.onmicrosoft.com');
    const asn = user.related.find((g) => g.kind === 'asn')!.items;
    expect(asn).toMatchObject([{ value: '64512', total: 56, filter: null }]);
    expect(user.notes.join(' ')).toMatch(/offline IP database/);
    // Scope by that ASN finds the user through the address; the grid cannot filter such a match.
    const r = await runScope(db, [{ kind: 'asn', value: 'AS64512' }]);
    expect(r.accounts).toMatchObject([{ user: 'adelev@m365x816222.onmicrosoft.com', successes: 53, matched: [{ kind: 'asn', value: '64512', indicator: '64512', filter: null }] }]);
    expect(r.indicators).toEqual([{ kind: 'asn', value: '64512', signIns: 56, accounts: 1 }]);
    db.prepare('DELETE FROM signin_geo').run();
    db.prepare('DELETE FROM ip_info').run();
  });
});
