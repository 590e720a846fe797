// Entities on a 1M-sign-in case (the entities issue): a user's or an IP's profile <= 300 ms, and a
// scope of 100 indicators <= 1 s. Uses the grid benchmark's kept case (BENCH_QUERY_ROWS); the
// busiest users and IPs are measured along with typical ones, since profiles read every sign-in
// of their entity.
import type { Indicator } from '../../preload/contract';
import { CaseSession } from '../../main/case/session';
import { entityProfile } from '../../main/entities/profile';
import { runScope } from '../../main/entities/scope';
import { percentile, type Benchmark, type Figure } from './harness';
import { benchCase } from './query';

const ROWS = Number(process.env['BENCH_QUERY_ROWS'] ?? 1_000_000);

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const p95 = (xs: number[]) => Math.round(percentile(xs, 95) * 10) / 10;
const max = (xs: number[]) => Math.round(Math.max(...xs) * 10) / 10;

/** Every k-th of a list, so the picks spread from the busiest to the quietest. */
const spread = <T>(xs: T[], n: number) => Array.from({ length: Math.min(n, xs.length) }, (_, i) => xs[Math.floor((i * xs.length) / Math.min(n, xs.length))]!);

export const entitiesBench: Benchmark = {
  id: 'entities',
  title: `Entity profiles and scope on a ${ROWS.toLocaleString('en-US')}-sign-in case`,
  async run() {
    const session = CaseSession.open(process.env['BENCH_ENTITIES_CASE'] ?? (await benchCase()), { mustExist: true });
    try {
      const db = session.db;
      const users = (db.prepare('SELECT user_upn AS v, count(*) AS n FROM signins WHERE user_upn IS NOT NULL GROUP BY 1 ORDER BY 2 DESC').all() as { v: string; n: number }[]);
      const ips = (db.prepare('SELECT ip AS v, count(*) AS n FROM signins WHERE ip IS NOT NULL GROUP BY 1 ORDER BY 2 DESC').all() as { v: string; n: number }[]);
      const figures: Figure[] = [];

      const userPicks = [...users.slice(0, 3), ...spread(users, 12)];
      const userRuns: number[] = [];
      for (const u of userPicks) userRuns.push(...(await timeAsync(() => entityProfile(db, 'user', u.v), 3)));
      figures.push({ name: `user profile (${userPicks.length} users, busiest ${users[0]!.n} sign-ins)`, value: p95(userRuns), unit: 'ms p95', goal: '<= 300' });
      figures.push({ name: 'user profile, slowest run', value: max(userRuns), unit: 'ms' });

      const ipPicks = [...ips.slice(0, 3), ...spread(ips, 12)];
      const ipRuns: number[] = [];
      for (const ip of ipPicks) ipRuns.push(...(await timeAsync(() => entityProfile(db, 'ip', ip.v), 3)));
      figures.push({ name: `IP profile (${ipPicks.length} IPs, busiest ${ips[0]!.n.toLocaleString('en-US')} sign-ins)`, value: p95(ipRuns), unit: 'ms p95', goal: '<= 300' });
      figures.push({ name: 'IP profile, slowest run', value: max(ipRuns), unit: 'ms' });

      // 100 indicators as an incident hands them over: addresses (a few of them busy offices), /24
      // blocks, device and session IDs, the rarest user agent, an ASN.
      const devices = db.prepare('SELECT device_id AS v FROM signins WHERE device_id IS NOT NULL AND pk % 997 = 0 LIMIT 5').all() as { v: string }[];
      const sessions = db.prepare('SELECT session_id AS v FROM signins WHERE session_id IS NOT NULL AND pk % 991 = 0 LIMIT 3').all() as { v: string }[];
      const ua = db.prepare('SELECT user_agent AS v, count(*) AS n FROM signins WHERE user_agent IS NOT NULL GROUP BY 1 ORDER BY 2 LIMIT 1').get() as { v: string; n: number };
      const v4 = ips.filter((i) => !i.v.includes(':'));
      const indicators: Indicator[] = [
        ...[...v4.slice(0, 3), ...spread(v4.slice(3), 77)].map((i) => ({ kind: 'ip' as const, value: i.v })),
        ...spread(v4.slice(200), 10).map((i) => ({ kind: 'ip' as const, value: `${i.v.split('.').slice(0, 3).join('.')}.0/24` })),
        ...devices.map((d) => ({ kind: 'device-id' as const, value: d.v })),
        ...sessions.map((s) => ({ kind: 'session-id' as const, value: s.v })),
        { kind: 'user-agent', value: ua.v },
        { kind: 'asn', value: '8075' },
      ];
      let matched = 0;
      let accounts = 0;
      const scopeRuns = await timeAsync(async () => {
        const r = await runScope(db, indicators);
        matched = r.indicators.reduce((n, i) => n + i.signIns, 0);
        accounts = r.accounts.length;
      }, 5);
      figures.push({ name: `scope, ${indicators.length} indicators (${matched.toLocaleString('en-US')} sign-ins, ${accounts} accounts)`, value: p95(scopeRuns), unit: 'ms p95', goal: '<= 1000' });
      return figures;
    } finally {
      session.close();
    }
  },
};
