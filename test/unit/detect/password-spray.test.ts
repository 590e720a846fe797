import { describe, expect, it } from 'vitest';
import { passwordSpray } from '../../../main/detect/password-spray';
import { trustedFromCidrs } from '../../../main/detect/trusted';
import { detect, MIN, series, signIn, T0 } from './build';

const SPRAY_IP = '45.77.10.9';
const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@contoso.example`);
/** `n` accounts failing from one IP, `gap` apart. */
const spray = (n: number, gap: number, code = 50126) => series(n, T0, gap, (i) => ({ user: users(n)[i], ip: SPRAY_IP, code }));

describe('password-spray', () => {
  it.each([
    ['5 accounts inside 20 minutes', spray(5, 4 * MIN), 1],
    ['4 accounts are below the threshold', spray(4, 4 * MIN), 0],
    ['5 accounts spread just over 20 minutes (edge)', spray(5, 5 * MIN + 1), 0],
    ['5 accounts exactly at the edge (last one 19:59 after the first)', spray(5, 5 * MIN - 250), 1],
    ['50053 lockouts count as failures', spray(6, MIN, 50053), 1],
    ['other failure codes do not', spray(6, MIN, 50074), 0],
  ])('%s', async (_name, records, expected) => {
    const r = await detect(passwordSpray, records);
    expect(r.findings).toHaveLength(expected);
    if (expected) expect(r.findings[0]).toMatchObject({ ips: [SPRAY_IP], severity: 'medium' });
  });

  it('an IP where more accounts succeed than fail is shared egress, not a spray', async () => {
    const ok = series(6, T0 - 60 * MIN, MIN, (i) => ({ user: `ok${i}@contoso.example`, ip: SPRAY_IP }));
    expect((await detect(passwordSpray, [...spray(5, MIN), ...ok])).findings).toHaveLength(0);
    // Five fail, four succeed: still a spray, and a success-code principal raises it to high.
    const r = await detect(passwordSpray, [...spray(5, MIN), ...ok.slice(0, 4)]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('high');
    expect(r.findings[0]!.explanation).toMatch(/possible valid credential/);
    expect(r.ids[0]).toHaveLength(9);
  });

  it('the finding names every failed account, the time span and its evidence', async () => {
    const records = spray(7, 2 * MIN);
    const r = await detect(passwordSpray, records);
    const f = r.findings[0]!;
    expect(f.users.sort()).toEqual(users(7).sort());
    expect(f.startMs).toBe(T0);
    expect(f.endMs).toBe(T0 + 12 * MIN);
    expect(r.ids[0]!.sort()).toEqual(records.map((x) => x['id'] as string).sort());
    expect(f.key).toBe(SPRAY_IP);
  });

  it('thresholds are parameters', async () => {
    expect((await detect(passwordSpray, spray(4, MIN), { minUsers: 4 })).findings).toHaveLength(1);
    expect((await detect(passwordSpray, spray(5, 5 * MIN + 1), { windowMinutes: 30 })).findings).toHaveLength(1);
  });

  it('a trusted range lowers the severity instead of hiding the finding', async () => {
    const r = await detect(passwordSpray, spray(5, MIN), {}, trustedFromCidrs(['45.77.0.0/16']));
    expect(r.findings[0]!.severity).toBe('low');
  });

  it('sign-ins without an error code are reported as not evaluable', async () => {
    const noStatus = signIn({ status: undefined });
    delete noStatus['status'];
    const r = await detect(passwordSpray, [...spray(2, MIN), noStatus]);
    expect(r.notEvaluable).toBe(1);
  });
});
