// Table-driven tests of the password-guessing detections: distributed cracking, brute force then
// success, user enumeration, Seamless SSO spray, disabled-account probing.
import { describe, expect, it } from 'vitest';
import { bruteForceThenSuccess } from '../../../main/detect/brute-force-then-success';
import { disabledAccountProbing } from '../../../main/detect/disabled-account-probing';
import { distributedPasswordCracking } from '../../../main/detect/distributed-password-cracking';
import { seamlessSsoSpray } from '../../../main/detect/seamless-sso-spray';
import { userEnumeration } from '../../../main/detect/user-enumeration';
import { APP, DAY, detect, HOUR, MIN, series, signIn, T0 } from './build';

const PLACES = [
  { country: 'VN', city: 'Hanoi', state: 'Ha Noi' },
  { country: 'ID', city: 'Jakarta', state: 'Jakarta' },
  { country: 'TR', city: 'Istanbul', state: 'Istanbul' },
];
const DAY0 = Date.parse('2026-10-01T00:00:00.000Z');

describe('distributed-password-cracking', () => {
  const cracking = (n: number, places: number, gap = 20 * MIN, start = DAY0 + 10 * MIN) =>
    series(n, start, gap, (i) => ({ user: 'victim@contoso.example', ip: `103.1.${i}.9`, code: i % 4 ? 50126 : 50053, ...PLACES[i % places] }));
  it.each([
    ['31 failures from 3 places in one day', cracking(31, 3), 1],
    ['30 failures are not more than 30 (edge)', cracking(30, 3), 0],
    ['31 failures from only 2 places', cracking(31, 2), 0],
    ['31 failures split over two UTC days', cracking(31, 3, 20 * MIN, DAY0 + 19 * HOUR), 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(distributedPasswordCracking, records);
    expect(r.findings).toHaveLength(expected);
    if (expected) expect(r.findings[0]).toMatchObject({ users: ['victim@contoso.example'], facts: { failures: 31, places: 3 } });
  });

  it('failures with no location at all are not evaluable, not "nothing found"', async () => {
    const records = cracking(31, 1).map((r) => ({ ...r, location: null }));
    const result = await detect(distributedPasswordCracking, records);
    expect(result.findings).toHaveLength(0);
    expect(result.notEvaluable).toBe(31);
  });
});

describe('brute-force-then-success', () => {
  const burst = (fails: number, gap = MIN, successAfter = MIN, start = T0) => [
    ...series(fails, start, gap, () => ({ user: 'bob@contoso.example', ip: '95.216.1.2', code: 50126, ...APP.azurePortal })),
    signIn({ t: start + (fails - 1) * gap + successAfter, user: 'bob@contoso.example', ip: '95.216.1.2', code: 0, ...APP.azurePortal }),
  ];
  it.each([
    ['10 failures then a success', burst(10), 1],
    ['9 failures then a success (edge)', burst(9), 0],
    ['failures 20 minutes apart still chain (edge)', burst(10, 20 * MIN), 1],
    ['failures 21 minutes apart do not', burst(10, 21 * MIN), 0],
    ['a success 21 minutes after the last failure ends nothing', burst(10, MIN, 21 * MIN), 0],
    ['50140 counts as the success', [...burst(10).slice(0, 10), signIn({ t: T0 + 10 * MIN, user: 'bob@contoso.example', code: 50140 })], 1],
    ['no success: no finding', burst(12).slice(0, 12), 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(bruteForceThenSuccess, records, { tenantDailyFailures: 0 });
    expect(r.findings).toHaveLength(expected);
  });

  it('a success in the middle starts a new session', async () => {
    const records = burst(10);
    records.splice(5, 0, signIn({ t: T0 + 4 * MIN + 30_000, user: 'bob@contoso.example', code: 0 }));
    expect((await detect(bruteForceThenSuccess, records, { tenantDailyFailures: 0 })).findings).toHaveLength(0);
  });

  it('with 7 days of history, the failures must deviate from the daily average by more than 25 %', async () => {
    // 10 failures a day (hours apart, so no session) for the 8 days before.
    const history = Array.from({ length: 8 * 10 }, (_, i) => signIn({ t: T0 - 8 * DAY + i * (DAY / 10), user: 'bob@contoso.example', code: 50126 }));
    const usual = await detect(bruteForceThenSuccess, [...history, ...burst(12)], { tenantDailyFailures: 0 });
    expect(usual.findings).toHaveLength(0); // 12 vs an average of 10: 20 %
    const unusual = await detect(bruteForceThenSuccess, [...history, ...burst(13)], { tenantDailyFailures: 0 });
    expect(unusual.findings).toHaveLength(1); // 30 %
    expect(unusual.findings[0]!.facts).toMatchObject({ deviationPercent: 30 });
  });

  it('the app parameter restricts it to one application, and the finding names the success', async () => {
    expect((await detect(bruteForceThenSuccess, burst(10), { app: 'Teams', tenantDailyFailures: 0 })).findings).toHaveLength(0);
    const r = await detect(bruteForceThenSuccess, burst(10), { app: 'azure portal', tenantDailyFailures: 0 });
    expect(r.findings[0]!.explanation).toMatch(/failed to sign in 10 times .* then signed in successfully/);
    expect(r.ids[0]).toHaveLength(11);
  });

  it('LETHAL-001: a tenant-wide flood of password failures on one day is a low finding', async () => {
    const flood = series(6, T0, HOUR, (i) => ({ user: `u${i}@contoso.example`, code: 50126 }));
    const r = await detect(bruteForceThenSuccess, flood, { tenantDailyFailures: 6 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'low', key: `tenant|${Math.floor(T0 / DAY)}` });
    expect((await detect(bruteForceThenSuccess, flood, { tenantDailyFailures: 7 })).findings).toHaveLength(0);
  });
});

describe('user-enumeration', () => {
  const probe = (missing: number, existing: number, gap = 2 * MIN) =>
    series(missing + existing, T0, gap, (i) => (i < missing ? { user: `ghost${i}@contoso.example`, userId: null, code: 50034, ip: '149.28.1.1' } : { user: `real${i}@contoso.example`, code: 50126, ip: '149.28.1.1' }));
  it.each([
    ['10 non-existent accounts within an hour', probe(10, 0), 1],
    ['9 non-existent accounts (edge)', probe(9, 0), 0],
    ['20 attempts, 40 % non-existent (edge)', probe(8, 12, MIN), 1],
    ['20 attempts, 35 % non-existent', probe(7, 13, MIN), 0],
    ['10 non-existent accounts spread over more than an hour', probe(10, 0, 7 * MIN), 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(userEnumeration, records);
    expect(r.findings).toHaveLength(expected);
    if (expected) expect(r.findings[0]!.ips).toEqual(['149.28.1.1']);
  });
});

describe('seamless-sso-spray', () => {
  const spray = (users: number, type: 'nonInteractiveUser' | 'interactiveUser' = 'nonInteractiveUser', gap = 5 * MIN) =>
    series(users, T0, gap, (i) => ({ user: `u${i}@contoso.example`, code: 81016, type, ip: '172.104.1.1' }));
  it.each([
    ['6 accounts with 81016 in an hour', spray(6), 1],
    ['5 accounts are not more than 5 (edge)', spray(5), 0],
    ['interactive sign-ins do not count', spray(6, 'interactiveUser'), 0],
    ['6 accounts over more than an hour', spray(6, 'nonInteractiveUser', 13 * MIN), 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(seamlessSsoSpray, records);
    expect(r.findings).toHaveLength(expected);
    if (expected) expect(r.findings[0]!.facts).toMatchObject({ errorCode: 81016, accounts: 6 });
  });
});

describe('disabled-account-probing', () => {
  const IP = '88.198.1.1';
  const probe = (disabled: number, live: number, liveFrom = IP) => [
    ...series(disabled, T0, MIN, (i) => ({ user: `leaver${i}@contoso.example`, code: 50057, ip: IP })),
    ...series(live, T0 + HOUR, MIN, (i) => ({ user: `live${i}@contoso.example`, code: 0, ip: liveFrom })),
  ];
  it.each([
    ['1 disabled and 2 live accounts (ratio 0.5, edge)', probe(1, 2), 1],
    ['1 disabled and 3 live accounts (ratio 0.33)', probe(1, 3), 0],
    ['disabled accounts only, no success from the IP', probe(3, 0), 0],
    ['live successes from another IP', probe(2, 2, '1.2.3.4'), 0],
    ['50 live accounts: shared egress (edge)', probe(30, 50), 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(disabledAccountProbing, records);
    expect(r.findings).toHaveLength(expected);
  });

  it('variant: one disabled account tried across 3 apps from one IP', async () => {
    const apps = [APP.office, APP.teams, APP.azurePortal];
    const r = await detect(disabledAccountProbing, series(3, T0, MIN, (i) => ({ user: 'leaver@contoso.example', code: 50057, ip: IP, ...apps[i] })));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.key).toBe(`apps|leaver@contoso.example|${IP}`);
    expect((await detect(disabledAccountProbing, series(3, T0, MIN, () => ({ user: 'leaver@contoso.example', code: 50057, ip: IP })))).findings).toHaveLength(0);
  });
});
