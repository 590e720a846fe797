// Scope of a compromise on a generated tenant and real samples: every account that touched any
// indicator, with its counts and what matched, checked against the records read in JavaScript; and
// what an analyst does with it (tag, report, export), each on the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, SignIn } from '../../../preload/contract';
import { cidrRange, ipHex } from '../../../main/case/ip';
import { countSignIns } from '../../../main/case/signins';
import { addScopeToReport, auditedScope, exportScope, indicatorsFromTags, scopeExport, tagScope } from '../../../main/entities/actions';
import { runScope, scopeJson } from '../../../main/entities/scope';
import { buildEntityCase, field, upn, type EntityCase } from './fixture';

let c: EntityCase;
beforeAll(async () => {
  c = await buildEntityCase();
}, 120_000);
afterAll(() => c?.close());

const audit = (action: string) => (c.session.db.prepare('SELECT detail FROM audit WHERE action = ? ORDER BY id').all(action) as { detail: string }[]).map((r) => JSON.parse(r.detail) as Record<string, unknown>);

/** The oracle: accounts (by lower-cased UPN) of the sign-ins a predicate picks, with their counts. */
function expected(match: (s: SignIn) => boolean) {
  const out = new Map<string, { successes: number; failures: number; first: string; last: string }>();
  for (const s of c.all.filter(match)) {
    const key = upn(s) ?? '';
    const a = out.get(key) ?? { successes: 0, failures: 0, first: s.createdDateTime, last: s.createdDateTime };
    if (s.outcome === 'success') a.successes++;
    if (s.outcome === 'failure') a.failures++;
    if (s.createdDateTime < a.first) a.first = s.createdDateTime;
    if (s.createdDateTime > a.last) a.last = s.createdDateTime;
    out.set(key, a);
  }
  return out;
}

describe('scope', () => {
  it('an IP that sprayed 25 accounts lists all 25, with the one success first', async () => {
    const r = await runScope(c.session.db, [{ kind: 'ip', value: c.spray.ip }]);
    expect(r.accounts).toHaveLength(25);
    expect(new Set(r.accounts.map((a) => a.user))).toEqual(new Set(c.spray.users));
    expect(r.accounts[0]).toMatchObject({ user: c.spray.hit, successes: 1, kind: 'user' });
    expect(r.accounts.slice(1).every((a) => a.successes === 0)).toBe(true);
    // Then newest last time first.
    const lasts = r.accounts.slice(1).map((a) => a.last);
    expect(lasts).toEqual([...lasts].sort().reverse());
    const oracle = expected((s) => s.ipAddress === c.spray.ip);
    for (const a of r.accounts) {
      expect(a).toMatchObject(oracle.get(a.user)!);
      expect(a.matched).toEqual([{ kind: 'ip', value: c.spray.ip, indicator: c.spray.ip, filter: { user: a.user, ip: c.spray.ip } }]);
      expect(countSignIns(c.session.db, a.matched[0]!.filter!)).toBe(a.successes + a.failures + a.interrupted);
    }
    expect(r.indicators).toEqual([{ kind: 'ip', value: c.spray.ip, signIns: c.all.filter((s) => s.ipAddress === c.spray.ip).length, accounts: 25 }]);
  });

  it('every account the spray reached, by its three IPs, as a CIDR covering one, and by user agent', async () => {
    const spray = c.incidents.find((i) => i.kind === 'password-spray')!;
    const byIps = await runScope(c.session.db, spray.ips.map((value) => ({ kind: 'ip' as const, value })));
    expect(new Set(byIps.accounts.map((a) => a.user))).toEqual(new Set(spray.users));

    const net = c.spray.ip.split('.').slice(0, 3).join('.') + '.0/24';
    const range = cidrRange(net)!;
    const byCidr = await runScope(c.session.db, [{ kind: 'ip', value: net }]);
    const inNet = (s: SignIn) => {
      const h = ipHex(s.ipAddress);
      return !!h && h >= range.low && h <= range.high;
    };
    expect(new Set(byCidr.accounts.map((a) => a.user))).toEqual(new Set(expected(inNet).keys()));
    expect(byCidr.accounts[0]!.matched[0]).toMatchObject({ kind: 'ip', value: c.spray.ip, indicator: net });

    const byUa = await runScope(c.session.db, [{ kind: 'user-agent', value: 'fasthttp' }]);
    expect(new Set(byUa.accounts.map((a) => a.user))).toEqual(new Set(spray.users));
  });

  it('a sign-in that matches several indicators counts once', async () => {
    const oracle = expected((s) => s.ipAddress === c.spray.ip);
    const r = await runScope(c.session.db, [
      { kind: 'ip', value: c.spray.ip },
      { kind: 'user-agent', value: 'fasthttp' },
      { kind: 'asn', value: 'AS20473' },
      { kind: 'ip', value: c.spray.ip }, // a duplicate is dropped
    ]);
    expect(r.indicators.map((i) => `${i.kind} ${i.value}`)).toEqual([`ip ${c.spray.ip}`, 'user-agent fasthttp', 'asn 20473']);
    const hit = r.accounts.find((a) => a.user === c.spray.hit)!;
    const all = expected((s) => s.ipAddress === c.spray.ip || s.userAgent === 'fasthttp' || field(s, 'autonomousSystemNumber') === 20473).get(c.spray.hit)!;
    expect(hit).toMatchObject(all);
    expect(hit.successes).toBe(oracle.get(c.spray.hit)!.successes);
    expect(hit.matched.map((m) => m.kind).sort()).toEqual(['asn', 'ip', 'user-agent']);
  });

  it('device IDs and session IDs (token replay): the victim, with the replayed session', async () => {
    const replay = c.incidents.find((i) => i.kind === 'token-replay')!;
    const planted = c.all.filter((s) => replay.requestIds.includes(s.id));
    const session = field(planted[0]!, 'sessionId') as string;
    const device = planted.find((s) => s.deviceDetail?.deviceId)!.deviceDetail!.deviceId!;
    const r = await runScope(c.session.db, [
      { kind: 'session-id', value: session.toUpperCase() },
      { kind: 'device-id', value: `{${device}}` },
    ]);
    const oracle = expected((s) => field(s, 'sessionId') === session || s.deviceDetail?.deviceId === device);
    expect(new Set(r.accounts.map((a) => a.user))).toEqual(new Set(oracle.keys()));
    expect(r.accounts.map((a) => a.user)).toContain(replay.users[0]);
    for (const a of r.accounts) expect(a).toMatchObject(oracle.get(a.user)!);
    expect(r.indicators.map((i) => i.value)).toEqual([session.toUpperCase(), device]);
  });

  it('IPv6 CIDR blocks, and a service principal under its name', async () => {
    const v6 = c.all.filter((s) => s.ipAddress?.includes(':'));
    const net = v6[0]!.ipAddress!.split(':').slice(0, 4).join(':') + '::/64';
    const r6 = await runScope(c.session.db, [{ kind: 'ip', value: net }]);
    expect(r6.accounts.map((a) => a.user)).toEqual(['trevor@makutu.io']);
    expect(r6.accounts[0]!.successes).toBe(v6.filter((s) => s.ipAddress!.startsWith(net.slice(0, -4))).length);

    const sp = await runScope(c.session.db, [{ kind: 'ip', value: '1.128.3.4' }]);
    expect(sp.accounts).toMatchObject([{ user: 'terraform-datadog-cli', label: 'Terraform-Datadog-CLI', kind: 'servicePrincipal', successes: 7, entity: { kind: 'user', value: 'terraform-datadog-cli' } }]);
  });

  it('a case imported before workload sign-ins carried their name as the UPN still names them', async () => {
    const db = c.session.db;
    const saved = db.prepare("SELECT pk, user_upn, user_display, user_id FROM signins WHERE type = 'servicePrincipal' AND ip = '1.128.3.4'").all() as { pk: number; user_upn: string; user_display: string; user_id: string }[];
    db.prepare("UPDATE signins SET user_upn = NULL, user_display = NULL, user_id = NULL WHERE type = 'servicePrincipal' AND ip = '1.128.3.4'").run();
    try {
      const r = await runScope(db, [{ kind: 'ip', value: '1.128.3.4' }]);
      expect(r.accounts).toMatchObject([{ user: 'Terraform-Datadog-CLI', kind: 'servicePrincipal', successes: 7, entity: { kind: 'app', value: '6131d760-7fda-4db5-8bb1-b771898e9f15' } }]);
    } finally {
      const restore = db.prepare('UPDATE signins SET user_upn = ?, user_display = ?, user_id = ? WHERE pk = ?');
      for (const r of saved) restore.run(r.user_upn, r.user_display, r.user_id, r.pk);
    }
  });

  it('refuses a bad indicator with a clear message', async () => {
    await expect(runScope(c.session.db, [{ kind: 'ip', value: '45.155.205.0/33' }])).rejects.toThrow(/not a CIDR block/);
    await expect(runScope(c.session.db, [{ kind: 'asn', value: 'ASX' }])).rejects.toThrow(/not an AS number/);
  });
});

describe('actions on a scope', () => {
  const indicators: Indicator[] = [
    { kind: 'ip', value: '1.128.3.4' },
    { kind: 'ip', value: '175.45.176.0/24' },
  ];

  it('is recorded on the audit trail', async () => {
    await auditedScope(c.session.db, indicators, 'test');
    expect(audit('scope').at(-1)).toMatchObject({ via: 'test', accounts: 2, indicators: [{ kind: 'ip', value: '1.128.3.4' }, { kind: 'ip', value: '175.45.176.0/24' }] });
  });

  it('tags the matched accounts and IPs once, and tagged IPs come back as indicators', async () => {
    expect(indicatorsFromTags(c.session.db)).toEqual([]);
    expect(await tagScope(c.session.db, indicators, 'compromised')).toEqual({ accounts: 1, ips: 2 });
    expect(await tagScope(c.session.db, indicators, 'compromised')).toEqual({ accounts: 0, ips: 0 });
    const tags = c.session.db.prepare("SELECT target_kind, target, value FROM annotations WHERE kind = 'tag' AND removed_at IS NULL ORDER BY target_kind, target").all();
    expect(tags).toEqual([
      { target_kind: 'ip', target: '1.128.3.4', value: 'attacker-infrastructure' },
      { target_kind: 'ip', target: '175.45.176.99', value: 'attacker-infrastructure' },
      { target_kind: 'user', target: 'adelev@m365x816222.onmicrosoft.com', value: 'compromised' },
    ]);
    expect(indicatorsFromTags(c.session.db)).toEqual([
      { kind: 'ip', value: '1.128.3.4' },
      { kind: 'ip', value: '175.45.176.99' },
    ]);
    // Tagged through the annotations module: audited like any tagging, the tag normalised.
    expect(audit('annotate').slice(-2)).toMatchObject([
      { op: 'add', kind: 'tag', targetKind: 'user', value: 'compromised' },
      { op: 'add', kind: 'tag', targetKind: 'ip', value: 'attacker-infrastructure' },
    ]);
  });

  it('adds the result to the report under report.scope', async () => {
    expect(await addScopeToReport(c.session.db, indicators)).toEqual({ key: 'report.scope', accounts: 2 });
    const stored = JSON.parse((c.session.db.prepare("SELECT value FROM settings WHERE key = 'report.scope'").get() as { value: string }).value);
    expect(stored).toMatchObject({ version: 1, accounts: [{ user: 'adelev@m365x816222.onmicrosoft.com', successes: 53 }, { user: 'terraform-datadog-cli', successes: 7 }] });
    expect(stored.accounts[0].matched).toEqual([{ kind: 'ip', value: '175.45.176.99', indicator: '175.45.176.0/24' }]);
    expect(typeof stored.analyst).toBe('string');
  });

  it('exports indicators and matches as CSV and JSON, neutralising formula-like cells', async () => {
    const withNothing: Indicator[] = [...indicators, { kind: 'user-agent', value: '=HYPERLINK("http://x")' }];
    const csv = await exportScope(c.session.db, withNothing, 'csv');
    expect(csv.name).toMatch(/^scope-.*\.csv$/);
    const lines = csv.content.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"indicator_kind","indicator","matched_kind","matched_value","user","account_kind","successes","failures","interrupted","first","last"');
    const adele = lines.find((l) => l.includes('adelev'))!;
    expect(adele.startsWith('"ip","175.45.176.0/24","ip","175.45.176.99","adelev@m365x816222.onmicrosoft.com","user","53","3","0",')).toBe(true);
    // The indicator that matched nothing keeps its row (a blocking list needs it), neutralised.
    expect(lines.at(-1)).toBe(`"user-agent","'=HYPERLINK(""http://x"")","","","","","","","","",""`);
    const json = await exportScope(c.session.db, indicators, 'json');
    const parsed = JSON.parse(json.content);
    expect(parsed.accounts.map((a: { user: string }) => a.user)).toEqual(['adelev@m365x816222.onmicrosoft.com', 'terraform-datadog-cli']);
    expect(parsed.indicators).toHaveLength(2);
    expect(audit('export').at(-1)).toMatchObject({ what: 'scope', format: 'json', accounts: 2 });
  });

  it('scopeJson and scopeExport carry the issue\'s fields', async () => {
    const r = await runScope(c.session.db, indicators);
    const j = scopeJson(r);
    expect(Object.keys(j.accounts[0]!)).toEqual(['user', 'kind', 'successes', 'failures', 'interrupted', 'first', 'last', 'matched']);
    expect(JSON.parse(scopeExport(r, 'json').content).at).toBe(r.at);
  });
});
