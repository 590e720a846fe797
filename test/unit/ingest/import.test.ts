// The import slice against the real samples (counts from ../shared/samples/SOURCES.md) and small
// fixtures for the failure paths: a rejected file never leaves rows behind.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { getSignIn } from '../../../main/case/signins';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { sample, tempDir, tempFile } from '../helpers';

function openCase() {
  return CaseSession.open(path.join(tempDir(), 'case.sightline'));
}

function tableCounts(s: CaseSession) {
  return s.db
    .prepare('SELECT (SELECT count(*) FROM signins) AS signins, (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM signin_versions) AS versions, (SELECT count(*) FROM signin_sources) AS sources')
    .get() as { signins: number; evidence: number; versions: number; sources: number };
}

const HEADER = 'Id,CreatedDateTime [UTC],UserPrincipalName,AppDisplayName,IPAddress,ResultType,ResultDescription,Type';

describe('import of the real Log Analytics samples', () => {
  it('training lab: 56 sign-ins, BOM + CRLF + multi-line JSON cells, _dynamic columns mapped', async () => {
    const s = openCase();
    const progress: number[] = [];
    const summary = await importFiles(s.db, [sample('sentinel-training-lab/sign-in_adelete.csv')], { onProgress: (p) => progress.push(p.records), progressEveryMs: 0 });
    expect(summary.totals).toEqual({ records: 56, inserted: 56, updated: 0, duplicates: 0, rejectedRows: 0, rejectedFiles: 0 });
    const file = summary.files[0]!;
    expect(file).toMatchObject({ status: 'imported', format: 'la-csv', error: null, sha256: '290764c77138541a8d053a68f8899cc442c0094988e5653dcb725305b46ce37f' });
    expect(progress.at(-1)).toBe(56);

    const d = await getSignIn(s.db, '3b50929d-3d7e-420d-a2bf-cf8189a36c01');
    expect(d.signIn).toMatchObject({
      createdDateTime: '2021-04-28T15:19:08.373Z',
      type: 'interactiveUser',
      outcome: 'success',
      userPrincipalName: 'adelev@m365x816222.onmicrosoft.com',
      ipAddress: '175.45.176.99',
      location: { city: 'Azor', state: 'Tel Aviv', countryOrRegion: 'IL' },
    });
    // X_dynamic became X, parsed from its JSON text; the empty X_string half is gone.
    expect(d.signIn['deviceDetail']).toEqual(expect.objectContaining({ browser: expect.any(String) }));
    expect(Object.keys(d.signIn).some((k) => k.endsWith('_string') || k.endsWith('_dynamic'))).toBe(false);
    expect(Array.isArray(d.signIn['authenticationDetails'])).toBe(true);
    // The raw record is the source row verbatim (the US-style date text included).
    expect(JSON.parse(d.raw)['CreatedDateTime [UTC]']).toMatch(/^4\/28\/2021, 3:19:08\.373 PM$/);
    expect(d.provenance).toHaveLength(1);
    expect(d.provenance[0]!.line).toBeGreaterThan(1);
    s.close();
  });

  it('training lab: the error codes keep their outcomes (0 success, 16000 and 50058 failure)', async () => {
    const s = openCase();
    await importFiles(s.db, [sample('sentinel-training-lab/sign-in_adelete.csv')]);
    const byCode = s.db.prepare('SELECT error_code AS code, outcome, count(*) AS n FROM signins GROUP BY 1, 2 ORDER BY 1').all();
    expect(byCode).toEqual([
      { code: 0, outcome: 'success', n: 53 },
      { code: 16000, outcome: 'failure', n: 2 },
      { code: 50058, outcome: 'failure', n: 1 },
    ]);
    s.close();
  });

  it('ciso SigninLogs.csv (UTF-16 BE): 57 = 54 inserted + 2 updated + 1 duplicate; superseded versions kept', async () => {
    const s = openCase();
    const summary = await importFiles(s.db, [sample('ciso-logs-public/SigninLogs.csv')]);
    expect(summary.files[0]).toMatchObject({ records: 57, inserted: 54, updated: 2, duplicates: 1, rejectedRows: 0, status: 'imported' });
    expect(tableCounts(s)).toMatchObject({ signins: 54, versions: 2, evidence: 1 });
    // The tie on TimeGenerated is broken by file order: the later row is current.
    const lines = s.db
      .prepare('SELECT x.id, v.src_line AS oldLine, x.src_line AS currentLine FROM signins x JOIN signin_versions v ON v.id = x.id')
      .all() as { id: string; oldLine: number; currentLine: number }[];
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.currentLine).toBeGreaterThan(l.oldLine);
    const detail = await getSignIn(s.db, lines[0]!.id);
    expect(detail.provenance.map((p) => [p.line, p.current])).toEqual([[lines[0]!.currentLine, true], [lines[0]!.oldLine, false]]);
    expect(detail.versions).toHaveLength(1);
    // The two versions differ only in AuthenticationDetails (SOURCES.md).
    expect(detail.versions[0]!.signIn['authenticationDetails']).not.toEqual(detail.signIn['authenticationDetails']);
    // IPv6 rows without geo stay without coordinates.
    const noGeo = s.db.prepare("SELECT count(*) AS n FROM signins WHERE ip LIKE '%:%' AND latitude IS NULL").get() as { n: number };
    expect(noGeo.n).toBe(3);
    s.close();
  });

  it('ciso query_data.csv: 98 sign-ins, 4 exact duplicates dropped', async () => {
    const s = openCase();
    const summary = await importFiles(s.db, [sample('ciso-logs-public/query_data.csv')]);
    expect(summary.files[0]).toMatchObject({ records: 102, inserted: 98, updated: 0, duplicates: 4, rejectedRows: 0 });
    expect(tableCounts(s).signins).toBe(98);
    s.close();
  });

  it('refuses the aggregated query result and writes nothing', async () => {
    const s = openCase();
    const summary = await importFiles(s.db, [sample('sentinel-training-lab/signinLogs.csv')]);
    expect(summary.files[0]).toMatchObject({ status: 'rejected', records: 0, inserted: 0 });
    expect(summary.files[0]!.error).toMatch(/signinLogs\.csv is a Log Analytics query result, not a sign-in log export/);
    expect(summary.totals.rejectedFiles).toBe(1);
    expect(tableCounts(s)).toEqual({ signins: 0, evidence: 0, versions: 0, sources: 0 });
    s.close();
  });

  it('re-importing a file adds nothing: every record a duplicate, one evidence row, the sighting audited', async () => {
    const s = openCase();
    const file = sample('sentinel-training-lab/sign-in_adelete.csv');
    await importFiles(s.db, [file]);
    const again = await importFiles(s.db, [file]);
    expect(again.files[0]).toMatchObject({ status: 'imported', records: 56, inserted: 0, duplicates: 56 });
    // Each sign-in's own record is its provenance; re-reading the same records adds no sightings.
    expect(tableCounts(s)).toMatchObject({ signins: 56, evidence: 1, sources: 0 });
    const actions = s.db.prepare('SELECT action FROM audit ORDER BY id').all().map((r) => (r as { action: string }).action);
    expect(actions).toEqual(['evidence.import', 'evidence.seen-again']);
    s.close();
  });

  it('does not modify the evidence file', async () => {
    const file = sample('ciso-logs-public/SigninLogs.csv');
    const before = fs.statSync(file);
    const s = openCase();
    await importFiles(s.db, [file]);
    const after = fs.statSync(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.size).toBe(before.size);
    s.close();
  });
});

describe('bad input', () => {
  it('says when a row with a lost closing quote swallowed the lines after it', async () => {
    const s = openCase();
    const row = (id: string, quoteClosed = true) => `"4/28/2021, 2:10:00.000 PM",${id},"4/28/2021, 2:08:45.221 PM${quoteClosed ? '"' : ''},a@x.example,0,198.51.100.9,SigninLogs`;
    const file = tempFile('la.csv', ['TimeGenerated [UTC],Id,CreatedDateTime [UTC],UserPrincipalName,ResultType,IPAddress,Type', row('q-1'), row('q-2', false), row('q-3'), row('q-4')].join('\n'));
    const summary = await importFiles(s.db, [file]);
    expect(summary.files[0]).toMatchObject({ status: 'imported', records: 3, inserted: 2, rejectedRows: 1 });
    expect(summary.files[0]!.rejected).toEqual([{ line: 3, reason: 'expected 7 columns, found 9 (the record runs over lines 3-4: a quote may be unbalanced, so those lines were read as one row)' }]);
    s.close();
  });

  it('lists single bad rows with their line and reason, and imports the rest', async () => {
    const s = openCase();
    const csv = [
      HEADER,
      'a1,"4/28/2021, 2:08:45.221 PM",u@x.com,App,1.2.3.4,0,,SigninLogs',
      'a2,not a date,u@x.com,App,1.2.3.4,0,,SigninLogs',
      'a3,"4/28/2021, 2:09:45.221 PM",u@x.com,App',
      'a4,"4/28/2021, 2:10:45.221 PM",u@x.com,App,1.2.3.4,50126,Invalid username or password,SigninLogs',
    ].join('\r\n');
    const summary = await importFiles(s.db, [tempFile('rows.csv', csv)]);
    expect(summary.files[0]).toMatchObject({ status: 'imported', records: 4, inserted: 2, rejectedRows: 2 });
    expect(summary.files[0]!.rejected).toEqual([
      { line: 3, reason: 'unparseable date "not a date"' },
      { line: 4, reason: 'expected 8 columns, found 4' },
    ]);
    expect((await getSignIn(s.db, 'a4')).signIn).toMatchObject({ outcome: 'failure', status: { errorCode: 50126, failureReason: 'Invalid username or password' } });
    s.close();
  });

  it.each([
    ['empty.csv', '', /empty/],
    ['garbage.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x33]), /binary/],
    ['header-only.csv', HEADER + '\r\n', /no sign-in rows/],
    ['other.csv', 'Name,Amount\r\nx,1\r\n', /unrecognised CSV header/],
    ['InteractiveSignIns_AuthDetails_2025-01-01.csv', 'x', /authentication steps, not sign-ins/],
    ['invalid-utf8.csv', Buffer.concat([Buffer.from(HEADER + '\n'), Buffer.from([0x61, 0x31, 0x2c, 0xc3, 0x28, 0x0a])]), /not valid utf-8/],
  ])('rejects %s whole, naming the file, with nothing written', async (name, content, reason) => {
    const s = openCase();
    const summary = await importFiles(s.db, [tempFile(name, content)]);
    const file = summary.files[0]!;
    expect(file.status).toBe('rejected');
    expect(file.error).toMatch(reason);
    expect(file.error).toContain(name);
    expect(tableCounts(s)).toEqual({ signins: 0, evidence: 0, versions: 0, sources: 0 });
    s.close();
  });

  it('a missing path is rejected, and the other files still import', async () => {
    const s = openCase();
    const summary = await importFiles(s.db, ['/nonexistent/x.csv', sample('sentinel-training-lab/sign-in_adelete.csv')]);
    expect(summary.files.map((f) => f.status)).toEqual(['rejected', 'imported']);
    expect(summary.totals).toMatchObject({ rejectedFiles: 1, inserted: 56 });
    s.close();
  });

  it('a file rejected after some of its rows were written takes only itself back: the files around it, their users and search text stay', async () => {
    const record = (n: number, user: string) => ({
      id: `${String(n).padStart(8, '0')}-1111-2222-3333-444444444444`,
      createdDateTime: new Date(Date.UTC(2026, 9, 1) + n * 60_000).toISOString(),
      userPrincipalName: user,
      userDisplayName: user.split('@')[0],
      appDisplayName: 'Office 365 Exchange Online',
      ipAddress: `203.0.113.${n % 250}`,
      status: { errorCode: 0 },
      signInEventTypes: ['interactiveUser'],
    });
    const before = tempFile('a.json', JSON.stringify({ value: [record(1, 'ann@contoso.com')] }));
    // A first batch of records is written before the cut is reached: then the file is rejected whole.
    const written = Array.from({ length: 700 }, (_, i) => record(100 + i, i === 0 ? 'bob@contoso.com' : 'cy@contoso.com'));
    const truncated = tempFile('b.json', JSON.stringify({ value: written }).slice(0, -3));
    const after = tempFile('c.json', JSON.stringify({ value: [record(4, 'bob@contoso.com')] }));
    const s = openCase();
    const summary = await importFiles(s.db, [before, truncated, after]);
    expect(summary.files.map((f) => f.status)).toEqual(['imported', 'rejected', 'imported']);
    expect(summary.files[1]!.error).toContain('b.json');
    expect(tableCounts(s)).toEqual({ signins: 2, evidence: 2, versions: 0, sources: 0 });
    // bob's user row was written by the rejected file and rolled back with it: the last file writes it again.
    expect(s.db.prepare('SELECT upn FROM users ORDER BY upn').pluck().all()).toEqual(['ann@contoso.com', 'bob@contoso.com']);
    const indexed = s.db.prepare('SELECT rowid FROM signins_fts ORDER BY rowid').pluck().all();
    expect(indexed).toEqual(s.db.prepare('SELECT pk FROM signins ORDER BY pk').pluck().all());
    expect(s.db.prepare("SELECT count(*) FROM signins_fts WHERE signins_fts MATCH 'bob'").pluck().get()).toBe(1);
    // The search index gathers 16 MB before writing a segment (the default 1 MB made large imports merge endlessly).
    expect(s.db.prepare("SELECT v FROM signins_fts_config WHERE k = 'hashsize'").pluck().get()).toBe(16 * 1024 * 1024);
    // The refused file leaves one line in the audit trail, saying what was offered and why it was refused.
    expect(s.db.prepare("SELECT action FROM audit WHERE action LIKE 'evidence.%' ORDER BY id").pluck().all()).toEqual(['evidence.import', 'evidence.rejected', 'evidence.import']);
    const refused = JSON.parse(s.db.prepare("SELECT detail FROM audit WHERE action = 'evidence.rejected'").pluck().get() as string) as Record<string, unknown>;
    expect(refused).toEqual({ file: truncated, sha256: summary.files[1]!.sha256, format: 'graph-json', reason: summary.files[1]!.error });
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    s.close();
  });

  it('progress names each step after the files: indexes, search text, saving', async () => {
    const s = openCase();
    const phases: (string | undefined)[] = [];
    await importFiles(s.db, [sample('sentinel-training-lab/sign-in_adelete.csv'), sample('ciso-logs-public/query_data.csv')], { progressEveryMs: 0, onProgress: (p) => phases.push(p.phase) });
    expect(phases.filter((p, i) => p !== phases[i - 1])).toEqual(['reading', 'indexes', 'search', 'saving']);
    s.close();
  });

  it('walks folders in name order', async () => {
    const dir = tempDir();
    fs.copyFileSync(sample('sentinel-training-lab/sign-in_adelete.csv'), path.join(dir, 'b.csv'));
    fs.copyFileSync(sample('ciso-logs-public/query_data.csv'), path.join(dir, 'a.csv'));
    const s = openCase();
    const summary = await importFiles(s.db, [dir]);
    expect(summary.files.map((f) => path.basename(f.path))).toEqual(['a.csv', 'b.csv']);
    expect(summary.totals.inserted).toBe(98 + 56);
    s.close();
  });
});

describe('the evidence hash', () => {
  const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const evidenceHashes = (s: CaseSession) => s.db.prepare('SELECT sha256 FROM evidence ORDER BY id').pluck().all() as string[];

  it('is the SHA-256 of the file, and a file of the same size but other bytes is other evidence', async () => {
    const s = openCase();
    const file = sample('sentinel-training-lab/sign-in_adelete.csv');
    const first = await importFiles(s.db, [file]);
    expect(first.files[0]!.sha256).toBe(sha256(file));
    // Same size, one byte different (a digit of a request id): hashed before reading, and not the first file.
    const text = fs.readFileSync(file, 'latin1');
    const at = text.indexOf('3b50929d');
    const twin = tempFile('twin.csv', Buffer.from(text.slice(0, at) + '4' + text.slice(at + 1), 'latin1'));
    expect(fs.statSync(twin).size).toBe(fs.statSync(file).size);
    const second = await importFiles(s.db, [twin, file]);
    expect(second.files.map((f) => [f.sha256, f.inserted, f.duplicates])).toEqual([
      [sha256(twin), 1, 55],
      [sha256(file), 0, 56],
    ]);
    expect(evidenceHashes(s)).toEqual([sha256(file), sha256(twin)]);
    s.close();
  });

  it('names a rejected file by its hash too, and keeps no evidence row for it', async () => {
    const s = openCase();
    const file = tempFile('other.csv', 'Name,Amount\r\nx,1\r\n');
    const summary = await importFiles(s.db, [file]);
    expect(summary.files[0]).toMatchObject({ status: 'rejected', sha256: sha256(file) });
    expect(evidenceHashes(s)).toEqual([]);
    s.close();
  });

  it('a file that grows while it is read is rejected whole', async () => {
    const dir = tempDir();
    generate({ out: dir, users: 30, days: 5, rows: 20000, seed: 3, format: 'portal-csv', attacks: [], end: DEFAULT_END });
    const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => path.basename(f).startsWith('NonInteractive'))!;
    const tail = fs.readFileSync(file, 'utf8').split('\n').slice(1, 200).join('\n');
    const s = openCase();
    let grown = false;
    const summary = await importFiles(s.db, [file], {
      progressEveryMs: 0,
      onProgress: () => {
        if (grown) return;
        grown = true;
        fs.appendFileSync(file, tail + '\n');
      },
    });
    expect(grown).toBe(true);
    expect(summary.files[0]).toMatchObject({ status: 'rejected', inserted: 0 });
    expect(summary.files[0]!.error).toMatch(/changed while it was being read/);
    expect(tableCounts(s)).toEqual({ signins: 0, evidence: 0, versions: 0, sources: 0 });
    s.close();
  });
});

describe('the format', () => {
  it('refuses a file read as the wrong format whole, saying so, instead of keeping an evidence of 0 sign-ins', async () => {
    const s = openCase();
    const summary = await importFiles(s.db, [sample('ciso-logs-public/query_data.csv')], { format: 'portal-csv' });
    expect(summary.files[0]).toMatchObject({ status: 'rejected', records: 0, inserted: 0 });
    expect(summary.files[0]!.error).toMatch(/query_data\.csv is not an Entra admin center CSV: its header has no "Date \(UTC\)" first and "Request ID" columns/);
    expect(tableCounts(s)).toEqual({ signins: 0, evidence: 0, versions: 0, sources: 0 });
    s.close();
  });

  it('refuses a file none of whose records is a readable sign-in, naming the first reason', async () => {
    const s = openCase();
    const file = tempFile('lab.csv', `${HEADER}\r\nid-1,yesterday,a@contoso.com,App,10.0.0.1,0,,SigninLogs\r\nid-2,tomorrow,b@contoso.com,App,10.0.0.2,0,,SigninLogs\r\n`);
    const summary = await importFiles(s.db, [file]);
    expect(summary.files[0]!.status).toBe('rejected');
    expect(summary.files[0]!.error).toBe('lab.csv: none of its 2 records is a readable sign-in (line 2: unparseable date "yesterday"); nothing was imported');
    expect(summary.totals.rejectedFiles).toBe(1);
    expect(tableCounts(s)).toEqual({ signins: 0, evidence: 0, versions: 0, sources: 0 });
    s.close();
  });

  it('names the admin center JSON download portal-json, and the same objects from Graph graph-json', async () => {
    const dir = tempDir();
    generate({ out: dir, users: 5, days: 2, rows: 300, seed: 9, format: 'portal-json', attacks: [], end: DEFAULT_END });
    const portal = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'truth.json').map((f) => path.join(dir, f));
    expect(portal.length).toBeGreaterThan(0);
    const graph = path.join(tempDir(), 'signins-page-1.json');
    fs.copyFileSync(portal[0]!, graph);
    const s = openCase();
    const summary = await importFiles(s.db, [...portal, graph]);
    expect(summary.files.map((f) => f.format)).toEqual([...portal.map(() => 'portal-json'), 'graph-json']);
    expect(summary.files.every((f) => f.status === 'imported')).toBe(true);
    expect(s.db.prepare('SELECT DISTINCT source_format FROM signins').pluck().all()).toEqual(['portal-json']);
    s.close();
  });
});

describe('ingestion metadata', () => {
  // TimeGenerated, _ItemId, _BilledSize, _IsBillable and SourceSystem say when and how Log Analytics
  // stored a record, not what the sign-in was: two copies that differ only there are one sign-in.
  const header = 'TenantId,SourceSystem,TimeGenerated [UTC],Id,CreatedDateTime [UTC],UserPrincipalName,ResultType,IPAddress,Type,_ItemId,_BilledSize,_IsBillable';
  const row = (o: { system: string; generated: string; item: string; billed: number; billable: string; result?: number }) =>
    `t1,${o.system},"${o.generated}",h-1,"4/28/2021, 2:08:45.221 PM",a@x.example,${o.result ?? 0},198.51.100.9,SigninLogs,${o.item},${o.billed},${o.billable}`;

  it('never makes two records differ, in CSV or JSON', async () => {
    const s = openCase();
    const csv = tempFile('la.csv', [header, row({ system: 'Azure AD', generated: '4/28/2021, 2:10:00.000 PM', item: 'i-1', billed: 1000, billable: 'True' }), row({ system: 'AzureAD2', generated: '4/28/2021, 2:12:00.000 PM', item: 'i-2', billed: 2000, billable: 'False' })].join('\r\n'));
    const record = (o: Record<string, unknown>) => ({ TenantId: 't1', Id: 'j-1', CreatedDateTime: '2021-04-28T14:08:45.2213421+00:00', UserPrincipalName: 'a@x.example', ResultType: '0', IPAddress: '198.51.100.9', Type: 'SigninLogs', ...o });
    const json = tempFile('la.json', JSON.stringify([
      record({ SourceSystem: 'Azure AD', TimeGenerated: '2021-04-28T14:10:00Z', _ItemId: 'i1', _BilledSize: 1000, _IsBillable: true }),
      record({ SourceSystem: 'X', TimeGenerated: '2021-04-28T14:12:00Z', _ItemId: 'i2', _BilledSize: 5, _IsBillable: false }),
    ]));
    const summary = await importFiles(s.db, [csv, json]);
    expect(summary.files.map((f) => [f.format, f.records, f.inserted, f.updated, f.duplicates])).toEqual([
      ['la-csv', 2, 1, 0, 1],
      ['la-json', 2, 1, 0, 1],
    ]);
    expect(tableCounts(s)).toMatchObject({ signins: 2, versions: 0 });
    s.close();
  });

  it('a change in the sign-in itself is still an update', async () => {
    const s = openCase();
    const csv = tempFile('la.csv', [header, row({ system: 'Azure AD', generated: '4/28/2021, 2:10:00.000 PM', item: 'i-1', billed: 1000, billable: 'True' }), row({ system: 'Azure AD', generated: '4/28/2021, 2:10:00.000 PM', item: 'i-1', billed: 1000, billable: 'True', result: 50126 })].join('\r\n'));
    const summary = await importFiles(s.db, [csv]);
    expect(summary.files[0]).toMatchObject({ records: 2, inserted: 1, updated: 1, duplicates: 0 });
    expect(s.db.prepare('SELECT error_code FROM signins').pluck().all()).toEqual([50126]);
    s.close();
  });
});
