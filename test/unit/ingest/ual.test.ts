// Unified Audit Log sign-in records (formats.md §9) through the real import pipeline.
// Fixtures in test/fixtures/ual/ (written for these tests, shaped like real records; the record layout
// follows the Management Activity API schema and public UserLoggedIn examples):
// * management-api-aad.json: an Audit.AzureActiveDirectory content blob saved with ConvertTo-Json:
//   UserLoggedIn with full Extended/DeviceProperties (TrustType 1, KeepMeSignedIn) and ErrorNumber 0;
//   UserLoginFailed 50126 whose ResultStatus is still "Success"; an older UserLoggedIn with
//   ResultStatus "Succeeded", no ErrorNumber and only ClientIP `[2001:db8:4f1::25]:443`; a
//   UserLoginFailed with `ErrorCode` 50053 and ClientIP `198.51.100.77:50000`; and a directory
//   "Update user." record (RecordType 8) from the same feed.
// * search-ual-auditdata.jsonl: `Search-UnifiedAuditLog | Select-Object -ExpandProperty AuditData |
//   Out-File`: one record per line, the first returned twice (as the cmdlet does across pages).
// * search-ual-convertto-json.json: `Search-UnifiedAuditLog | ConvertTo-Json`: the cmdlet's objects
//   (RecordType, Operations, UserIds…) with the record as AuditData text.
// * purview-export.csv: the Purview audit search "Export" (RecordId, CreationDate, RecordType,
//   Operation, UserId, AuditData, AssociatedAdminUnits…), including a MailItemsAccessed row.
// * classic-audit-search.csv: the older export (CreationDate, UserIds, Operations, AuditData) with
//   locale CreationDate text.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { getSignIn } from '../../../main/case/signins';
import { stripPort } from '../../../main/ingest/formats/ual';
import { importFiles } from '../../../main/ingest/import';
import { sniffFormat } from '../../../main/ingest/sniff';
import { fixture, tempDir } from '../helpers';

async function importOne(...files: string[]) {
  const session = CaseSession.open(path.join(tempDir(), 'c.sightline'));
  const summary = await importFiles(session.db, files);
  return { session, db: session.db, summary, result: summary.files[0]! };
}

const NOTICE = /^Unified Audit Log records have no location and no request ID: .*never merged with Entra sign-ins$/;

describe('Management Activity API records (JSON array)', () => {
  it('imports the 4 sign-in operations and rejects the directory record as a row', async () => {
    const { session, db, result } = await importOne(fixture('ual/management-api-aad.json'));
    expect(result).toMatchObject({ status: 'imported', format: 'ual', records: 5, inserted: 4, duplicates: 0, rejectedRows: 1 });
    expect(result.rejected).toEqual([{ line: expect.any(Number), reason: 'not a sign-in operation (Update user.)' }]);
    expect(result.warnings).toEqual([expect.stringMatching(NOTICE)]);
    expect((db.prepare("SELECT count(*) AS n FROM signins WHERE id LIKE 'ual:%' AND type = 'unknown'").get() as { n: number }).n).toBe(4);
    session.close();
  });

  it('maps a successful UserLoggedIn: ids, IP, user agent, device properties, extras', async () => {
    const { session, db } = await importOne(fixture('ual/management-api-aad.json'));
    const d = await getSignIn(db, 'ual:2ef9a610-4bae-443a-97c0-f7bbad192600');
    expect(d.signIn).toMatchObject({
      createdDateTime: '2025-03-12T07:22:01.000Z', // CreationTime has no Z: UTC
      type: 'unknown',
      outcome: 'success',
      sourceFormat: 'ual',
      userPrincipalName: 'megan.bowen@contoso.com',
      ipAddress: '203.0.113.24',
      appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
      tenantId: '8d4121ed-0008-406d-bff9-0d5bb312183c',
      userAgent: expect.stringMatching(/^Mozilla\/5\.0 .*Edg\/134/),
      status: { errorCode: 0, failureReason: null },
      location: null,
      sessionId: '0a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
      deviceDetail: {
        deviceId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
        displayName: 'MEGAN-LT01',
        operatingSystem: 'Windows10',
        browser: 'Edge',
        isCompliant: true,
        isManaged: true,
        trustType: 'Azure AD joined',
      },
      requestType: 'Login:login',
      resultStatusDetail: 'Redirect',
      keepMeSignedIn: true,
      auditOperation: 'UserLoggedIn',
    });
    expect(d.signIn.geo).toMatchObject({ plottable: false });
    expect(JSON.parse(d.raw)).toMatchObject({ Id: '2ef9a610-4bae-443a-97c0-f7bbad192600', RecordType: 15 });
    session.close();
  });

  it('outcome comes from ErrorNumber / ErrorCode / LogonError, never from ResultStatus', async () => {
    const { session, db } = await importOne(fixture('ual/management-api-aad.json'));
    const failed = (await getSignIn(db, 'ual:3f0ab721-5cbf-454b-a8d1-08ccbe2a3700')).signIn;
    expect(failed).toMatchObject({ outcome: 'failure', status: { errorCode: 50126, failureReason: 'InvalidUserNameOrPassword' }, auditResultStatus: 'Success' });
    expect(failed.deviceDetail).toMatchObject({ operatingSystem: 'Linux', isCompliant: null, isManaged: null });
    expect(failed['deviceIsCompliantAndManaged']).toBe(false);
    const locked = (await getSignIn(db, 'ual:88c019d7-6cca-52e2-b5e4-14f292e83600')).signIn;
    expect(locked).toMatchObject({ outcome: 'failure', status: { errorCode: 50053, failureReason: 'IdsLocked' }, ipAddress: '198.51.100.77' });
    // An older UserLoggedIn without any error number is a success (code 0); its IPv6 loses brackets and port.
    const old = (await getSignIn(db, 'ual:77bf08c6-5bb9-41d1-a394-03f181d72500')).signIn;
    expect(old).toMatchObject({ outcome: 'success', status: { errorCode: 0 }, ipAddress: '2001:db8:4f1::25', auditResultStatus: 'Succeeded' });
    expect(old.deviceDetail).toBeUndefined();
    session.close();
  });

  it('never merges with an Entra sign-in of the same request: the id is the audit record id, prefixed', async () => {
    const { session, db } = await importOne(fixture('ual/management-api-aad.json'));
    const ids = (db.prepare('SELECT id FROM signins ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    expect(ids.every((id) => id.startsWith('ual:'))).toBe(true);
    session.close();
  });
});

describe('Search-UnifiedAuditLog output', () => {
  it('JSON lines of AuditData: the record returned twice is one sign-in and one duplicate', async () => {
    const { session, result } = await importOne(fixture('ual/search-ual-auditdata.jsonl'));
    expect(result).toMatchObject({ status: 'imported', format: 'ual', records: 3, inserted: 2, duplicates: 1, rejectedRows: 0 });
    session.close();
  });

  it('ConvertTo-Json of the cmdlet objects: the record is read from the AuditData text', async () => {
    const { session, db, result } = await importOne(fixture('ual/search-ual-convertto-json.json'));
    expect(result).toMatchObject({ status: 'imported', format: 'ual', records: 2, inserted: 2 });
    expect((await getSignIn(db, 'ual:3f0ab721-5cbf-454b-a8d1-08ccbe2a3700')).signIn).toMatchObject({ outcome: 'failure', status: { errorCode: 50126 } });
    session.close();
  });

  it('the same records from different UAL exports are one set of sign-ins', async () => {
    const { session, summary } = await importOne(fixture('ual/search-ual-auditdata.jsonl'), fixture('ual/purview-export.csv'));
    expect(summary.files[1]).toMatchObject({ records: 3, inserted: 0, duplicates: 2, rejectedRows: 1 });
    session.close();
  });
});

describe('UAL CSV exports (AuditData column)', () => {
  it('Purview export: sign-ins read from AuditData, the MailItemsAccessed row rejected with its line', async () => {
    const { session, db, result } = await importOne(fixture('ual/purview-export.csv'));
    expect(result).toMatchObject({ status: 'imported', format: 'ual', records: 3, inserted: 2, rejectedRows: 1 });
    expect(result.rejected).toEqual([{ line: 3, reason: 'not a sign-in operation (MailItemsAccessed)' }]);
    const d = await getSignIn(db, 'ual:2ef9a610-4bae-443a-97c0-f7bbad192600');
    expect(d.signIn).toMatchObject({ outcome: 'success', userPrincipalName: 'megan.bowen@contoso.com', deviceDetail: { trustType: 'Azure AD joined' } });
    expect(d.provenance.map((p) => p.line)).toEqual([2]);
    // The raw record is the CSV row, AuditData text included.
    expect(JSON.parse(d.raw)).toMatchObject({ RecordId: '2ef9a610-4bae-443a-97c0-f7bbad192600', RecordType: 'AzureActiveDirectoryStsLogon' });
    session.close();
  });

  it('classic export (CreationDate, UserIds, Operations, AuditData): times come from AuditData CreationTime, not the locale CreationDate', async () => {
    const { session, db, result } = await importOne(fixture('ual/classic-audit-search.csv'));
    expect(result).toMatchObject({ status: 'imported', format: 'ual', records: 2, inserted: 2, rejectedRows: 0 });
    expect((await getSignIn(db, 'ual:77bf08c6-5bb9-41d1-a394-03f181d72500')).signIn.createdDateTime).toBe('2025-03-11T21:58:02.000Z');
    session.close();
  });

  it('sniffs all five fixtures as ual', () => {
    for (const name of ['management-api-aad.json', 'search-ual-auditdata.jsonl', 'search-ual-convertto-json.json', 'purview-export.csv', 'classic-audit-search.csv']) {
      expect(sniffFormat(name, fs.readFileSync(fixture(`ual/${name}`), 'utf8'))).toBe('ual');
    }
  });
});

describe('stripPort', () => {
  it.each([
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['1.2.3.4:50000', '1.2.3.4'],
    ['1.2.3.4', '1.2.3.4'],
    ['2001:db8::1', '2001:db8::1'],
    [' 203.0.113.7 ', '203.0.113.7'],
  ])('%s -> %s', (input, expected) => {
    expect(stripPort(input)).toBe(expected);
  });
});
