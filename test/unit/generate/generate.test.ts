// The generator's output: deterministic bytes, exact headers, row counts, time range, and each format's shape.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACK_KINDS } from '../../../main/generate/attacks';
import { DEFAULT_END, generate, GenerateError } from '../../../main/generate/generate';
import { FORMATS } from '../../../main/generate/writers/common';
import { tempDir } from '../helpers';
import { csv, graphObjects, guidRe, isoRe, run, runAll } from './util';

// Copied by hand from ../shared/reference/formats.md §2 (not from the generator): 57 columns, trailing spaces,
// the double space, "Incoming token type" twice.
const PORTAL_HEADER =
  '"Date (UTC)","Request ID","User agent","Correlation ID","User ID","User","Username","User type","Cross tenant access type","Incoming token type","Authentication Protocol","Unique token identifier","Original transfer method","Client credential type","Token Protection - Sign In Session","Token Protection - Sign In Session StatusCode","Application","Application ID ","App owner tenant ID","Resource","Resource ID ","Resource tenant ID","Resource owner tenant ID","Home tenant ID","Home tenant name","IP address","Location","Status","Sign-in error code","Failure reason","Client app","Device ID","Browser","Operating System","Compliant","Managed","Join Type","Multifactor authentication result","Multifactor authentication auth method","Multifactor authentication auth detail","Authentication requirement","Sign-in identifier","Session ID","IP address (seen by resource)","Through Global Secure Access","Global Secure Access IP address","Autonomous system  number","Flagged for review","Token issuer type","Incoming token type","Token issuer name","Latency","Conditional Access","Managed Identity type","Associated Resource Id","Federated Token Id","Federated Token Issuer"';
const APP_HEADER_NAMES =
  'Date (UTC),Request ID,Correlation ID,Service principal ID,Service principal name,Credential key ID,Credential thumbprint,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Conditional Access'.split(',');

const FROM = DEFAULT_END - 14 * 86_400_000;

function bytesOf(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
}

describe('generate: determinism', () => {
  it('same options give byte-identical files in every format; another seed gives different ones', () => {
    for (const format of FORMATS) {
      const a = runAll(format, { rows: 900 });
      const b = runAll(format, { rows: 900 });
      expect(bytesOf(b.out), format).toEqual(bytesOf(a.out));
      const c = runAll(format, { rows: 900, seed: 8 });
      const ca = bytesOf(c.out), aa = bytesOf(a.out);
      for (const name of Object.keys(aa)) expect(ca[name], `${format} ${name}`).not.toEqual(aa[name]);
    }
  });

  it('the same seed gives the same sign-ins in every format', () => {
    const portal = csv(run({ attacks: ATTACK_KINDS }).files[0]!.path).rows.map((r) => r[1]);
    const graph = graphObjects(run({ attacks: ATTACK_KINDS, format: 'graph-json' })).filter((o) => o.isInteractive).map((o) => o.id);
    expect(graph).toEqual(portal);
  });
});

describe('generate: portal-csv', () => {
  it('writes the exact 57-column header to the interactive and non-interactive files, the 22-column one for applications', () => {
    const r = run({ attacks: ATTACK_KINDS });
    expect(r.files.map((f) => path.basename(f.path))).toEqual([
      'InteractiveSignIns_2026-09-23_2026-10-06.csv', 'NonInteractiveSignIns_2026-09-23_2026-10-06.csv', 'ApplicationSignIns_2026-09-23_2026-10-06.csv',
    ]);
    for (const f of r.files.slice(0, 2)) {
      const text = fs.readFileSync(f.path, 'utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.slice(0, text.indexOf('\r\n'))).toBe(PORTAL_HEADER);
      const { header, rows } = csv(f.path);
      expect(header).toHaveLength(57);
      expect(header.filter((h) => h === 'Incoming token type')).toHaveLength(2);
      for (const row of rows) expect(row).toHaveLength(57);
    }
    const app = csv(r.files[2]!.path);
    expect(app.header).toEqual(APP_HEADER_NAMES);
    for (const row of app.rows) expect(row).toHaveLength(22);
  });

  it('writes CRLF rows of about 1 KB with ISO dates, "City, State, CC" locations and portal statuses, newest first', () => {
    const r = run({ attacks: ATTACK_KINDS });
    const f = r.files[0]!;
    const text = fs.readFileSync(f.path, 'utf8');
    expect(text.split('\r\n').length - 2).toBe(f.rows);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(f.bytes / f.rows).toBeGreaterThan(800);
    expect(f.bytes / f.rows).toBeLessThan(1600);
    const { header, rows } = csv(f.path);
    const col = (name: string) => header.indexOf(name);
    let last = Infinity;
    for (const row of rows) {
      expect(row[0]).toMatch(isoRe);
      const t = Date.parse(row[0]!);
      expect(t).toBeLessThanOrEqual(last);
      last = t;
      expect(row[col('Request ID')]).toMatch(guidRe);
      expect(row[col('Location')]).toMatch(/^[^,]+, [^,]+, [A-Z]{2}$/);
      expect(['Success', 'Failure', 'Interrupted']).toContain(row[col('Status')]);
      expect(row[col('Sign-in error code')]).toMatch(/^\d+$/);
      expect(row[col('Username')]).toBe(row[col('Username')]!.toLowerCase());
      expect(row[col('IP address')]).not.toMatch(/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/);
    }
    const statuses = new Set(rows.map((row) => row[col('Status')]));
    expect(statuses).toEqual(new Set(['Success', 'Failure', 'Interrupted']));
  });
});

describe('generate: counts and range', () => {
  it('files add up to --rows, every record is inside [from, to), non-interactive outnumber interactive about 3:1', () => {
    for (const rows of [1, 157, 2500]) {
      const r = run({ rows });
      expect(r.files.reduce((a, f) => a + f.rows, 0)).toBe(rows);
      expect(r.rows).toBe(rows);
    }
    const r = run({ rows: 4000, format: 'graph-json' });
    const objects = graphObjects(r);
    expect(objects).toHaveLength(4000);
    for (const o of objects) {
      const t = Date.parse(o.createdDateTime);
      expect(t).toBeGreaterThanOrEqual(FROM);
      expect(t).toBeLessThan(DEFAULT_END);
    }
    const interactive = objects.filter((o) => o.signInEventTypes[0] === 'interactiveUser').length;
    const non = objects.filter((o) => o.signInEventTypes[0] === 'nonInteractiveUser').length;
    expect(non / interactive).toBeGreaterThan(2.4);
    expect(non / interactive).toBeLessThan(3.6);
    expect(new Set(objects.map((o) => o.id)).size).toBe(4000);
  });

  it('--end moves the whole range; rows stay inside it', () => {
    const end = Date.UTC(2025, 2, 1, 12);
    const r = run({ end, days: 3, rows: 600, attacks: ['password-spray', 'mfa-fatigue'], users: 12 });
    const truth = JSON.parse(fs.readFileSync(r.truth!, 'utf8'));
    expect([truth.from, truth.to]).toEqual(['2025-02-26T12:00:00.000Z', '2025-03-01T12:00:00.000Z']);
    for (const f of r.files) for (const row of csv(f.path).rows) expect(Date.parse(row[0]!)).toBeGreaterThanOrEqual(end - 3 * 86_400_000);
  });

  it('refuses --rows smaller than the planted incidents', () => {
    expect(() => generate({ out: tempDir(), users: 30, days: 14, rows: 50, seed: 1, format: 'portal-csv', attacks: ATTACK_KINDS, end: DEFAULT_END })).toThrow(GenerateError);
  });
});

describe('generate: truth.json', () => {
  it('lists every kind, with request ids that exist in the output, lower-case users, and times inside the range', () => {
    const r = runAll('portal-csv');
    const truth = JSON.parse(fs.readFileSync(r.truth!, 'utf8'));
    expect(Object.keys(truth)).toEqual(expect.arrayContaining(['seed', 'format', 'rows', 'users', 'days', 'from', 'to', 'incidents']));
    expect(truth).toMatchObject({ seed: 7, format: 'portal-csv', rows: 1200, users: 30, days: 14, from: '2026-09-23T00:00:00.000Z', to: '2026-10-07T00:00:00.000Z' });
    expect(truth.incidents.map((i: { kind: string }) => i.kind)).toEqual([...ATTACK_KINDS]);
    const ids = new Map<string, string[]>();
    for (const f of r.files) for (const row of csv(f.path).rows) ids.set(row[1]!, row);
    const seen = new Set<string>();
    for (const inc of truth.incidents) {
      expect(Object.keys(inc)).toEqual(expect.arrayContaining(['id', 'kind', 'users', 'ips', 'from', 'to', 'requestIds', 'description']));
      expect(inc.requestIds.length).toBeGreaterThan(0);
      for (const id of inc.requestIds) {
        expect(ids.has(id), `${inc.kind} ${id}`).toBe(true);
        expect(seen.has(id)).toBe(false);
        seen.add(id);
        const t = Date.parse(ids.get(id)![0]!);
        expect(t).toBeGreaterThanOrEqual(Date.parse(inc.from));
        expect(t).toBeLessThan(Date.parse(inc.to));
      }
      for (const a of inc.anchorRequestIds) expect(inc.requestIds).toContain(a);
      for (const u of inc.users) expect(u).toBe(u.toLowerCase());
      expect(Date.parse(inc.from)).toBeGreaterThanOrEqual(FROM);
      expect(Date.parse(inc.to)).toBeLessThanOrEqual(DEFAULT_END);
      expect(inc.description.length).toBeGreaterThan(30);
    }
  });

  it('is written only when incidents are planted', () => {
    expect(run().truth).toBeNull();
  });
});

describe('generate: JSON formats', () => {
  it('graph-json pages are Graph beta pages of Graph-shaped sign-ins, split by type and page size', () => {
    const r = runAll('graph-json', { rows: 1500, pageRows: 400 });
    const pages = r.files.filter((f) => f.path.includes('nonInteractiveUser'));
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((f, i) => {
      const doc = JSON.parse(fs.readFileSync(f.path, 'utf8'));
      expect(doc['@odata.context']).toBe('https://graph.microsoft.com/beta/$metadata#auditLogs/signIns');
      expect(doc.value).toHaveLength(f.rows);
      expect('@odata.nextLink' in doc).toBe(i < pages.length - 1);
    });
    for (const o of graphObjects(r)) {
      expect(o.createdDateTime).toMatch(isoRe);
      expect(typeof o.status.errorCode).toBe('number');
      expect(o).toHaveProperty('status.failureReason');
      expect(o).toHaveProperty('status.additionalDetails');
      expect(Object.keys(o.location)).toEqual(['city', 'state', 'countryOrRegion', 'geoCoordinates']);
      expect(typeof o.location.geoCoordinates.latitude).toBe('number');
      expect(Object.keys(o.deviceDetail)).toEqual(['deviceId', 'displayName', 'operatingSystem', 'browser', 'isCompliant', 'isManaged', 'trustType']);
      expect(o.isInteractive).toBe(o.signInEventTypes[0] === 'interactiveUser');
      expect(Array.isArray(o.authenticationDetails)).toBe(true);
      expect(Array.isArray(o.appliedConditionalAccessPolicies)).toBe(true);
      expect(typeof o.autonomousSystemNumber).toBe('number');
      if (o.userPrincipalName) expect(o.userPrincipalName).toBe(o.userPrincipalName.toLowerCase());
    }
  });

  it('portal-json writes one JSON array of Graph-style objects per sign-in type', () => {
    const r = runAll('portal-json');
    expect(r.files.map((f) => path.basename(f.path))).toEqual([
      'InteractiveSignIns_2026-09-23_2026-10-06.json', 'NonInteractiveSignIns_2026-09-23_2026-10-06.json', 'ApplicationSignIns_2026-09-23_2026-10-06.json',
    ]);
    for (const f of r.files) {
      const doc = JSON.parse(fs.readFileSync(f.path, 'utf8'));
      expect(Array.isArray(doc)).toBe(true);
      expect(doc).toHaveLength(f.rows);
    }
  });

  it('la-json writes arrays of LA-column objects with dynamic columns as objects and seven-digit ISO dates', () => {
    const r = runAll('la-json');
    expect(r.files.map((f) => path.basename(f.path))).toEqual([
      'SigninLogs_2026-09-23_2026-10-06.json', 'AADNonInteractiveUserSignInLogs_2026-09-23_2026-10-06.json', 'AADServicePrincipalSignInLogs_2026-09-23_2026-10-06.json',
    ]);
    const [si] = JSON.parse(fs.readFileSync(r.files[0]!.path, 'utf8'));
    expect(si.Type).toBe('SigninLogs');
    expect(si.TimeGenerated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    expect(typeof si.Status).toBe('object');
    expect(typeof si.LocationDetails.geoCoordinates.latitude).toBe('number');
    expect(typeof si.ResultType).toBe('string');
  });
});

describe('generate: la-csv', () => {
  it('follows the 2026 Log Analytics export conventions', () => {
    const r = runAll('la-csv');
    const tables = ['SigninLogs', 'AADNonInteractiveUserSignInLogs', 'AADServicePrincipalSignInLogs'];
    r.files.forEach((f, i) => {
      const text = fs.readFileSync(f.path, 'utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toContain('\r\n');
      const { header, rows } = csv(f.path);
      expect(rows).toHaveLength(f.rows);
      const col = (n: string) => header.indexOf(n);
      expect(header[0]).toBe('TimeGenerated [UTC]');
      for (const row of rows) {
        expect(row).toHaveLength(header.length);
        expect(row[col('TimeGenerated [UTC]')]).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2}\.\d{3} (AM|PM)$/);
        expect(row[col('Type')]).toBe(tables[i]);
        expect(row[col('ResultType')]).toMatch(/^\d+$/);
        expect(row[col('ResourceIdentity')]).toMatch(guidRe);
        expect(JSON.parse(row[col('LocationDetails')]!).countryOrRegion).toBe(row[col('Location')]);
        expect(row[col('TenantId')]).not.toBe('');
        if (i < 2) {
          expect(row[col('CreatedDateTime [UTC]')]).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2}\.\d{3} (AM|PM)$/);
          expect(row[col('TenantId')]).not.toBe(row[col('AADTenantId')]);
          expect(JSON.parse(row[col('Status')]!).errorCode).toBe(Number(row[col('ResultType')]));
          expect(row[col('AutonomousSystemNumber')]).toMatch(/^\d+$/);
          expect(['true', 'false']).toContain(row[col('IsInteractive')]);
          expect(row[col('UserPrincipalName')]).toBe(row[col('UserPrincipalName')]!.toLowerCase());
        }
        if (i === 0) expect(row[col('ResourceId')]).toMatch(/^\/tenants\/[0-9a-f-]{36}\/providers\/Microsoft\.aadiam$/);
      }
      if (i === 1) {
        expect(header).toContain('ProcessingTimeInMs');
        expect(header).not.toContain('ResourceId');
        expect(JSON.parse(rows[0]![col('SignInEventTypes')]!)).toEqual(['nonInteractiveUser']);
      }
      if (i === 2) expect(header).toHaveLength(33);
    });
  });
});
