// Every filter of the contract's FILTERS list, checked on a real case against an independent
// reading of the same sign-ins in JavaScript; and CLI, REST API and contract agree on counts.
import path from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { FILTERS, type SignIn, type SignInFilter } from '../../../preload/contract';
import { parseFilterParams } from '../../../main/case/filter-params';
import { cidrRange, ipHex } from '../../../main/case/ip';
import { CaseSession } from '../../../main/case/session';
import { exportRows } from '../../../main/report/export';
import { countSignIns, querySignIns } from '../../../main/case/signins';
import { ATTACK_KINDS } from '../../../main/generate/attacks';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { startServer, type RunningServer } from '../../../main/server/server';
import { runSightline, sample } from '../helpers';
import fs from 'node:fs';
import os from 'node:os';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-filters-'));
const casePath = path.join(dir, 'filters.sightline');
let session: CaseSession;
const all: SignIn[] = [];

beforeAll(async () => {
  const out = path.join(dir, 'export');
  generate({ out, users: 40, days: 7, rows: 2500, seed: 5, format: 'portal-csv', attacks: ATTACK_KINDS, end: DEFAULT_END });
  // Graph JSON carries what the portal download lacks (risk levels and risk event types).
  const graph = path.join(dir, 'graph');
  generate({ out: graph, users: 40, days: 7, rows: 600, seed: 6, format: 'graph-json', attacks: ATTACK_KINDS, end: DEFAULT_END });
  session = CaseSession.open(casePath);
  await importFiles(session.db, [out, graph, sample('ciso-logs-public/SigninLogs.csv'), sample('elastic-integrations/test-service-principal-signinlogs-sample.log')]);
  for await (const page of exportRows(session.db, {})) all.push(...page);
}, 120_000);

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lc = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
const has = (v: unknown, part: string) => lc(v).includes(part.toLowerCase());
const inList = (v: unknown, list: string[]) => typeof v === 'string' && list.map(lc).includes(v.toLowerCase());
const f = (s: SignIn) => s as Record<string, unknown> & SignIn;
const isWorkload = (s: SignIn) => s.type === 'servicePrincipal' || s.type === 'managedIdentity';

/** The meaning of each filter, written independently of the SQL. */
const oracle: { [K in keyof SignInFilter]-?: (s: SignIn, v: NonNullable<SignInFilter[K]>) => boolean } = {
  from: (s, v) => s.createdDateTime >= v,
  to: (s, v) => s.createdDateTime < v,
  // Workload sign-ins are found under their service principal's name and id.
  user: (s, v) => has(s.userPrincipalName, v) || has(s.userDisplayName, v) || (isWorkload(s) && (has(f(s)['servicePrincipalName'], v) || has(f(s)['servicePrincipalId'], v))),
  userId: (s, v) => s.userId === v || (isWorkload(s) && !s.userId && f(s)['servicePrincipalId'] === v),
  app: (s, v) => has(s.appDisplayName, v) || s.appId === v,
  resource: (s, v) => has(s.resourceDisplayName, v) || s.resourceId === v,
  status: (s, v) => (v as string[]).includes(s.outcome),
  errorCode: (s, v) => v.includes(s.status?.errorCode ?? NaN),
  failureReason: (s, v) => has(s.status?.failureReason, v),
  ip: (s, v) => {
    const hex = ipHex(s.ipAddress);
    if (!hex) return false;
    const cidr = v.includes('/') ? v : v.endsWith('.') ? `${v}0.0.0`.split('.').slice(0, 4).join('.') + `/${(v.split('.').length - 1) * 8}` : null;
    if (cidr) {
      const r = cidrRange(cidr)!;
      return hex >= r.low && hex <= r.high;
    }
    return hex === ipHex(v);
  },
  country: (s, v) => v.map((c) => c.toUpperCase()).includes(s.location?.countryOrRegion ?? ''),
  state: (s, v) => lc(s.location?.state) === v.toLowerCase(),
  city: (s, v) => lc(s.location?.city) === v.toLowerCase(),
  clientApp: (s, v) => inList(s.clientAppUsed, v),
  os: (s, v) => has(s.deviceDetail?.operatingSystem, v),
  browser: (s, v) => has(s.deviceDetail?.browser, v),
  deviceId: (s, v) => s.deviceDetail?.deviceId === v,
  userAgent: (s, v) => s.userAgent === v,
  compliant: (s, v) => s.deviceDetail?.isCompliant === v,
  managed: (s, v) => s.deviceDetail?.isManaged === v,
  joinType: (s, v) => inList(s.deviceDetail?.trustType, v),
  authRequirement: (s, v) => inList(s.authenticationRequirement, v),
  mfa: (s, v) => has(s.status?.additionalDetails, v),
  caStatus: (s, v) => inList(s.conditionalAccessStatus, v),
  risk: (s, v) => inList(s.riskLevelDuringSignIn, v) || inList(s.riskLevelAggregated, v),
  riskState: (s, v) => inList(s.riskState, v),
  riskEventType: (s, v) => {
    const events = (f(s)['riskEventTypes_v2'] ?? f(s)['riskEventTypes']) as unknown;
    return Array.isArray(events) && events.some((e) => inList(e, v));
  },
  incomingTokenType: (s, v) => inList(f(s)['incomingTokenType'], v),
  authProtocol: (s, v) => inList(f(s)['authenticationProtocol'], v),
  asn: (s, v) => v.includes(f(s)['autonomousSystemNumber'] as number),
  userType: (s, v) => inList(f(s)['userType'], v),
  crossTenant: (s, v) => inList(f(s)['crossTenantAccessType'], v),
  type: (s, v) => (v as string[]).includes(s.type),
  requestId: (s, v) => s.id === v,
  correlationId: (s, v) => s.correlationId === v,
  sessionId: (s, v) => f(s)['sessionId'] === v,
  tenant: (s, v) => v.includes(s.tenantId ?? ''),
  search: () => true, // checked separately below (tokenized full-text)
  tag: () => true, // annotations: test/unit/case/annotations.test.ts
  bookmarked: () => true, // annotations: test/unit/case/annotations.test.ts
  finding: () => true, // needs stored findings: test/unit/detect/store.test.ts
};

/** One realistic value per filter, taken from the data itself. */
function valueFor(key: string): Record<string, string> {
  const pick = <T>(get: (s: SignIn) => T | null | undefined): T | undefined => all.map(get).find((v): v is T => v !== null && v !== undefined && v !== '');
  const s50126 = all.find((s) => s.status?.errorCode === 50126)!;
  const values: Record<string, string | undefined> = {
    from: '2026-10-03', to: '2026-10-05T12:00:00Z', user: s50126.userPrincipalName!.slice(0, 5).toUpperCase(), 'user-id': pick((s) => s.userId),
    app: 'exchange', resource: pick((s) => s.resourceId), status: 'Failure,interrupted', 'error-code': '50126,50053', 'failure-reason': 'password',
    ip: `${s50126.ipAddress!.split('.').slice(0, 2).join('.')}.`, country: 'us,NO', state: pick((s) => s.location?.state), city: pick((s) => s.location?.city),
    'client-app': 'browser,Exchange ActiveSync', os: 'windows', browser: 'edge', 'device-id': pick((s) => s.deviceDetail?.deviceId), 'user-agent': pick((s) => s.userAgent), compliant: 'yes', managed: 'no',
    'join-type': pick((s) => s.deviceDetail?.trustType), 'auth-requirement': 'singleFactorAuthentication', mfa: 'claim', 'ca-status': 'success,notApplied',
    risk: [pick((s) => (s.riskLevelDuringSignIn && s.riskLevelDuringSignIn !== 'none' ? s.riskLevelDuringSignIn : null)), 'HIGH'].join(','), 'risk-state': pick((s) => s.riskState), 'risk-event-type': pick((s) => ((f(s)['riskEventTypes_v2'] as string[] | undefined) ?? [])[0]),
    'incoming-token-type': 'primaryRefreshToken', 'auth-protocol': 'deviceCode,ropc', asn: String(pick((s) => f(s)['autonomousSystemNumber'] as number)),
    'user-type': 'guest', 'cross-tenant': 'none', type: 'servicePrincipal,nonInteractiveUser', 'request-id': s50126.id, 'correlation-id': s50126.correlationId ?? undefined,
    'session-id': pick((s) => f(s)['sessionId'] as string), tenant: pick((s) => s.tenantId) ?? undefined,
  };
  const spec = FILTERS.find((x) => x.key === key)!;
  const v = values[spec.flag];
  return v === undefined ? {} : { [spec.flag]: v };
}

describe('filters on a real case', () => {
  it('the case holds a realistic mix to filter', () => {
    expect(all.length).toBe(2500 + 600 + 54 + 7);
  });

  // search is checked below; tag and bookmarked need annotations (test/unit/case/annotations.test.ts).
  for (const spec of FILTERS.filter((s) => !['search', 'tag', 'bookmarked', 'finding'].includes(s.key))) {
    it(`--${spec.flag} selects exactly the sign-ins it means`, async () => {
      const params = valueFor(spec.key);
      expect(Object.keys(params), `no value for --${spec.flag} in the data`).toHaveLength(1);
      const filter = parseFilterParams(params);
      const value = (filter as Record<string, unknown>)[spec.key];
      const expected = all.filter((s) => (oracle as Record<string, (s: SignIn, v: unknown) => boolean>)[spec.key]!(s, value)).length;
      expect(countSignIns(session.db, filter), JSON.stringify(params)).toBe(expected);
      // Filters that match nothing prove nothing: each one here selects some rows, and not all.
      expect(expected, JSON.stringify(params)).toBeGreaterThan(0);
      if (!['from', 'to'].includes(spec.key)) expect(expected, JSON.stringify(params)).toBeLessThan(all.length);
    });
  }

  it('--user finds a service principal by its name: workload sign-ins have no UPN', () => {
    const spRows = all.filter((s) => f(s)['servicePrincipalName'] === 'Terraform-Datadog-CLI');
    expect(spRows.length).toBeGreaterThan(0);
    expect(countSignIns(session.db, parseFilterParams({ user: 'terraform-datadog' }))).toBe(spRows.length);
  });

  it('filters combine with AND, and rows and total count current sign-ins only', async () => {
    const filter = parseFilterParams({ status: 'failure', 'error-code': '50126', 'client-app': 'Browser' });
    const expected = all.filter((s) => s.outcome === 'failure' && s.status?.errorCode === 50126 && s.clientAppUsed === 'Browser').length;
    const page = await querySignIns(session.db, { filter, limit: 5000, offset: 0, sort: { field: 'createdDateTime', dir: 'desc' } });
    expect(page.total).toBe(expected);
    expect(page.rows).toHaveLength(expected);
    // The ciso sample's 2 superseded versions are not rows.
    expect(countSignIns(session.db, {})).toBe(all.length);
  });

  it('--search finds words anywhere in the text fields, as prefixes, ANDed', async () => {
    const target = all.find((s) => s.userAgent && s.ipAddress)!;
    const word = target.userPrincipalName!.split('@')[0]!;
    const filter = parseFilterParams({ search: `${word.slice(0, 4)} ${target.ipAddress}` });
    const n = countSignIns(session.db, filter);
    const expected = all.filter((s) => [s.userPrincipalName, s.userDisplayName].some((t) => lc(t).includes(word.slice(0, 4).toLowerCase())) && s.ipAddress === target.ipAddress).length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(expected);
    // Query syntax in the search box is just text.
    expect(countSignIns(session.db, parseFilterParams({ search: '" OR NEAR( * AND' }))).toBe(0);
  });

  it('--search finds a request, correlation, session, user or device id by the whole id or its start, in either case', () => {
    const count = (search: string) => countSignIns(session.db, parseFilterParams({ search }));
    const target = all.find((s) => s.correlationId && s.userId)!;
    const byCorrelation = all.filter((s) => s.correlationId === target.correlationId).length;
    expect(count(target.correlationId!)).toBe(byCorrelation);
    expect(count(target.correlationId!.toUpperCase())).toBe(byCorrelation);
    expect(count(target.id)).toBe(1);
    // The first group of 8 hex digits is a prefix search over every id column at once.
    const start = target.id.slice(0, 8);
    const startsWith = all.filter((s) => [s.id, s.correlationId, s.userId, s.deviceDetail?.deviceId].some((v) => v?.toLowerCase().startsWith(start.toLowerCase()))).length;
    expect(count(start)).toBeGreaterThanOrEqual(startsWith);
    expect(count(start)).toBeGreaterThan(0);
    const byUser = all.filter((s) => s.userId === target.userId).length;
    // ANDed with a plain word, and with the user's id.
    expect(count(target.userId!)).toBe(byUser);
    const withIp = all.find((s) => s.userId === target.userId && s.ipAddress)!;
    const both = count(`${target.userId} ${withIp.ipAddress}`);
    expect(both).toBeGreaterThanOrEqual(all.filter((s) => s.userId === target.userId && s.ipAddress === withIp.ipAddress).length);
    expect(both).toBeLessThan(byUser + 1);
    // Too short to be an id start: a plain word, which no longer matches inside ids.
    expect(count(target.correlationId!.slice(0, 5) + 'zz')).toBe(0);
  });

  it('IP filters: CIDR for IPv4 and IPv6, a prefix, and IPv4-mapped IPv6 as IPv4', () => {
    const v6 = all.find((s) => s.ipAddress?.includes(':'))!;
    const v4 = all.find((s) => s.ipAddress && !s.ipAddress.includes(':'))!;
    const count = (ip: string) => countSignIns(session.db, parseFilterParams({ ip }));
    const exact4 = all.filter((s) => s.ipAddress === v4.ipAddress).length;
    expect(count(v4.ipAddress!)).toBe(exact4);
    expect(count(`::ffff:${v4.ipAddress}`)).toBe(exact4);
    expect(count(`${v4.ipAddress}/32`)).toBe(exact4);
    const net48 = v6.ipAddress!.split(':').slice(0, 3).join(':');
    expect(count(`${net48}::/48`)).toBe(all.filter((s) => s.ipAddress?.toLowerCase().startsWith(`${net48.toLowerCase()}:`)).length);
    expect(count(`${net48}:`)).toBe(count(`${net48}::/48`));
    expect(count('0.0.0.0/0')).toBe(all.filter((s) => s.ipAddress && !s.ipAddress.includes(':')).length);
  });

  it('sorts by any sortable field, and pages without overlap', async () => {
    const q = (offset: number) => querySignIns(session.db, { filter: {}, limit: 100, offset, sort: { field: 'userPrincipalName', dir: 'asc' } });
    const [a, b] = [await q(0), await q(100)];
    const ids = new Set([...a.rows, ...b.rows].map((r) => r.id));
    expect(ids.size).toBe(200);
    const upns = a.rows.map((r) => r.userPrincipalName?.toLowerCase() ?? '');
    expect(upns).toEqual([...upns].sort());
  });
});

describe('CLI, REST API and contract agree', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-r-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    server = await startServer({ casePath, rendererDir });
  });
  afterAll(async () => server?.close());

  const cli = (args: string[]) => runSightline(args, dir);

  it.each([
    [{ status: 'failure', 'error-code': '50126,50053' }],
    [{ type: 'nonInteractiveUser', 'client-app': 'Browser' }],
    [{ from: '2026-10-02', to: '2026-10-04', user: 'a' }],
  ])('%j', async (params) => {
    const contract = countSignIns(session.db, parseFilterParams(params));
    const flags = Object.entries(params).flatMap(([k, v]) => [`--${k}`, v]);
    const fromCli = await cli(['query', casePath, ...flags, '--limit', '1', '--json']);
    expect(fromCli.code).toBe(0);
    const rest = await fetch(`${server.url}/api/security/sign-in-logs?${new URLSearchParams({ ...params, limit: '1' })}`, { headers: { authorization: `Bearer ${server.token}` } });
    const fromRest = (await rest.json()) as { total: number; rows: unknown[] };
    expect(JSON.parse(fromCli.stdout).total).toBe(contract);
    expect(fromRest.total).toBe(contract);
    expect(fromRest.rows).toHaveLength(contract > 0 ? 1 : 0);
    expect(contract).toBeGreaterThan(0);
  });

  it('REST: one record by id, the summary, and a CSV export; bad filters are 400', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    const one = all[0]!;
    const detail = (await (await fetch(`${server.url}/api/security/sign-in-logs/${encodeURIComponent(one.id)}`, { headers: auth })).json()) as { signIn: SignIn };
    expect(detail.signIn.id).toBe(one.id);
    const summary = (await (await fetch(`${server.url}/api/security/sign-in-logs/summary?status=failure`, { headers: auth })).json()) as { total: number };
    expect(summary.total).toBe(all.filter((s) => s.outcome === 'failure').length);
    const csv = await fetch(`${server.url}/api/security/sign-in-logs/export`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'csv', status: 'interrupted' }) });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // UTF-8 with a BOM, so Excel reads it as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('"Date (UTC)","Request ID"')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(1 + all.filter((s) => s.outcome === 'interrupted').length);
    const bad = await fetch(`${server.url}/api/security/sign-in-logs?status=nope`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/status takes success/);
    expect((await fetch(`${server.url}/api/security/sign-in-logs?limit=1`)).status).toBe(401);
  });
});
