// Table-driven tests of mfa-fatigue, mfa-denied-or-fraud, legacy-auth, success-then-fail-different-ip
// and ca-failure-multiple-ips.
import { describe, expect, it } from 'vitest';
import { caFailureMultipleIps } from '../../../main/detect/ca-failure-multiple-ips';
import { legacyAuth } from '../../../main/detect/legacy-auth';
import { mfaDeniedOrFraud } from '../../../main/detect/mfa-denied-or-fraud';
import { mfaFatigue } from '../../../main/detect/mfa-fatigue';
import { successThenFailDifferentIp } from '../../../main/detect/success-then-fail-different-ip';
import { trustedFromCidrs } from '../../../main/detect/trusted';
import { APP, detect, HOUR, MIN, series, signIn, T0, type Over } from './build';

const DECLINED = 'MFA denied; user declined the authentication';
const IGNORED = 'MFA denied; user did not respond to mobile app notification';
const VICTIM = 'ana@contoso.example';

describe('mfa-fatigue', () => {
  const pushes = (n: number, gap: number, over: (i: number) => Over = () => ({})) =>
    series(n, T0, gap, (i) => ({ user: VICTIM, ip: '146.70.1.1', code: 500121, details: i % 3 ? DECLINED : IGNORED, ...over(i) }));
  const approval = (t: number, ip = '146.70.1.1') => signIn({ t, user: VICTIM, ip, code: 0, details: 'MFA completed in Azure AD' });

  it.each([
    ['11 denials within 5 minutes, then an approval', [...pushes(11, 25_000), approval(T0 + 4.8 * MIN)], 'high'],
    ['10 denials are not more than 10 (edge)', [...pushes(10, 25_000), approval(T0 + 4.8 * MIN)], null],
    ['11 denials spanning 5 minutes exactly (edge)', [...pushes(11, 30_000), approval(T0 + 5 * MIN)], 'high'],
    ['11 denials spanning just over 5 minutes', pushes(11, 30_001), null],
    ['11 denials and no approval: the hunting variant', pushes(11, 25_000), 'medium'],
    ['an approval from another IP does not count', [...pushes(11, 25_000), approval(T0 + 4.8 * MIN, '8.8.8.8')], 'medium'],
    ['an approval after the 5 minutes does not count', [...pushes(11, 25_000), approval(T0 + 5 * MIN + 1)], 'medium'],
  ])('%s', async (_name, records, severity) => {
    const r = await detect(mfaFatigue, records);
    expect(r.findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it('reads the authentication steps when the summary text is missing, and says so', async () => {
    const records = [...pushes(11, 20_000, () => ({ details: null, steps: ['Correct password', DECLINED] })), signIn({ t: T0 + 4 * MIN, user: VICTIM, ip: '146.70.1.1', code: 0, steps: ['Correct password', 'MFA successfully completed'] })];
    const r = await detect(mfaFatigue, records);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('high');
    expect(r.findings[0]!.explanation).toMatch(/authentication steps/);
    expect(r.ids[0]).toHaveLength(12);
  });

  it('the threshold and window are parameters', async () => {
    expect((await detect(mfaFatigue, pushes(6, 25_000), { minDenials: 5 })).findings).toHaveLength(1);
    expect((await detect(mfaFatigue, pushes(11, 60_000), { windowMinutes: 10 })).findings).toHaveLength(1);
  });
});

describe('mfa-denied-or-fraud', () => {
  const deny = (t: number, details: string) => signIn({ t, user: VICTIM, ip: '146.70.1.1', code: 500121, details });
  it.each([
    ['one declined prompt', [deny(T0, DECLINED)], ['medium']],
    ['a prompt reported as fraud', [deny(T0, 'MFA denied; Phone App Reported Fraud')], ['high']],
    ['an unanswered prompt is not a denial', [deny(T0, IGNORED)], []],
    ['declines within an hour are one finding', [deny(T0, DECLINED), deny(T0 + 59 * MIN, DECLINED)], ['medium']],
    ['declines further apart are two', [deny(T0, DECLINED), deny(T0 + 61 * MIN, DECLINED)], ['medium', 'medium']],
    ['a decline then fraud is high', [deny(T0, DECLINED), deny(T0 + 2 * MIN, 'MFA denied; Phone App Reported Fraud')], ['high']],
  ])('%s', async (_name, records, severities) => {
    const r = await detect(mfaDeniedOrFraud, records);
    expect(r.findings.map((f) => f.severity)).toEqual(severities);
  });

  it('other 500121 text, and other codes, are not denials', async () => {
    expect((await detect(mfaDeniedOrFraud, [signIn({ code: 500121, details: 'Authentication failed during strong authentication request.' }), signIn({ code: 50126, details: DECLINED })])).findings).toHaveLength(0);
  });
});

describe('legacy-auth', () => {
  const legacy = (client: string, code = 0, over: Over = {}) => signIn({ user: 'mail@contoso.example', ip: '51.75.1.1', code, clientAppUsed: client, ...APP.exchange, ...over });
  it.each([
    ['IMAP4 success', [legacy('IMAP4')], 1],
    ['IMAP4 failure only', [legacy('IMAP4', 50126)], 0],
    ['the portal spelling "MAPI over HTTP", any case', [legacy('MAPI over HTTP')], 1],
    ['Offline Address Book is legacy too', [legacy('Offline Address Book')], 1],
    ['modern clients are not', [legacy('Browser'), legacy('Mobile Apps and Desktop clients')], 0],
    ['one finding per user, client and app (IPs listed)', [legacy('POP3'), legacy('POP3', 0, { ipAddress: '51.75.2.2' }), legacy('Authenticated SMTP')], 2],
  ])('%s', async (_name, records, expected) => {
    expect((await detect(legacyAuth, records)).findings).toHaveLength(expected);
  });

  it('counts failures of the same client beside the successes, and reports missing client apps', async () => {
    const r = await detect(legacyAuth, [legacy('Authenticated SMTP'), legacy('Authenticated SMTP', 50126), signIn({ clientAppUsed: null })]);
    expect(r.findings[0]!.facts).toMatchObject({ successes: 1, failures: 1 });
    expect(r.notEvaluable).toBe(1);
  });

  it('the client list is a parameter', async () => {
    expect((await detect(legacyAuth, [legacy('IMAP4')], { clients: ['POP3'] })).findings).toHaveLength(0);
  });
});

describe('success-then-fail-different-ip', () => {
  const ok = (over: Over = {}) => signIn({ t: T0, user: VICTIM, ip: '73.42.10.20', code: 0, ...APP.teams, ...over });
  const fail = (after: number, over: Over = {}) => signIn({ t: T0 + after, user: VICTIM, ip: '161.97.1.2', code: 50126, status: { errorCode: over.code ?? 50126, failureReason: 'Error validating credentials due to invalid username or password.' }, ...APP.teams, ...over });
  it.each([
    ['a failure from another /16 five minutes after a success', [ok(), fail(5 * MIN)], 1],
    ['10 minutes exactly (edge)', [ok(), fail(10 * MIN)], 1],
    ['11 minutes later', [ok(), fail(11 * MIN)], 0],
    ['the same /16', [ok(), fail(5 * MIN, { ip: '73.42.200.1' })], 0],
    ['a failure before the success', [ok(), fail(-MIN)], 0],
    ['another app', [ok(), fail(5 * MIN, APP.office)], 0],
    ['50140 is not a failure', [ok(), fail(5 * MIN, { code: 50140 })], 0],
    ['Exchange Online is left out', [ok(APP.exchange), fail(5 * MIN, APP.exchange)], 0],
    ['IPv6: the first two hextets', [ok({ ip: '2a02:1234:5::1' }), fail(MIN, { ip: '2a02:9999:5::1' })], 1],
    ['IPv6: same first two hextets', [ok({ ip: '2a02:1234:5::1' }), fail(MIN, { ip: '2a02:1234:7::1' })], 0],
  ])('%s', async (_name, records, expected) => {
    expect((await detect(successThenFailDifferentIp, records)).findings).toHaveLength(expected);
  });

  it("the user's own registered phone switching to its carrier is not someone else", async () => {
    const phone = { deviceId: 'd-phone', displayName: 'iPhone', operatingSystem: 'Ios', browser: 'Rich Client', isCompliant: true, isManaged: true, trustType: 'Azure AD registered' };
    const records = [ok({ deviceDetail: phone, t: T0 - HOUR }), ok(), fail(3 * MIN, { deviceDetail: phone, code: 50074 })];
    expect((await detect(successThenFailDifferentIp, records)).findings).toHaveLength(0);
    expect((await detect(successThenFailDifferentIp, records, { ignoreKnownDevices: false })).findings).toHaveLength(1);
  });

  it('a failing address in a trusted range is the user\'s own network', async () => {
    expect((await detect(successThenFailDifferentIp, [ok(), fail(MIN)], {}, trustedFromCidrs(['161.97.0.0/16']))).findings).toHaveLength(0);
  });
});

describe('ca-failure-multiple-ips', () => {
  const blocked = (ip: string, t = T0, over: Over = {}) =>
    signIn({
      t, user: VICTIM, ip, code: 53003, conditionalAccessStatus: 'failure', country: 'RU', city: 'Saint Petersburg', state: 'Saint Petersburg',
      appliedConditionalAccessPolicies: [{ id: 'p1', displayName: 'Block sanctioned countries', result: 'failure' }, { id: 'p2', displayName: 'Require MFA', result: 'notApplied' }],
      ...over,
    });
  it.each([
    ['two IPs, same user, app, browser, OS and place', [blocked('5.188.1.1'), blocked('5.188.2.2', T0 + 10 * MIN)], 1],
    ['one IP', [blocked('5.188.1.1'), blocked('5.188.1.1', T0 + 10 * MIN)], 0],
    ['different browsers are different groups', [blocked('5.188.1.1'), blocked('5.188.2.2', T0, { deviceDetail: { browser: 'Firefox 143.0', operatingSystem: 'Windows10' } })], 0],
    ['after a completed MFA it is not a bypass attempt', [blocked('5.188.1.1', T0, { details: 'MFA successfully completed' }), blocked('5.188.2.2', T0, { details: 'MFA successfully completed' })], 0],
    ['Conditional Access success', [blocked('5.188.1.1', T0, { conditionalAccessStatus: 'success' }), blocked('5.188.2.2', T0, { conditionalAccessStatus: 'success' })], 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(caFailureMultipleIps, records);
    expect(r.findings).toHaveLength(expected);
    if (expected) {
      expect(r.findings[0]!.severity).toBeUndefined();
      expect(r.findings[0]!.facts).toMatchObject({ failedPolicies: ['Block sanctioned countries'] });
    }
  });

  it('benign codes are left out, and a missing policy list is said', async () => {
    const records = [blocked('5.188.1.1', T0, { appliedConditionalAccessPolicies: [] }), blocked('5.188.2.2', T0, { appliedConditionalAccessPolicies: [] })];
    expect((await detect(caFailureMultipleIps, records, { benignCodes: ['53003'] })).findings).toHaveLength(0);
    expect((await detect(caFailureMultipleIps, records)).findings[0]!.explanation).toMatch(/lacked Conditional Access read rights/);
  });
});
