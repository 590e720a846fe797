// The Entra admin center CSV download (formats.md §2), through the real pipeline. No real download is
// public: the 57-column header is the one formats.md quotes byte for byte, quirks included.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { getSignIn } from '../../../main/case/signins';
import { importFiles } from '../../../main/ingest/import';
import { tempDir, tempFile } from '../helpers';

const HEADER =
  '"Date (UTC)","Request ID","User agent","Correlation ID","User ID","User","Username","User type","Cross tenant access type","Incoming token type","Authentication Protocol","Unique token identifier","Original transfer method","Client credential type","Token Protection - Sign In Session","Token Protection - Sign In Session StatusCode","Application","Application ID ","App owner tenant ID","Resource","Resource ID ","Resource tenant ID","Resource owner tenant ID","Home tenant ID","Home tenant name","IP address","Location","Status","Sign-in error code","Failure reason","Client app","Device ID","Browser","Operating System","Compliant","Managed","Join Type","Multifactor authentication result","Multifactor authentication auth method","Multifactor authentication auth detail","Authentication requirement","Sign-in identifier","Session ID","IP address (seen by resource)","Through Global Secure Access","Global Secure Access IP address","Autonomous system  number","Flagged for review","Token issuer type","Incoming token type","Token issuer name","Latency","Conditional Access","Managed Identity type","Associated Resource Id","Federated Token Id","Federated Token Issuer"';

function row(values: Record<number, string>): string {
  return Array.from({ length: 57 }, (_, i) => `"${(values[i] ?? '').replace(/"/g, '""')}"`).join(',');
}

const base: Record<number, string> = {
  0: '2026-10-07T09:40:00Z', 1: 'p-1', 2: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 3: 'c-1', 4: 'u-1', 5: 'Adele Vance', 6: 'AdeleV@Contoso.example',
  7: 'Member', 9: 'Primary Refresh Token', 10: 'Device Code', 16: 'Microsoft Teams', 17: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  19: 'Microsoft Graph', 20: '00000003-0000-0000-c000-000000000000', 25: '203.0.113.7', 26: 'Oslo, Oslo, NO', 27: 'Interrupted', 28: '50074',
  29: 'Strong Authentication is required.', 30: 'Mobile Apps and Desktop clients', 32: 'Edge 141.0.0', 33: 'Windows10', 34: 'True', 35: 'False',
  36: 'Microsoft Entra joined', 37: 'MFA requirement satisfied by claim in the token', 40: 'Multifactor authentication', 42: 's-1',
  46: '2119', 49: 'Primary Refresh Token', 51: '85', 52: 'Not Applied',
};

function openCase() {
  return CaseSession.open(path.join(tempDir(), 'case.sightline'));
}

describe('Entra admin center CSV', () => {
  it('maps every column by name (trailing and doubled spaces included) and keeps both "Incoming token type" cells', async () => {
    const s = openCase();
    const file = tempFile('InteractiveSignIns_2026-10-01_2026-10-07.csv', `${HEADER}\r\n${row(base)}\r\n`);
    const r = await importFiles(s.db, [file]);
    expect(r.files[0]).toMatchObject({ status: 'imported', format: 'portal-csv', records: 1, inserted: 1 });
    const d = await getSignIn(s.db, 'p-1');
    expect(d.signIn).toMatchObject({
      createdDateTime: '2026-10-07T09:40:00.000Z',
      type: 'interactiveUser',
      outcome: 'interrupted',
      userPrincipalName: 'AdeleV@Contoso.example',
      appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // "Application ID " (trailing space)
      resourceId: '00000003-0000-0000-c000-000000000000', // "Resource ID " (trailing space)
      autonomousSystemNumber: 2119, // "Autonomous system  number" (double space)
      incomingTokenType: 'primaryRefreshToken',
      authenticationProtocol: 'deviceCode',
      conditionalAccessStatus: 'notApplied',
      authenticationRequirement: 'multifactorAuthentication',
      processingTimeInMilliseconds: 85,
      location: { city: 'Oslo', state: 'Oslo', countryOrRegion: 'NO' },
      status: { errorCode: 50074, failureReason: 'Strong Authentication is required.', additionalDetails: 'MFA requirement satisfied by claim in the token' },
      deviceDetail: { browser: 'Edge 141.0.0', operatingSystem: 'Windows10', isCompliant: true, isManaged: false, trustType: 'Microsoft Entra joined' },
    });
    // The portal gives no coordinates: no map point from the file itself.
    expect(d.signIn['geo']).toMatchObject({ plottable: false });
    // Both token-type cells are in the raw record, under distinct names.
    const raw = JSON.parse(d.raw) as Record<string, string>;
    expect(raw['Incoming token type']).toBe('Primary Refresh Token');
    expect(raw['Incoming token type (column 50)']).toBe('Primary Refresh Token');
    expect(raw['Application ID ']).toBe('1fec8e78-bce4-4aaf-ab1b-5451cc387264');
    s.close();
  });

  it('warns when the two "Incoming token type" cells differ, and uses the first', async () => {
    const s = openCase();
    const file = tempFile('NonInteractiveSignIns_2026-10-01_2026-10-07.csv', `${HEADER}\n${row({ ...base, 1: 'p-2', 9: 'Refresh Token', 49: 'Primary Refresh Token' })}\n`);
    const r = await importFiles(s.db, [file]);
    expect(r.files[0]!.warnings.join('\n')).toMatch(/the two "Incoming token type" columns differ \(Refresh Token \/ Primary Refresh Token\); the first was used/);
    expect((await getSignIn(s.db, 'p-2')).signIn).toMatchObject({ type: 'nonInteractiveUser', incomingTokenType: 'refreshToken' });
    s.close();
  });

  it('reads the older 54-column header (no Session ID, App owner / Resource owner tenant ID) by name', async () => {
    const s = openCase();
    const names = HEADER.split(',').filter((n) => !['"Session ID"', '"App owner tenant ID"', '"Resource owner tenant ID"'].includes(n));
    expect(names).toHaveLength(54);
    const values = HEADER.split(',').map((n, i) => [n, base[i] ?? ''] as const).filter(([n]) => names.includes(n)).map(([, v]) => `"${v}"`);
    const r = await importFiles(s.db, [tempFile('InteractiveSignIns_2024-10-23.csv', `${names.join(',')}\r\n${values.join(',').replace('"p-1"', '"p-3"')}\r\n`)]);
    expect(r.files[0]).toMatchObject({ status: 'imported', inserted: 1 });
    expect((await getSignIn(s.db, 'p-3')).signIn).toMatchObject({ appDisplayName: 'Microsoft Teams', ipAddress: '203.0.113.7' });
    s.close();
  });

  it('reads service principal (ApplicationSignIns) files and knows their type', async () => {
    const s = openCase();
    const header = 'Date (UTC),Request ID,Correlation ID,Service principal ID,Service principal name,Credential key ID,Credential thumbprint,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Conditional Access';
    const line = '2026-10-07T09:40:00.123Z,sp-1,c-9,sp-id,backup-job,key-1,,backup-job,app-id,t,Microsoft Graph,00000003-0000-0000-c000-000000000000,t,t,t,Contoso,198.51.100.20,"Ashburn, Virginia, US",Success,0,,Not Applied';
    const r = await importFiles(s.db, [tempFile('ApplicationSignIns_2026-10-01_2026-10-07.csv', `${header}\n${line}\n`)]);
    expect(r.files[0]).toMatchObject({ status: 'imported', inserted: 1, warnings: [] });
    expect((await getSignIn(s.db, 'sp-1')).signIn).toMatchObject({ type: 'servicePrincipal', outcome: 'success', servicePrincipalName: 'backup-job', servicePrincipalCredentialKeyId: 'key-1', location: { countryOrRegion: 'US' } });
    s.close();
  });

  it('a file without a type in its name is read as interactive, with a warning saying so', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [tempFile('download.csv', `${HEADER}\r\n${row({ ...base, 1: 'p-4' })}\r\n`)]);
    expect(r.files[0]!.warnings.join('\n')).toMatch(/does not say the sign-in type/);
    s.close();
  });

  it('refuses the authentication-details companion file by name', async () => {
    const s = openCase();
    const r = await importFiles(s.db, [tempFile('InteractiveSignIns_AuthDetails_2026-10-01_2026-10-07.csv', `${HEADER}\r\n${row(base)}\r\n`)]);
    expect(r.files[0]).toMatchObject({ status: 'rejected' });
    expect(r.files[0]!.error).toMatch(/authentication steps, not sign-ins/);
    s.close();
  });

  it('UTF-16 LE with BOM and a row split by a bad column count', async () => {
    const s = openCase();
    const text = `${HEADER}\r\n${row({ ...base, 1: 'p-5' })}\r\n"2026-10-07T09:41:00Z","p-6"\r\n`;
    const r = await importFiles(s.db, [tempFile('InteractiveSignIns_le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))]);
    expect(r.files[0]).toMatchObject({ status: 'imported', records: 2, inserted: 1, rejectedRows: 1, rejected: [{ line: 3, reason: 'expected 57 columns, found 2' }] });
    s.close();
  });
});
