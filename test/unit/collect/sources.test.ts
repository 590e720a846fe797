// The optional sources into their own tables; the batch import of JSON record texts; a nextLink to
// another host; pages that are not pages.
import { describe, expect, it } from 'vitest';
import { collect } from '../../../main/collect/collector';
import { readPage } from '../../../main/collect/graph';
import { buildFilter, windowUrl } from '../../../main/collect/sources';
import { importRecordTexts } from '../../../main/ingest/import-records';
import { countSignIns, getSignIn } from '../../../main/case/signins';
import { listEvidence } from '../../../main/case/evidence';
import { fakeSignIn } from '../../support/fake-graph';
import { virtualClock } from '../../support/clock';
import { FROM, NOW, fakeGraph, loopbackTransport, openCase, request, tokenSource } from './util';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const audits = Array.from({ length: 12 }, (_, i) => ({
  id: `Directory_${i}`, category: 'UserManagement', activityDisplayName: i % 2 ? 'Add user' : 'Reset password', result: 'success',
  activityDateTime: iso(FROM + i * 6 * 3_600_000), initiatedBy: { user: { userPrincipalName: 'Admin@contoso.onmicrosoft.com' } }, targetResources: [],
}));
const detections = Array.from({ length: 3 }, (_, i) => ({
  id: `det-${i}`, riskEventType: 'unfamiliarFeatures', riskLevel: 'medium', riskState: 'atRisk', userPrincipalName: `user${i}@contoso.onmicrosoft.com`,
  ipAddress: '198.51.100.7', detectedDateTime: iso(FROM + DAY + i * 3_600_000), activityDateTime: iso(FROM + DAY + i * 3_600_000),
}));
const risky = [{ id: 'u-1', userPrincipalName: 'user1@contoso.onmicrosoft.com', riskLevel: 'high', riskState: 'atRisk', riskDetail: 'none', riskLastUpdatedDateTime: iso(FROM) }];

describe('other sources', () => {
  it('directoryAudits, riskDetections and riskyUsers land in their own tables, through the same limiter', async () => {
    const fake = await fakeGraph({ directoryAudits: audits, riskDetections: detections, riskyUsers: risky });
    const c = openCase();
    const run = () => collect(request({ types: ['managedIdentity'], also: ['directoryAudits', 'riskDetections', 'riskyUsers'] }), { db: c.db, tokens: tokenSource(fake), transport: loopbackTransport(fake), clock: virtualClock(NOW) });
    const first = await run();
    expect(first.status).toBe('completed');
    // 4 windows each for managed identities, audits, detections; one for risky users (no time filter).
    expect(first.windows).toBe(13);
    // Three records sit on a midnight shared by two windows: fetched twice, stored once.
    expect(first).toMatchObject({ records: 12 + 3 + 1 + 3, inserted: 16, duplicates: 3 });
    const q = (sql: string) => c.session.db.prepare(sql).all();
    expect(q('SELECT count(*) AS n FROM directory_audits')).toEqual([{ n: 12 }]);
    expect(q("SELECT risk_event, risk_level, user_upn, ip FROM risk_detections WHERE id = 'det-1'")).toEqual([{ risk_event: 'unfamiliarFeatures', risk_level: 'medium', user_upn: 'user1@contoso.onmicrosoft.com', ip: '198.51.100.7' }]);
    expect(q("SELECT initiated_by FROM directory_audits WHERE id = 'Directory_3'")).toEqual([{ initiated_by: 'admin@contoso.onmicrosoft.com' }]);
    expect(q('SELECT user_upn, risk_level FROM risky_users')).toEqual([{ user_upn: 'user1@contoso.onmicrosoft.com', risk_level: 'high' }]);
    const urls = fake.graphRequests.map((r) => new URL(r.url));
    expect(urls.filter((u) => u.pathname === '/v1.0/identityProtection/riskDetections').every((u) => u.searchParams.get('$top') === '500' && u.searchParams.get('$filter')!.startsWith('detectedDateTime ge '))).toBe(true);
    expect(urls.filter((u) => u.pathname === '/v1.0/identityProtection/riskyUsers').every((u) => u.searchParams.get('$filter') === null)).toBe(true);
    expect(urls.filter((u) => u.pathname === '/v1.0/auditLogs/directoryAudits').every((u) => u.searchParams.get('$filter')!.startsWith('activityDateTime ge '))).toBe(true);
    // Pages of every source are kept with their hashes.
    expect(q('SELECT DISTINCT source FROM collect_pages ORDER BY 1')).toEqual([{ source: 'directoryAudits' }, { source: 'riskDetections' }, { source: 'riskyUsers' }, { source: 'signIns' }]);

    // Again: checkpointed windows are skipped; risky users (current state) are fetched again and a change replaces the record.
    risky[0]!.riskState = 'remediated';
    const second = await run();
    expect(second).toMatchObject({ windows: 1, pages: 1, records: 1, updated: 1, inserted: 0 });
    expect(q('SELECT risk_state FROM risky_users')).toEqual([{ risk_state: 'remediated' }]);
    c.close();
  });

  it('a nextLink to another host is not followed with the token; the run fails and says why', async () => {
    const fake = await fakeGraph({ fault: (r) => (r.page === 0 ? { status: 200, body: { '@odata.context': 'x', '@odata.nextLink': 'https://graph.example.com/beta/auditLogs/signIns?$skiptoken=abc', value: [] } } : null) });
    const c = openCase();
    const r = await collect(request({ types: ['interactiveUser'] }), { db: c.db, tokens: tokenSource(fake), transport: loopbackTransport(fake), clock: virtualClock(NOW) });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/nextLink to another host \(graph\.example\.com\)/);
    expect(fake.graphRequests.every((q) => new URL(q.url).host === new URL(fake.url).host)).toBe(true);
    c.close();
  });

  it('a 200 that is not a page fails with a message; an unreadable (truncated) page is fetched again', async () => {
    await expect(readPage(Buffer.from('{"error":{"code":"x"}}'), 'https://g/beta/auditLogs/signIns')).rejects.toThrow(/not a page of results/);
    await expect(readPage(Buffer.from('{"value":[{"id":"a"'), 'https://g/beta/auditLogs/signIns')).rejects.toThrow(/truncated|invalid JSON/);
    expect(await readPage(Buffer.from('{"@odata.context":"c","value":[]}'), 'https://g/x')).toEqual({ records: [], nextLink: null });
    const raw = '{ "id": "a",\n  "createdDateTime": "2026-11-14T01:00:00Z" }';
    expect(await readPage(Buffer.from(`{"@odata.nextLink":"https://g/next","value":[${raw}]}`), 'https://g/x')).toEqual({ records: [raw], nextLink: 'https://g/next' });
  });

  it('query URLs: the base without a version (trailing / tolerated), beta path, $top, ge/le, event type', () => {
    const w = { start: Date.UTC(2026, 10, 14), end: Date.UTC(2026, 10, 15) };
    expect(windowUrl('https://graph.microsoft.com/', { source: 'signIns', eventType: 'servicePrincipal' }, w, { users: [], apps: ['Backup App'] })).toBe(
      'https://graph.microsoft.com/beta/auditLogs/signIns?$filter=' +
        encodeURIComponent("createdDateTime ge 2026-11-14T00:00:00Z and createdDateTime le 2026-11-15T00:00:00Z and signInEventTypes/any(t: t eq 'servicePrincipal') and appDisplayName eq 'Backup App'") +
        '&$top=1000',
    );
    expect(buildFilter({ source: 'riskyUsers', eventType: null }, null, { users: [], apps: [] })).toBeNull();
  });
});

describe('importRecordTexts', () => {
  it('imports JSON record texts as one evidence row through the Graph normalizer and dedupe', async () => {
    const c = openCase();
    const a = JSON.stringify(fakeSignIn(1, FROM, 'interactiveUser'));
    const b = JSON.stringify(fakeSignIn(2, FROM + 1000, 'servicePrincipal'));
    const broken = JSON.stringify({ id: 'x', userPrincipalName: 'u' });
    const evidence = { name: 'texts', path: 'memory', size: 0, sha256: 'a'.repeat(64), format: 'graph-json' as const, source: 'graph' as const };
    const first = await importRecordTexts(c.session.db, evidence, [a, b, broken].map((raw, i) => ({ raw, line: 1, recordIndex: i })));
    expect(first.counts).toMatchObject({ records: 3, inserted: 2, rejectedRows: 1 });
    expect(first.counts.rejected[0]!.reason).toMatch(/not a Graph sign-in/);
    const again = await importRecordTexts(c.session.db, { ...evidence, sha256: 'b'.repeat(64) }, [a, b].map((raw, i) => ({ raw, line: 1, recordIndex: i })));
    expect(again.counts).toMatchObject({ inserted: 0, duplicates: 2 });
    expect((await getSignIn(c.session.db, String(fakeSignIn(2, FROM + 1000, 'servicePrincipal')['id']))).raw).toBe(b);
    expect(listEvidence(c.session.db).map((e) => e.records)).toEqual([3, 2]);
    // Collected sign-ins are in the full-text index like imported ones.
    const upn = String(fakeSignIn(1, FROM, 'interactiveUser')['userPrincipalName']);
    expect(countSignIns(c.session.db, { search: upn.split('@')[0]! })).toBeGreaterThanOrEqual(1);
    // One transaction: a batch that fails leaves nothing.
    await expect(importRecordTexts(c.session.db, { ...evidence, sha256: 'c'.repeat(64) }, [{ raw: '{"id":', line: 1, recordIndex: 0 }])).rejects.toThrow();
    expect(listEvidence(c.session.db)).toHaveLength(2);
    c.close();
  });
});
