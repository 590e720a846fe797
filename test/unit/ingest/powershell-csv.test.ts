// PowerShell Export-Csv sign-in exports (formats.md §8) through the real import pipeline.
// Fixtures in test/fixtures/powershell/ (written for these tests, shaped like real exports):
// * graph-flat-en-AU.csv: Graph PowerShell 7 on Windows, en-AU culture, `Get-MgAuditLogSignIn |
//   Select-Object CreatedDateTime, …, City, Country, Device, Browser, OS, Status, … | Export-Csv` (the
//   third-party fixture's header): every cell quoted, CRLF, day-first 12-hour dates, Status = the type
//   name, no Id, and one row exported twice.
// * graph-flat-macos-en-US.csv: the same on macOS, en-US: month-first dates with U+202F (and once
//   U+00A0) before AM/PM, LF line ends.
// * graph-flat-mixed-orders.csv: two such exports pasted together from an en-AU and an en-US machine.
// * graph-full-winps51-en-US.csv: Windows PowerShell 5.1, `Get-MgAuditLogSignIn -Top 3 | Export-Csv`
//   of the whole objects: `#TYPE Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignIn` first line,
//   PascalCase property columns, nested objects and lists written as their type names, en-US dates
//   whose day never exceeds 12.
// * azuread-module-winps51.csv: Windows PowerShell 5.1, AzureADPreview `Get-AzureADAuditSignInLogs -Top 2 |
//   Export-Csv`: `#TYPE Microsoft.Open.MSGraph.Model.SignIn`, ISO dates, nested objects as the
//   swagger-generated `class SignInStatus {\n  ErrorCode: 0\n …}\n` text (LF inside cells, the nested
//   GeoCoordinates class not indented), lists as `System.Collections.Generic.List`1[…]`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { getSignIn } from '../../../main/case/signins';
import { parseClassText } from '../../../main/ingest/formats/powershell-csv';
import { importFiles, type ImportOptions } from '../../../main/ingest/import';
import { sniffFormat } from '../../../main/ingest/sniff';
import { fixture, tempDir, tempFile } from '../helpers';

async function importOne(file: string, opts: ImportOptions = {}) {
  const session = CaseSession.open(path.join(tempDir(), 'c.sightline'));
  const summary = await importFiles(session.db, [file], opts);
  return { session, db: session.db, result: summary.files[0]! };
}

const count = (db: CaseSession['db']) => (db.prepare('SELECT count(*) AS n FROM signins').get() as { n: number }).n;
const idOf = (db: CaseSession['db'], upn: string, created: string) =>
  (db.prepare('SELECT id FROM signins WHERE user_upn = ? AND created_ms = ?').get(upn, Date.parse(created)) as { id: string }).id;

describe('Graph PowerShell, flattened export (en-AU, day-first)', () => {
  it('imports 4 sign-ins: the exact duplicate row dedupes through its synthetic key', async () => {
    const { session, db, result } = await importOne(fixture('powershell/graph-flat-en-AU.csv'));
    expect(result).toMatchObject({ status: 'imported', format: 'powershell-csv', records: 5, inserted: 4, duplicates: 1, updated: 0, rejectedRows: 0 });
    expect(count(db)).toBe(4);
    const ids = (db.prepare('SELECT id FROM signins').all() as { id: string }[]).map((r) => r.id);
    for (const id of ids) expect(id).toMatch(/^ps:[0-9a-f]{64}$/);
    session.close();
  });

  it('detects day-first from 15/11/2025 and reads 3/12/2025 as 3 December, as UTC', async () => {
    const { session, db, result } = await importOne(fixture('powershell/graph-flat-en-AU.csv'));
    const d = await getSignIn(db, idOf(db, 'megan.bowen@contoso.com', '2025-11-15T03:55:59Z'));
    expect(d.signIn.createdDateTime).toBe('2025-11-15T03:55:59.000Z');
    const dec = await getSignIn(db, idOf(db, 'megan.bowen@contoso.com', '2025-12-03T19:23:40Z'));
    // The original text is kept as written.
    expect(JSON.parse(dec.raw)['CreatedDateTime']).toBe('3/12/2025 7:23:40 PM');
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dates read as day-first \(D\/M\/YYYY\): "15\/11\/2025 3:55:59 AM" at line 2/),
        expect.stringMatching(/no time zone: times were read as UTC/),
        expect.stringMatching(/no request IDs/),
      ]),
    );
    session.close();
  });

  it('maps the flattened columns to Graph names; the Status type name is flagged, not stored, and the outcome is unknown', async () => {
    const { session, db, result } = await importOne(fixture('powershell/graph-flat-en-AU.csv'));
    const d = await getSignIn(db, idOf(db, 'megan.bowen@contoso.com', '2025-12-03T19:23:40Z'));
    expect(d.signIn).toMatchObject({
      type: 'interactiveUser',
      outcome: 'unknown',
      sourceFormat: 'powershell-csv',
      userPrincipalName: 'megan.bowen@contoso.com',
      userDisplayName: 'Megan Bowen',
      appDisplayName: 'Office 365 Exchange Online',
      ipAddress: '198.51.100.77',
      location: { city: 'Lagos', countryOrRegion: 'NG', geoCoordinates: null },
      deviceDetail: { browser: 'Chrome 141.0.0', operatingSystem: 'Linux' },
      riskState: 'atRisk',
      riskLevelDuringSignIn: 'medium',
      riskLevelAggregated: 'medium',
      conditionalAccessStatus: 'notApplied',
      status: { errorCode: null, failureReason: null },
    });
    expect(d.signIn.geo).toMatchObject({ plottable: false });
    expect(JSON.stringify(d.signIn)).not.toContain('Microsoft.Graph.PowerShell.Models');
    expect(JSON.parse(d.raw)['Status']).toBe('Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus');
    const typeWarnings = result.warnings.filter((w) => w.includes("wrote the object's type instead of its content"));
    expect(typeWarnings).toHaveLength(1);
    expect(typeWarnings[0]).toMatch(/in column Status \(e\.g\. "Microsoft\.Graph\.PowerShell\.Models\.MicrosoftGraphSignInStatus"\)/);
    expect(typeWarnings[0]).toMatch(/succeeded is unknown.*ConvertTo-Json -Depth 10.*Graph JSON/);
    expect(typeWarnings[0]).toMatch(/\(5 records, first at line 2\)$/);
    const device = await getSignIn(db, idOf(db, 'megan.bowen@contoso.com', '2025-12-03T07:22:01Z'));
    expect(device.signIn.deviceDetail).toMatchObject({ displayName: 'MEGAN-LT01' });
    // The row exported twice (lines 3 and 4) is one sign-in with both rows as its sources.
    expect(device.provenance.map((p) => p.line)).toEqual([3, 4]);
    session.close();
  });

  it('re-importing the file adds nothing (the synthetic keys are stable)', async () => {
    const { session, db } = await importOne(fixture('powershell/graph-flat-en-AU.csv'));
    const again = await importFiles(db, [fixture('powershell/graph-flat-en-AU.csv')]);
    expect(again.files[0]).toMatchObject({ records: 5, inserted: 0, duplicates: 5 });
    expect(count(db)).toBe(4);
    session.close();
  });

  it('a file-evident order wins over a contradicting --date-order, with a warning', async () => {
    const { session, result } = await importOne(fixture('powershell/graph-flat-en-AU.csv'), { dateOrder: 'mdy' });
    expect(result).toMatchObject({ status: 'imported', inserted: 4 });
    expect(result.warnings).toContainEqual(expect.stringMatching(/--date-order mdy was ignored for this file: its dates can only be day-first/));
    session.close();
  });
});

describe('Graph PowerShell on macOS (en-US, U+202F before AM/PM)', () => {
  it('detects month-first from 11/15/2025 and reads the narrow / no-break spaces', async () => {
    const text = fs.readFileSync(fixture('powershell/graph-flat-macos-en-US.csv'), 'utf8');
    expect(text).toContain('3:55:59\u202fAM');
    expect(text).toContain('12:01:30\u00a0PM');
    const { session, db, result } = await importOne(fixture('powershell/graph-flat-macos-en-US.csv'));
    expect(result).toMatchObject({ status: 'imported', records: 3, inserted: 3, rejectedRows: 0 });
    const created = (db.prepare('SELECT created_raw AS raw, created_ms AS ms FROM signins ORDER BY created_ms').all() as { raw: string; ms: number }[]).map((r) => [r.raw, new Date(r.ms).toISOString()]);
    expect(created).toEqual([
      ['11/3/2025 6:10:00\u202fPM', '2025-11-03T18:10:00.000Z'],
      ['11/15/2025 3:55:59\u202fAM', '2025-11-15T03:55:59.000Z'],
      ['11/15/2025 12:01:30\u00a0PM', '2025-11-15T12:01:30.000Z'],
    ]);
    expect(result.warnings).toContainEqual(expect.stringMatching(/^dates read as month-first \(M\/D\/YYYY\): "11\/15\/2025 3:55:59\u202fAM" at line 3/));
    session.close();
  });
});

describe('date order that cannot be decided', () => {
  it('rejects a file mixing day-first and month-first dates, naming both lines; nothing is written', async () => {
    const { session, db, result } = await importOne(fixture('powershell/graph-flat-mixed-orders.csv'));
    expect(result.status).toBe('rejected');
    expect(result.error).toMatch(/mix day-first and month-first/);
    expect(result.error).toMatch(/"15\/11\/2025 3:55:59 AM" at line 2/);
    expect(result.error).toMatch(/"11\/16\/2025 8:00:12 AM" at line 3/);
    expect(count(db)).toBe(0);
    // --date-order does not rescue it: some dates would be wrong whichever order is chosen.
    const again = await importFiles(db, [fixture('powershell/graph-flat-mixed-orders.csv')], { dateOrder: 'dmy' });
    expect(again.files[0]!.status).toBe('rejected');
    session.close();
  });

  it('rejects an ambiguous file without --date-order, naming the option; nothing is written', async () => {
    const { session, db, result } = await importOne(fixture('powershell/graph-full-winps51-en-US.csv'));
    expect(result.status).toBe('rejected');
    expect(result.error).toMatch(/could be day\/month or month\/day/);
    expect(result.error).toMatch(/--date-order dmy or --date-order mdy/);
    expect(count(db)).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n).toBe(0);
    session.close();
  });

  it('reads the ambiguous file with the order given', async () => {
    const mdy = await importOne(fixture('powershell/graph-full-winps51-en-US.csv'), { dateOrder: 'mdy' });
    expect(mdy.result).toMatchObject({ status: 'imported', records: 3, inserted: 3 });
    expect((await getSignIn(mdy.db, '8a0c4b1e-2d3f-4e5a-8b6c-7d8e9f0a1b00')).signIn.createdDateTime).toBe('2025-03-12T07:22:01.000Z');
    expect(mdy.result.warnings).toContainEqual(expect.stringMatching(/month-first \(M\/D\/YYYY\) because --date-order mdy was given/));
    mdy.session.close();
    const dmy = await importOne(fixture('powershell/graph-full-winps51-en-US.csv'), { dateOrder: 'dmy' });
    expect((await getSignIn(dmy.db, '8a0c4b1e-2d3f-4e5a-8b6c-7d8e9f0a1b00')).signIn.createdDateTime).toBe('2025-12-03T07:22:01.000Z');
    dmy.session.close();
  });

  it('reads 24-hour day-first dates (en-GB)', async () => {
    const csv = [
      '"CreatedDateTime","UserPrincipalName","AppDisplayName","IPAddress"',
      '"15/11/2025 03:55:59","megan.bowen@contoso.com","Azure Portal","203.0.113.24"',
      '"01/12/2025 23:02:13","megan.bowen@contoso.com","Azure Portal","203.0.113.24"',
    ].join('\r\n');
    const { session, db, result } = await importOne(tempFile('signins-en-GB.csv', csv));
    expect(result).toMatchObject({ status: 'imported', inserted: 2 });
    const times = (db.prepare('SELECT created_ms AS ms FROM signins ORDER BY 1').all() as { ms: number }[]).map((r) => new Date(r.ms).toISOString());
    expect(times).toEqual(['2025-11-15T03:55:59.000Z', '2025-12-01T23:02:13.000Z']);
    session.close();
  });
});

describe('Graph PowerShell, whole objects (Windows PowerShell 5.1)', () => {
  it('skips the #TYPE line, keys by Id, maps IPAddress / IsInteractive, and flags every type-name column once', async () => {
    const { session, db, result } = await importOne(fixture('powershell/graph-full-winps51-en-US.csv'), { dateOrder: 'mdy' });
    expect(result.format).toBe('powershell-csv');
    const d = await getSignIn(db, '9b1d5c2f-3e4a-4f6b-9c7d-8e9f0a1b2c00');
    expect(d.signIn).toMatchObject({
      createdDateTime: '2025-03-11T22:05:44.000Z',
      type: 'nonInteractiveUser',
      outcome: 'unknown',
      appDisplayName: 'Office 365 Exchange Online',
      appId: '00000002-0000-0ff1-ce00-000000000000',
      clientAppUsed: 'Browser',
      conditionalAccessStatus: 'notApplied',
      correlationId: '6c2a3d4e-7f80-4b9c-8d1e-2f3a4b5c6d7e',
      ipAddress: '198.51.100.77',
      isInteractive: false,
      resourceId: '00000002-0000-0ff1-ce00-000000000000',
      userId: '4a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b',
      userPrincipalName: 'megan.bowen@contoso.com',
    });
    expect(d.signIn.location).toBeNull();
    expect(d.signIn.deviceDetail).toBeUndefined();
    for (const key of ['appliedConditionalAccessPolicies', 'riskEventTypes', 'riskEventTypes_v2', 'additionalProperties']) expect(d.signIn).not.toHaveProperty(key);
    expect(d.provenance[0]!.line).toBe(4); // #TYPE line 1, header line 2
    expect((await getSignIn(db, '8a0c4b1e-2d3f-4e5a-8b6c-7d8e9f0a1b00')).signIn.type).toBe('interactiveUser');
    const typeWarnings = result.warnings.filter((w) => w.includes("wrote the object's type"));
    expect(typeWarnings).toEqual([expect.stringContaining('in columns AppliedConditionalAccessPolicies, DeviceDetail, Location, RiskEventTypes, RiskEventTypesV2, Status, AdditionalProperties')]);
    expect(typeWarnings[0]).toMatch(/\(3 records, first at line 3\)$/);
    expect(result.warnings.some((w) => /no request IDs/.test(w))).toBe(false);
    session.close();
  });
});

describe('AzureAD module export (class text)', () => {
  it('extracts status, location with nested coordinates, and device detail from the class text', async () => {
    const { session, db, result } = await importOne(fixture('powershell/azuread-module-winps51.csv'));
    expect(result).toMatchObject({ status: 'imported', format: 'powershell-csv', records: 2, inserted: 2, rejectedRows: 0 });
    const ok = await getSignIn(db, '66ea54eb-6301-4ee5-be62-ff5a759b0100');
    expect(ok.signIn).toMatchObject({
      createdDateTime: '2021-06-30T16:34:32.000Z',
      type: 'interactiveUser',
      outcome: 'success',
      ipAddress: '203.0.113.24',
      conditionalAccessStatus: 'success',
      processingTimeInMilliseconds: 136,
      status: { errorCode: 0, failureReason: null, additionalDetails: 'MFA requirement satisfied by claim in the token' },
      location: { city: 'Redmond', state: 'Washington', countryOrRegion: 'US', geoCoordinates: { latitude: 47.68050003051758, longitude: -122.12064361572266 } },
      deviceDetail: { deviceId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9', displayName: 'MEGAN-LT01', operatingSystem: 'Windows 10', browser: 'Edge 91.0.864', isCompliant: true, isManaged: true, trustType: 'Azure AD joined' },
    });
    expect(ok.signIn.geo).toMatchObject({ plottable: true, latitude: 47.68050003051758 });
    // The class text stays in the raw record as exported.
    expect(JSON.parse(ok.raw)['Status']).toMatch(/^class SignInStatus \{\n {2}ErrorCode: 0\n/);

    const failed = await getSignIn(db, '77fb65fc-7412-4ff6-cf73-005b860c0200');
    expect(failed.signIn).toMatchObject({
      type: 'nonInteractiveUser',
      outcome: 'failure',
      conditionalAccessStatus: 'notApplied',
      status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
      location: { city: 'Lagos', countryOrRegion: 'NG', geoCoordinates: { latitude: 6.453, longitude: 3.3958 } },
      deviceDetail: { operatingSystem: 'Linux', browser: 'Chrome 91.0.4472', isCompliant: null, trustType: null },
    });
    // ISO dates with Z: no order needed and no time-zone warning; the List columns are flagged.
    expect(result.warnings.some((w) => /date|time zone/.test(w))).toBe(false);
    expect(result.warnings).toEqual([
      expect.stringMatching(/in columns RiskEventTypes, AuthenticationMethodsUsed, AppliedConditionalAccessPolicies, AuthenticationProcessingDetails, NetworkLocationDetails \(e\.g\. "System\.Collections\.Generic\.List`1\[System\.String\]"\)/),
    ]);
    session.close();
  });

  it('parseClassText: nested classes by braces, empty values, continuation lines, CRLF; not-a-class is null', () => {
    const text = 'class SignInLocation {\r\n  City: Redmond\r\n  State: \r\n  GeoCoordinates: class GeoCoordinates {\r\n    Altitude: \r\n    Latitude: 47.6\r\n  }\r\n  CountryOrRegion: US\r\n}\r\n';
    expect(parseClassText(text)).toEqual({ City: 'Redmond', State: '', GeoCoordinates: { Altitude: '', Latitude: '47.6' }, CountryOrRegion: 'US' });
    expect(parseClassText('class SignInStatus {\n  ErrorCode: 50053\n  FailureReason: Account is locked\nbecause of too many attempts.\n}\n')).toEqual({
      ErrorCode: '50053',
      FailureReason: 'Account is locked\nbecause of too many attempts.',
    });
    expect(parseClassText('class SignInStatus {\n  ErrorCode: 0\n')).toBeNull();
    expect(parseClassText('Success')).toBeNull();
  });
});

describe('sniffing', () => {
  it('routes the #TYPE-prefixed and AzureAD exports to powershell-csv', () => {
    for (const name of ['graph-full-winps51-en-US.csv', 'azuread-module-winps51.csv', 'graph-flat-en-AU.csv']) {
      const head = fs.readFileSync(fixture(`powershell/${name}`), 'utf8');
      expect(sniffFormat(name, head)).toBe('powershell-csv');
    }
  });
});
