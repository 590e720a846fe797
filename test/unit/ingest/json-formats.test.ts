// The JSON samples (SOURCES.md) and the JSON shapes collectors write, through the real pipeline.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { getSignIn } from '../../../main/case/signins';
import { importFiles } from '../../../main/ingest/import';
import { sample, tempDir, tempFile } from '../helpers';

function openCase() {
  return CaseSession.open(path.join(tempDir(), 'case.sightline'));
}
const count = (s: CaseSession, sql = 'SELECT count(*) AS n FROM signins') => (s.db.prepare(sql).get() as { n: number }).n;

const graphSignIn = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  createdDateTime: '2026-10-07T09:40:00.1234567Z',
  userPrincipalName: 'adele@contoso.example',
  appDisplayName: 'Microsoft Teams',
  ipAddress: '203.0.113.7',
  status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
  location: { city: 'Oslo', state: 'Oslo', countryOrRegion: 'NO', geoCoordinates: { latitude: 59.91, longitude: 10.75 } },
  signInEventTypes: ['nonInteractiveUser'],
  ...extra,
});

describe('Graph JSON', () => {
  it('beta doc example: 1 sign-in, last duplicate key wins with a warning naming it, display text normalized', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [sample('graph-docs-examples/beta_signin-list.md.Example1.response.json')]);
    const f = r.files[0]!;
    expect(f).toMatchObject({ status: 'imported', format: 'graph-json', records: 1, inserted: 1 });
    expect(f.warnings.join('\n')).toMatch(/duplicate key "homeTenantId" with different values; the last value was kept/);
    const d = await getSignIn(s.db, '1691d37b-8579-43a7-966a-0f35583c1300');
    expect(d.signIn['homeTenantId']).toMatch(/^99081087-/);
    expect(d.signIn['incomingTokenType']).toBe('primaryRefreshToken');
    expect(d.signIn).toMatchObject({ createdDateTime: '2021-06-30T16:34:32.000Z', outcome: 'failure', status: { errorCode: 50126 } });
    // geoCoordinates {} is no map point.
    expect(d.signIn['geo']).toMatchObject({ plottable: false });
    // The raw record is the file's own text, duplicate keys and all.
    expect(d.raw.match(/"homeTenantId"/g)).toHaveLength(2);
    expect(d.raw).toContain('Primary Refresh Token');
    s.close();
  });

  it('v1.0 doc example: invalid JSON names file, line 64 and column 15, and imports nothing', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [sample('graph-docs-examples/v1.0_signin-list.md.Example1.response.json')]);
    expect(r.files[0]).toMatchObject({ status: 'rejected', records: 0 });
    expect(r.files[0]!.error).toBe("v1.0_signin-list.md.Example1.response.json: invalid JSON at line 64, column 15: unexpected ']' after ','. Nothing was imported.");
    expect(count(s, 'SELECT count(*) AS n FROM evidence')).toBe(0);
    s.close();
  });

  it.each([
    ['a Graph page', (a: object, b: object) => JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value: [a, b] }, null, 2)],
    ['a bare array', (a: object, b: object) => JSON.stringify([a, b])],
    ['concatenated arrays (Extractor Suite appends pages)', (a: object, b: object) => `${JSON.stringify([a], null, 2)}\n${JSON.stringify([b], null, 2)}\n`],
    ['JSON lines', (a: object, b: object) => `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`],
  ])('reads %s', async (_label, shape) => {
    const s = openCase();
    const file = tempFile('SignInLogs-nonInteractiveUser.json', shape(graphSignIn('g-1'), graphSignIn('g-2', { status: { errorCode: 0 } })));
    const r = await importFiles(s.db, [file]);
    expect(r.files[0]).toMatchObject({ status: 'imported', format: 'graph-json', records: 2, inserted: 2, rejectedRows: 0 });
    expect((await getSignIn(s.db, 'g-1')).signIn).toMatchObject({ type: 'nonInteractiveUser', outcome: 'failure', createdDateTime: '2026-10-07T09:40:00.123Z', geo: { plottable: true, latitude: 59.91 } });
    expect((await getSignIn(s.db, 'g-2')).signIn.outcome).toBe('success');
    s.close();
  });

  it('a truncated file is rejected whole with its line, nothing written', async () => {
    const s = openCase();
    const text = JSON.stringify({ value: [graphSignIn('t-1'), graphSignIn('t-2')] }, null, 2);
    const r = await importFiles(s.db, [tempFile('cut.json', text.slice(0, text.length - 40))]);
    expect(r.files[0]!.status).toBe('rejected');
    expect(r.files[0]!.error).toMatch(/^cut\.json: invalid JSON at line \d+, column \d+: the file ends in the middle of a value/);
    expect(count(s)).toBe(0);
    s.close();
  });

  // The tokenizer itself gives no position when the text stops inside a token.
  it.each([
    ['a string', '"userPrincipalName": "ann@cont'],
    ['a literal', '"isInteractive": tr'],
    ['a number', '"errorCode": 500'],
  ])('a file cut inside %s names the line and column where it ends', async (_what, tail) => {
    const s = openCase();
    const text = `[\n  {\n    "id": "c-1",\n    "createdDateTime": "2026-10-07T09:40:00Z",\n    ${tail}`;
    const r = await importFiles(s.db, [tempFile('cut.json', text)]);
    const lastLine = text.split('\n').at(-1)!;
    expect(r.files[0]!.error).toBe(`cut.json: invalid JSON at line 5, column ${lastLine.length + 1}: the file ends in the middle of a value (truncated?). Nothing was imported.`);
    expect(count(s)).toBe(0);
    s.close();
  });

  it('warns that a page with @odata.nextLink is only part of the result', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [tempFile('p.json', JSON.stringify({ '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x', value: [graphSignIn('n-1')] }))]);
    expect(r.files[0]!.warnings.join()).toMatch(/@odata.nextLink/);
    s.close();
  });
});

describe('Azure Monitor diagnostic JSON lines', () => {
  it('service principal sample: 7 sign-ins with type, tenant, string resultType and coordinates', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [sample('elastic-integrations/test-service-principal-signinlogs-sample.log')]);
    expect(r.files[0]).toMatchObject({ status: 'imported', format: 'azure-monitor-jsonl', records: 7, inserted: 7 });
    expect(count(s, "SELECT count(*) AS n FROM signins WHERE type = 'servicePrincipal' AND outcome = 'success' AND latitude IS NOT NULL")).toBe(7);
    s.close();
  });

  it('managed identity sample: 2 sign-ins and no map point for 0,0', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [sample('elastic-integrations/test-managed-identity-sample.log.EXCERPT_first2records.log')]);
    expect(r.files[0]).toMatchObject({ status: 'imported', records: 2, inserted: 2 });
    expect(count(s, "SELECT count(*) AS n FROM signins WHERE type = 'managedIdentity' AND latitude IS NULL AND longitude IS NULL AND ip IS NULL")).toBe(2);
    const id = (s.db.prepare('SELECT id FROM signins LIMIT 1').get() as { id: string }).id;
    expect((await getSignIn(s.db, id)).signIn['geo']).toEqual({ latitude: null, longitude: null, plottable: false, reason: 'coordinates 0,0 (no location)' });
    s.close();
  });
});

describe('Log Analytics JSON', () => {
  it('maps the same columns as the CSV export, dynamic columns as objects or JSON text', async () => {
    const s = openCase();
    const rows = [
      { TimeGenerated: '2026-10-07T09:41:00Z', Id: 'la-1', CreatedDateTime: '2026-10-07T09:40:00.5Z', UserPrincipalName: 'bob@contoso.example', ResultType: '50126', ResultDescription: 'Invalid username or password.', IPAddress: '198.51.100.4', LocationDetails: { city: 'Lyon', countryOrRegion: 'FR', geoCoordinates: { latitude: 45.76, longitude: 4.83 } }, Type: 'SigninLogs', AADTenantId: 'tenant-a' },
      { TimeGenerated: '2026-10-07T09:42:00Z', Id: 'la-2', CreatedDateTime: '2026-10-07T09:40:01Z', UserPrincipalName: 'bob@contoso.example', ResultType: '0', LocationDetails: '{"city":"Lyon","countryOrRegion":"FR"}', Type: 'AADNonInteractiveUserSignInLogs', AADTenantId: 'tenant-a' },
    ];
    const r = await importFiles(s.db, [tempFile('la.json', JSON.stringify(rows))]);
    expect(r.files[0]).toMatchObject({ status: 'imported', format: 'la-json', records: 2, inserted: 2 });
    expect((await getSignIn(s.db, 'la-1')).signIn).toMatchObject({ type: 'interactiveUser', outcome: 'failure', tenantId: 'tenant-a', location: { city: 'Lyon' }, ingestedDateTime: '2026-10-07T09:41:00.000Z' });
    expect((await getSignIn(s.db, 'la-2')).signIn).toMatchObject({ type: 'nonInteractiveUser', outcome: 'success', location: { countryOrRegion: 'FR' } });
    s.close();
  });
});

describe('the same sign-in from two formats', () => {
  it('is one sign-in with merged fields and both provenance links; a source that adds nothing is a duplicate', async () => {
    const s = openCase();
    const header = '"Date (UTC)","Request ID","User","Username","Application","IP address","Location","Status","Sign-in error code","Failure reason","Client app"';
    const row = '"2026-10-07T09:40:00.123Z","m-1","Adele Vance","adele@contoso.example","Microsoft Teams","203.0.113.7","Oslo, Oslo, NO","Failure","50126","Invalid username or password.","Mobile Apps and Desktop clients"';
    const portal = tempFile('NonInteractiveSignIns_2026-10-01_2026-10-08.csv', `${header}\r\n${row}\r\n`);
    const graph = tempFile('graph.json', JSON.stringify({ value: [graphSignIn('m-1', { userAgent: 'Mozilla/5.0 (Windows NT 10.0)' })] }));
    const first = await importFiles(s.db, [portal]);
    expect(first.files[0]).toMatchObject({ format: 'portal-csv', inserted: 1 });
    const second = await importFiles(s.db, [graph]);
    expect(second.files[0]).toMatchObject({ format: 'graph-json', inserted: 0, updated: 1 });
    const d = await getSignIn(s.db, 'm-1');
    // Graph (read later) decides where both have a value; the portal fills what Graph lacks.
    expect(d.signIn).toMatchObject({ userAgent: 'Mozilla/5.0 (Windows NT 10.0)', clientAppUsed: 'Mobile Apps and Desktop clients', userDisplayName: 'Adele Vance', geo: { plottable: true } });
    // The raw record shown is Graph's (the winner); the portal's row, merged in, stays as the earlier version.
    expect(d.provenance.map((p) => [p.format, p.current])).toEqual([['graph-json', true], ['portal-csv', false]]);
    expect(d.versions.map((v) => v.signIn['sourceFormat'])).toEqual(['portal-csv']);
    expect(count(s)).toBe(1);
    // Reading the portal file's twin (same content, another file) adds nothing.
    const again = await importFiles(s.db, [tempFile('NonInteractiveSignIns_copy.csv', `${header}\r\n${row}\r\n`)]);
    expect(again.files[0]).toMatchObject({ inserted: 0, updated: 0, duplicates: 1 });
    s.close();
  });
});
