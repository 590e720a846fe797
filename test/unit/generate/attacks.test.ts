// Each planted incident meets the logic and thresholds of its detection in ../shared/reference/detections.md,
// and the baseline alone does not look like an attack.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_KINDS } from '../../../main/generate/attacks';
import type { GenerateResult } from '../../../main/generate/generate';
import { graphObjects, runAll, type Obj } from './util';

type Incident = { kind: string; users: string[]; ips: string[]; requestIds: string[]; anchorRequestIds: string[] };

const HOSTING_ASNS = new Set([14061, 24940, 16276, 20473, 63949, 51167, 16509, 9009, 212238, 49505, 60729]);
const LEGACY = ['authenticated smtp', 'autodiscover', 'exchange activesync', 'exchange online powershell', 'exchange web services', 'imap4', 'mapi over http', 'outlook anywhere (rpc over http)', 'outlook service', 'pop3', 'reporting web services', 'other clients', 'offline address book'];
const MINUTE = 60_000;

function km(a: Obj, b: Obj): number {
  const r = Math.PI / 180;
  const [la1, lo1, la2, lo2] = [a.latitude * r, a.longitude * r, b.latitude * r, b.longitude * r];
  const h = Math.sin((la2 - la1) / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin((lo2 - lo1) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

let result: GenerateResult;
let all: Obj[];
let byId: Map<string, Obj>;
let incidents: Map<string, Incident>;
const t = (o: Obj) => Date.parse(o.createdDateTime);
const rowsOf = (kind: string) => incidents.get(kind)!.requestIds.map((id) => byId.get(id)!).sort((a, b) => t(a) - t(b));

beforeAll(() => {
  result = runAll('graph-json', { rows: 3000, users: 40, seed: 11 });
  all = graphObjects(result);
  byId = new Map(all.map((o) => [o.id, o]));
  const truth = JSON.parse(fs.readFileSync(result.truth!, 'utf8'));
  incidents = new Map(truth.incidents.map((i: Incident) => [i.kind, i]));
});

describe('planted incidents', () => {
  it('password-spray: one IP fails for >= 5 accounts inside 20 minutes, more failing than succeeding principals', () => {
    const rows = rowsOf('password-spray');
    const bins = new Map<string, Set<string>>();
    for (const o of rows.filter((o) => [50053, 50126, 50055].includes(o.status.errorCode))) {
      const key = `${o.ipAddress}|${Math.floor(t(o) / (20 * MINUTE))}`;
      bins.set(key, (bins.get(key) ?? new Set()).add(o.userPrincipalName));
    }
    expect(Math.max(...[...bins.values()].map((s) => s.size))).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((o) => o.userPrincipalName)).size).toBeGreaterThanOrEqual(10);
    expect(rows.some((o) => o.status.errorCode === 50076)).toBe(true);
    for (const o of rows) expect(HOSTING_ASNS.has(o.autonomousSystemNumber)).toBe(true);
  });

  it('brute-force-then-success: >= 10 failures, gaps <= 20 min, then a success from the same IP', () => {
    const rows = rowsOf('brute-force-then-success').filter((o) => o.isInteractive);
    const success = rows.findIndex((o) => o.status.errorCode === 0);
    expect(success).toBeGreaterThanOrEqual(10);
    for (let i = 1; i <= success; i++) expect(t(rows[i]!) - t(rows[i - 1]!)).toBeLessThanOrEqual(20 * MINUTE);
    expect(new Set(rows.map((o) => o.ipAddress)).size).toBe(1);
  });

  it('mfa-fatigue: > 10 MFA denials and an approval within five minutes, one user, IP and place', () => {
    const rows = rowsOf('mfa-fatigue').filter((o) => o.isInteractive);
    const steps = rows.flatMap((o) => o.authenticationDetails.map((s: Obj) => s.authenticationStepResultDetail));
    const denials = steps.filter((s) => s === 'MFA denied; user declined the authentication' || s === 'MFA denied; user did not respond to mobile app notification');
    expect(denials.length).toBeGreaterThan(10);
    expect(steps).toContain('MFA successfully completed');
    expect(t(rows.at(-1)!) - t(rows[0]!)).toBeLessThanOrEqual(5 * MINUTE);
    expect(new Set(rows.map((o) => `${o.userPrincipalName}|${o.ipAddress}|${o.location.city}`)).size).toBe(1);
    for (const o of rows) expect(o.authenticationRequirement).toBe('multiFactorAuthentication');
    expect(rows.filter((o) => o.status.errorCode === 500121).every((o) => /^MFA denied; /.test(o.status.additionalDetails))).toBe(true);
  });

  it('impossible-travel: two successes >= 500 km apart faster than 800 km/h (after 2 x 50 km uncertainty)', () => {
    const [a, b] = rowsOf('impossible-travel').filter((o) => o.isInteractive);
    expect(a!.status.errorCode).toBe(0);
    expect(b!.status.errorCode).toBe(0);
    const d = km(a!.location.geoCoordinates, b!.location.geoCoordinates);
    expect(d).toBeGreaterThanOrEqual(500);
    expect((d - 100) / ((t(b!) - t(a!)) / 3_600_000)).toBeGreaterThanOrEqual(800);
    expect(incidents.get('impossible-travel')!.anchorRequestIds).toEqual([a!.id]);
  });

  it('legacy-auth: successful sign-ins over legacy protocols', () => {
    const ok = rowsOf('legacy-auth').filter((o) => o.status.errorCode === 0);
    expect(new Set(ok.map((o) => o.clientAppUsed))).toEqual(new Set(['IMAP4', 'POP3', 'Authenticated SMTP']));
    for (const o of ok) expect(LEGACY).toContain(o.clientAppUsed.toLowerCase());
  });

  it('device-code-phishing: deviceCode protocol / deviceCodeFlow transfer, broker to DRS, from a hosting ASN', () => {
    const rows = rowsOf('device-code-phishing');
    expect(rows[0]).toMatchObject({ authenticationProtocol: 'deviceCode', originalTransferMethod: 'deviceCodeFlow', appId: '29d9ed98-a469-4536-ade2-f981bc1d605e', resourceId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' });
    for (const o of rows) {
      expect(o.originalTransferMethod).toBe('deviceCodeFlow');
      expect(HOSTING_ASNS.has(o.autonomousSystemNumber)).toBe(true);
    }
  });

  it('token-replay: the victim\'s device session replayed by FOCI tooling to Graph with a PRT from another country', () => {
    const inc = incidents.get('token-replay')!;
    const rows = rowsOf('token-replay');
    const anchor = byId.get(inc.anchorRequestIds[0]!)!;
    expect(anchor).toMatchObject({ appDisplayName: 'Windows Sign In', userAgent: 'Windows-AzureAD-Authentication-Provider/1.0' });
    const replays = rows.filter((o) => o.id !== anchor.id);
    expect(replays.length).toBeGreaterThanOrEqual(3);
    const foci = ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', '1950a258-227b-4e31-a9cf-717495945fc2', '14d82eec-204b-4c2f-b7e8-296a70dab67e'];
    for (const o of replays) {
      expect(foci).toContain(o.appId);
      expect(o).toMatchObject({ resourceId: '00000003-0000-0000-c000-000000000000', incomingTokenType: 'primaryRefreshToken', sessionId: anchor.sessionId });
      expect(o.deviceDetail.deviceId).toBe(anchor.deviceDetail.deviceId);
      expect(o.deviceDetail.deviceId).not.toBe('');
      expect(o.deviceDetail.isCompliant || o.deviceDetail.isManaged).toBe(true);
      expect(o.ipAddress).not.toBe(anchor.ipAddress);
      expect(o.location.countryOrRegion).not.toBe(anchor.location.countryOrRegion);
      expect(t(o) - t(anchor)).toBeLessThan(24 * 3_600_000);
    }
  });

  it('hosting-asn, aitm-officehome, suspicious-client, ropc, identity-protection-risk carry their tell-tale fields', () => {
    expect(rowsOf('hosting-asn').every((o) => HOSTING_ASNS.has(o.autonomousSystemNumber) && o.status.errorCode === 0)).toBe(true);
    const aitm = rowsOf('aitm-officehome').filter((o) => o.isInteractive);
    expect(aitm.map((o) => o.status.errorCode).slice(0, 3)).toEqual([50074, 0, 50140]);
    for (const o of aitm) expect(o).toMatchObject({ appDisplayName: 'OfficeHome', appId: '4765445b-32c6-49b0-83e6-1d93765276ca', deviceDetail: { deviceId: '' } });
    expect(rowsOf('suspicious-client').every((o) => /azurehound/i.test(o.userAgent))).toBe(true);
    expect(rowsOf('ropc-sign-in').filter((o) => o.status.errorCode === 0).every((o) => o.authenticationProtocol === 'ropc' && o.authenticationRequirement === 'singleFactorAuthentication')).toBe(true);
    const risky = rowsOf('identity-protection-risk').at(-1)!;
    expect(risky).toMatchObject({ riskLevelDuringSignIn: 'high', riskState: 'atRisk', riskLevelAggregated: 'high' });
    expect(risky.riskEventTypes_v2).toContain('anonymizedIPAddress');
  });

  it('new-country: a success from a country the user never used before, after 7 days of history', () => {
    const [first] = rowsOf('new-country');
    const user = first!.userPrincipalName;
    const earlier = all.filter((o) => o.userPrincipalName === user && t(o) < t(first!) && o.status.errorCode === 0);
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.map((o) => o.location.countryOrRegion)).not.toContain(first!.location.countryOrRegion);
    expect(t(first!) - Date.parse('2026-09-23T00:00:00Z')).toBeGreaterThanOrEqual(7 * 86_400_000);
  });

  it('distributed cracking, enumeration, disabled probing, CA failures and mfa fraud meet their thresholds', () => {
    const dpc = rowsOf('distributed-password-cracking');
    expect(dpc.length).toBeGreaterThan(30);
    expect(new Set(dpc.map((o) => o.createdDateTime.slice(0, 10))).size).toBe(1);
    expect(new Set(dpc.map((o) => o.location.countryOrRegion)).size).toBeGreaterThanOrEqual(3);
    const en = rowsOf('user-enumeration').filter((o) => o.status.errorCode === 50034);
    expect(new Set(en.map((o) => o.userPrincipalName)).size).toBeGreaterThanOrEqual(10);
    expect(t(en.at(-1)!) - t(en[0]!)).toBeLessThan(60 * MINUTE);
    const probe = rowsOf('disabled-account-probing');
    const disabled = new Set(probe.filter((o) => o.status.errorCode === 50057).map((o) => o.userPrincipalName));
    const ok = new Set(probe.filter((o) => o.status.errorCode === 0).map((o) => o.userPrincipalName));
    expect(disabled.size).toBeGreaterThanOrEqual(1);
    expect(disabled.size / ok.size).toBeGreaterThanOrEqual(0.5);
    for (const u of disabled) expect(all.filter((o) => o.userPrincipalName === u && !probe.includes(o))).toEqual([]);
    const ca = rowsOf('ca-failure-multiple-ips');
    expect(ca.every((o) => o.conditionalAccessStatus === 'failure' && o.appliedConditionalAccessPolicies.some((p: Obj) => p.result === 'failure'))).toBe(true);
    expect(new Set(ca.map((o) => o.ipAddress)).size).toBeGreaterThan(1);
    expect(new Set(ca.map((o) => `${o.location.city}|${o.deviceDetail.browser}|${o.deviceDetail.operatingSystem}`)).size).toBe(1);
    expect(rowsOf('mfa-denied-or-fraud').some((o) => o.status.errorCode === 500121 && o.status.additionalDetails === 'MFA denied; Phone App Reported Fraud')).toBe(true);
    const stf = rowsOf('success-then-fail-different-ip');
    expect(stf[0]!.status.errorCode).toBe(0);
    expect(stf[1]!.status.errorCode).toBe(50126);
    expect(t(stf[1]!) - t(stf[0]!)).toBeLessThanOrEqual(10 * MINUTE);
    expect(stf[1]!.ipAddress.split('.').slice(0, 2)).not.toEqual(stf[0]!.ipAddress.split('.').slice(0, 2));
    expect(stf[1]!.appId).toBe(stf[0]!.appId);
  });
});

describe('baseline', () => {
  it('has no impossible travel, no hosting ASNs for users, no password spray and no brute force of its own', () => {
    const planted = new Set([...incidents.values()].flatMap((i) => i.requestIds));
    const base = all.filter((o) => !planted.has(o.id));
    expect(base.length + planted.size).toBe(3000);
    const users = new Map<string, Obj[]>();
    for (const o of base) {
      if (o.isInteractive && o.status.errorCode === 0 && o.userPrincipalName) users.set(o.userPrincipalName, [...(users.get(o.userPrincipalName) ?? []), o]);
      if (o.userPrincipalName) expect(HOSTING_ASNS.has(o.autonomousSystemNumber), o.ipAddress).toBe(false);
    }
    for (const list of users.values()) {
      list.sort((a, b) => t(a) - t(b));
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1]!, list[i]!];
        if (a.ipAddress === b.ipAddress) continue;
        const d = km(a.location.geoCoordinates, b.location.geoCoordinates);
        const hours = Math.max((t(b) - t(a)) / 3_600_000, 1 / 60);
        expect(d < 500 || (d - 100) / hours < 800, `${a.userPrincipalName} ${a.location.city} -> ${b.location.city}`).toBe(true);
      }
    }
    const bins = new Map<string, Set<string>>();
    for (const o of base.filter((o) => o.status.errorCode === 50126)) {
      const key = `${o.ipAddress}|${Math.floor(t(o) / (20 * MINUTE))}`;
      bins.set(key, (bins.get(key) ?? new Set()).add(o.userPrincipalName));
    }
    expect(Math.max(0, ...[...bins.values()].map((s) => s.size))).toBeLessThan(5);
    expect(ATTACK_KINDS.length).toBe(incidents.size);
  });
});
