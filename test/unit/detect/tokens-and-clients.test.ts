// Table-driven tests of prt-token-replay, device-code-phishing, ropc-sign-in, aitm-officehome,
// suspicious-client, identity-protection-risk and workload-identity-anomaly.
import { describe, expect, it } from 'vitest';
import { aitmOfficeHome } from '../../../main/detect/aitm-officehome';
import { deviceCodePhishing } from '../../../main/detect/device-code-phishing';
import { identityProtectionRisk } from '../../../main/detect/identity-protection-risk';
import { prtTokenReplay } from '../../../main/detect/prt-token-replay';
import { ropcSignIn } from '../../../main/detect/ropc-sign-in';
import { suspiciousClient } from '../../../main/detect/suspicious-client';
import { trustedFromCidrs } from '../../../main/detect/trusted';
import { workloadIdentityAnomaly } from '../../../main/detect/workload-identity-anomaly';
import { APP, DAY, detect, HOUR, MIN, RESOURCE, series, signIn, T0, type Over } from './build';

const USER = 'dev@contoso.example';
const HOME = '73.42.10.20';
const LAPTOP = { deviceId: 'dev-laptop-1', displayName: 'CTS-LT-1001', operatingSystem: 'Windows10', browser: 'Rich Client 5.4.0.0', isCompliant: true, isManaged: true, trustType: 'Azure AD joined' };

describe('prt-token-replay', () => {
  const session = (t = T0, ip = HOME) => signIn({ t, user: USER, ip, ...APP.windowsSignIn, ...RESOURCE.aad, userAgent: 'Windows-AzureAD-Authentication-Provider/1.0', deviceDetail: LAPTOP });
  const replay = (t: number, ip = '172.104.1.1', over: Over = {}) =>
    signIn({ t, user: USER, ip, ...APP.azureCli, ...RESOURCE.graph, incomingTokenType: 'primaryRefreshToken', deviceDetail: LAPTOP, clientAppUsed: 'Mobile Apps and Desktop clients', ...over });
  it.each([
    ['tooling with the device PRT from another IP an hour after the device session', [session(), replay(T0 + HOUR)], 1],
    ['from the device session IP', [session(), replay(T0 + HOUR, HOME)], 0],
    ['no device session to compare (Elastic inner join)', [replay(T0 + HOUR)], 0],
    ['device session more than 24 hours away (edge)', [session(), replay(T0 + 24 * HOUR + MIN)], 0],
    ['device session 24 hours before (edge)', [session(), replay(T0 + 24 * HOUR)], 1],
    ['an unmanaged, non-compliant device is not a PRT replay', [session(), replay(T0 + HOUR, '172.104.1.1', { deviceDetail: { ...LAPTOP, isCompliant: false, isManaged: false } })], 0],
    ['another resource (Azure management)', [session(), replay(T0 + HOUR, '172.104.1.1', RESOURCE.azureManagement)], 0],
    ['a refresh token, not a PRT', [session(), replay(T0 + HOUR, '172.104.1.1', { incomingTokenType: 'refreshToken' })], 0],
    ['a first-party app that is not tooling', [session(), replay(T0 + HOUR, '172.104.1.1', APP.teams)], 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(prtTokenReplay, records);
    expect(r.findings.filter((f) => !f.key.startsWith('broker|'))).toHaveLength(expected);
    if (expected) {
      expect(r.findings[0]!.ips).toEqual(['172.104.1.1', HOME]);
      expect(r.ids[0]).toHaveLength(2);
    }
  });

  it("an address the user's own non-tooling sign-ins use is cleared (Sightline's refinement), unless turned off", async () => {
    const office = '4.14.90.108';
    const records = [session(), signIn({ t: T0 - DAY, user: USER, ip: office, ...APP.teams }), replay(T0 + HOUR, office)];
    expect((await detect(prtTokenReplay, records)).findings).toHaveLength(0);
    expect((await detect(prtTokenReplay, records, { clearKnownUserIps: false })).findings).toHaveLength(1);
    expect((await detect(prtTokenReplay, [session(), replay(T0 + HOUR)], {}, trustedFromCidrs(['172.104.0.0/16']))).findings).toHaveLength(0);
  });

  it('LETHAL-021: the Authentication Broker with an unbound PRT for a member is a medium companion', async () => {
    const broker = (status: string) => signIn({ user: USER, ...APP.broker, incomingTokenType: 'primaryRefreshToken', deviceDetail: LAPTOP, tokenProtectionStatusDetails: { signInSessionStatus: status, signInSessionStatusCode: 0 } });
    const r = await detect(prtTokenReplay, [broker('unbound')]);
    expect(r.findings.map((f) => [f.key.split('|')[0], f.severity])).toEqual([['broker', 'medium']]);
    expect((await detect(prtTokenReplay, [broker('bound')])).findings).toHaveLength(0);
    expect((await detect(prtTokenReplay, [broker('unbound')], { brokerCompanion: false })).findings).toHaveLength(0);
  });
});

describe('device-code-phishing', () => {
  const code = (over: Over = {}) => signIn({ user: USER, ip: '3.80.1.1', authenticationProtocol: 'deviceCode', originalTransferMethod: 'deviceCodeFlow', ...APP.office, ...RESOURCE.graph, ...over });
  const trustedLocation = { networkLocationDetails: [{ networkType: 'trustedNamedLocation', networkNames: ['HQ'] }] };
  it.each([
    ['the broker to the Device Registration Service', [code({ ...APP.broker, ...RESOURCE.drs })], 'high'],
    ['outside a trusted named location', [code()], 'high'],
    ['from a trusted named location, another app', [code(trustedLocation)], 'medium'],
    ['the broker, even from a trusted location', [code({ ...APP.broker, ...trustedLocation })], 'high'],
    ['no device code', [signIn({ user: USER })], null],
  ])('%s', async (_name, records, severity) => {
    const r = await detect(deviceCodePhishing, records);
    expect(r.findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it("gathers the tokens' later use (originalTransferMethod deviceCodeFlow) from the same address", async () => {
    const records = [
      code({ t: T0, ...trustedLocation }),
      signIn({ t: T0 + 10 * MIN, user: USER, ip: '3.80.1.1', type: 'nonInteractiveUser', originalTransferMethod: 'deviceCodeFlow', ...APP.office, ...RESOURCE.exchange }),
      signIn({ t: T0 + 20 * MIN, user: USER, ip: '3.80.1.1', type: 'nonInteractiveUser', ...APP.office }),
    ];
    const r = await detect(deviceCodePhishing, records);
    expect(r.ids[0]).toEqual([records[0]!['id'], records[1]!['id']]);
    expect(r.findings[0]!.explanation).toMatch(/1 later sign-in used the tokens/);
  });

  it('sources without authenticationProtocol are not evaluable', async () => {
    const old = signIn({ user: USER });
    delete old['authenticationProtocol'];
    expect((await detect(deviceCodePhishing, [old, code()])).notEvaluable).toBe(1);
  });
});

describe('ropc-sign-in', () => {
  const ip = '146.190.1.1';
  it.each([
    ['authenticationProtocol ropc', [signIn({ ip, authenticationProtocol: 'ropc' })], 1],
    ['BAV2ROPC with single-factor authentication', [signIn({ ip, userAgent: 'BAV2ROPC', authenticationRequirement: 'singleFactorAuthentication' })], 1],
    ['BAV2ROPC with MFA', [signIn({ ip, userAgent: 'BAV2ROPC' })], 0],
    ['OAuth2', [signIn({ ip, authenticationProtocol: 'oAuth2' })], 0],
    ['one finding per app and address, naming its accounts', series(3, T0, MIN, (i) => ({ ip, user: `u${i}@contoso.example`, authenticationProtocol: 'ropc' })), 1],
  ])('%s', async (_name, records, expected) => {
    expect((await detect(ropcSignIn, records)).findings).toHaveLength(expected);
  });

  it('a spoofed client id (700016, no app name) once per app id, and the 50126 -> 700016 oracle', async () => {
    const spoof = (t: number) => signIn({ t, user: USER, ip, code: 700016, appDisplayName: null, appId: '11111111-2222-3333-4444-555555555555', authenticationProtocol: 'ropc' });
    const r = await detect(ropcSignIn, [signIn({ t: T0 - HOUR, user: USER, ip, code: 50126 }), spoof(T0), spoof(T0 + DAY), spoof(T0 + 12 * DAY)], { userAgents: [] });
    const spoofed = r.findings.filter((f) => f.key.startsWith('spoofed|'));
    expect(spoofed).toHaveLength(2);
    expect(spoofed[0]!.facts).toMatchObject({ validated: [USER] });
  });
});

describe('aitm-officehome', () => {
  const office = (over: Over = {}) => signIn({ t: T0, user: USER, ip: '45.32.1.1', ...APP.officeHome, ...over });
  const history = signIn({ t: T0 - DAY, user: USER, ip: HOME, ...APP.teams, deviceDetail: LAPTOP });
  it.each([
    ['no device id, from an address new for the user', [history, office()], 'high'],
    ['no device id, from the user\'s usual address', [history, signIn({ t: T0 - DAY, user: USER, ip: '45.32.1.1', deviceDetail: LAPTOP, ...APP.teams }), office()], 'medium'],
    ['no history to call an address new', [office()], 'medium'],
    ['from a hosting ASN', [office({ autonomousSystemNumber: 20473 })], 'high'],
    ['with a device id', [history, office({ deviceDetail: LAPTOP })], null],
    ['a wrong password (not a proxied step)', [history, office({ code: 50126 })], null],
    ['50074, 50140 and 53000 are proxied steps', [history, office({ code: 50074 }), office({ code: 50140 }), office({ code: 53000 })], 'high'],
  ])('%s', async (_name, records, severity) => {
    const r = await detect(aitmOfficeHome, records);
    expect(r.findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });
});

describe('suspicious-client', () => {
  it.each([
    ['azurehound', [signIn({ userAgent: 'azurehound/v2.2.1' })], ['high']],
    ['python-requests, any case', [signIn({ userAgent: 'Python-Requests/2.32.3' })], ['medium']],
    ['rclone by app id', [signIn({ appId: '4761b959-9780-4c2d-87a3-512b4638f767', appDisplayName: 'rclone' })], ['high']],
    ['an ordinary browser', [signIn()], []],
    ['a spray tool against many accounts from one address is one finding', series(4, T0, MIN, (i) => ({ user: `u${i}@contoso.example`, userAgent: 'fasthttp', ip: '45.77.1.1' })), ['high']],
  ])('%s', async (_name, records, severities) => {
    expect((await detect(suspiciousClient, records)).findings.map((f) => f.severity)).toEqual(severities);
  });

  it('first-party developer tooling only from an address the user used for nothing else (low)', async () => {
    const usual = [signIn({ t: T0 - HOUR, user: USER, ip: HOME, ...APP.teams }), signIn({ t: T0, user: USER, ip: HOME, ...APP.azureCli })];
    expect((await detect(suspiciousClient, usual)).findings).toHaveLength(0);
    expect((await detect(suspiciousClient, usual, { toolingOnlyFromNewIps: false })).findings.map((f) => f.severity)).toEqual(['low']);
    const away = [...usual, signIn({ t: T0 + HOUR, user: USER, ip: '172.104.1.1', ...APP.azureCli })];
    const r = await detect(suspiciousClient, away);
    expect(r.findings.map((f) => [f.severity, f.ips])).toEqual([['low', ['172.104.1.1']]]);
  });

  it('the lists are parameters', async () => {
    expect((await detect(suspiciousClient, [signIn({ userAgent: 'MyCorpSync/1.0' })], { userAgentsMedium: ['mycorpsync'] })).findings).toHaveLength(1);
    expect((await detect(suspiciousClient, [signIn({ userAgent: 'azurehound/v2' })], { userAgentsHigh: [] })).findings).toHaveLength(0);
  });
});

describe('identity-protection-risk', () => {
  const risky = (over: Over) => signIn({ user: USER, ...over });
  it.each([
    ['high during, at risk, aggregated high', [risky({ riskLevelDuringSignIn: 'high', riskState: 'atRisk', riskLevelAggregated: 'high', riskEventTypes_v2: ['anonymizedIPAddress'] })], 'high'],
    ['high during but aggregated low', [risky({ riskLevelDuringSignIn: 'high', riskState: 'atRisk', riskLevelAggregated: 'low' })], 'medium'],
    ['medium risk', [risky({ riskLevelDuringSignIn: 'medium', riskState: 'atRisk', riskLevelAggregated: 'medium' })], 'medium'],
    ['risk event types alone', [risky({ riskEventTypes_v2: ['unlikelyTravel'] })], 'medium'],
    ['dismissed by an admin', [risky({ riskLevelDuringSignIn: 'high', riskState: 'dismissed', riskLevelAggregated: 'high' })], null],
    ['no risk', [risky({})], null],
  ])('%s', async (_name, records, severity) => {
    const r = await detect(identityProtectionRisk, records);
    expect(r.findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it('"hidden" (no P2) and missing risk fields are not evaluable', async () => {
    const none = signIn({});
    delete none['riskLevelDuringSignIn'];
    const r = await detect(identityProtectionRisk, [risky({ riskLevelDuringSignIn: 'hidden', riskLevelAggregated: 'hidden', riskState: 'none' }), none, risky({})]);
    expect(r.notEvaluable).toBe(2);
  });
});

describe('workload-identity-anomaly', () => {
  const SP_APP = { appId: 'aaaaaaaa-1111-2222-3333-444444444444', appDisplayName: 'Contoso Backup Connector' };
  const KEY = '0a0a0a0a-1111-2222-3333-444444444444';
  const sp = (t: number, ip: string, asn: number, key = KEY) =>
    signIn({ t, type: 'servicePrincipal', user: null, ip, autonomousSystemNumber: asn, servicePrincipalName: SP_APP.appDisplayName, servicePrincipalCredentialKeyId: key, ...SP_APP, ...RESOURCE.graph, clientAppUsed: null, userAgent: null });
  const learned = Array.from({ length: 10 }, (_, i) => sp(T0 + i * 18 * HOUR, i % 2 ? '20.50.1.1' : '20.50.1.2', 8075));
  const later = T0 + 9 * DAY;
  it.each([
    ['a new key from a new network', [...learned, sp(later, '51.75.1.1', 16276, 'ffffffff-1111-2222-3333-444444444444')], [['key', 'high']]],
    ['a new key from a known network', [...learned, sp(later, '20.50.1.1', 8075, 'ffffffff-1111-2222-3333-444444444444')], [['key', 'medium']]],
    ['the known key from a new ASN', [...learned, sp(later, '51.75.1.1', 16276)], [['asn', 'medium']]],
    ['the known key from a new IP in a known ASN (cloud addresses rotate)', [...learned, sp(later, '20.50.9.9', 8075)], []],
    ['nothing new', [...learned, sp(later, '20.50.1.1', 8075)], []],
    ['new things during the learning days are learned', [...learned.slice(0, 3), sp(T0 + 2 * DAY, '51.75.1.1', 16276, 'ffffffff-1111-2222-3333-444444444444')], []],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(workloadIdentityAnomaly, records);
    expect(r.findings.map((f) => [f.key.split('|')[1], f.severity])).toEqual(expected);
  });

  it('a new IP in a known ASN is raised (low) when asked', async () => {
    const r = await detect(workloadIdentityAnomaly, [...learned, sp(later, '20.50.9.9', 8075)], { newIpInKnownAsn: true });
    expect(r.findings.map((f) => [f.key.split('|')[1], f.severity])).toEqual([['ip', 'low']]);
  });

  it('managed identities too (no credential key)', async () => {
    const mi = (t: number, ip: string) => signIn({ t, type: 'managedIdentity', user: null, ip, ...SP_APP, managedServiceIdentity: { msiType: 'systemAssigned' } });
    const r = await detect(workloadIdentityAnomaly, [mi(T0, '20.50.1.1'), mi(T0 + 8 * DAY, '20.50.1.1'), mi(T0 + 9 * DAY, '51.75.1.1')]);
    expect(r.findings.map((f) => f.severity)).toEqual(['low']);
    expect(r.notEvaluable).toBe(0);
  });
});
