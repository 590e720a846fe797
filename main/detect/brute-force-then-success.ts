// brute-force-then-success: a burst of failures for one account that ends in a success (Sentinel
// SigninBruteForce-AzurePortal.yaml v2.1.4, generalised to every app), and LF LETHAL-001's tenant-wide
// companion: very many password failures on one day.
import { codes, countMissing, DAY, groupBy, iso, listText, marks, MINUTE, HOUR, num, plural, text, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; code: number; app: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const bruteForceThenSuccess: Detection = {
  id: 'brute-force-then-success',
  title: 'Brute force followed by a successful sign-in',
  version: 1,
  severity: 'medium',
  attack: ['T1110'],
  appliesTo: [...APPLIES],
  params: {
    successCodes: { default: ['0', '50125', '50140', '70043', '70044'], help: 'error codes that count as a success; every other code is a failure' },
    minFailures: { default: 10, min: 1, max: 100000, help: 'failures in the session before the success' },
    gapMinutes: { default: 20, min: 1, max: 1440, help: 'a session continues while sign-ins are at most this far apart (minutes)' },
    maxSessionHours: { default: 24, min: 1, max: 720, help: 'longest session (hours)' },
    deviationPercent: { default: 25, min: 0, max: 100000, help: "the session's failures must deviate from the account's 7-day daily average by more than this percentage" },
    historyDays: { default: 7, min: 1, max: 90, help: 'history for the average; with less history in the case, only the absolute threshold applies' },
    app: { default: '', help: 'only this application (part of its name, e.g. "Azure Portal"); empty for every app' },
    tenantDailyFailures: { default: 1000, min: 0, max: 10000000, help: 'LETHAL-001: password failures (50126, 50053, 50055, 50056) across the tenant on one UTC day; 0 turns it off' },
  },
  kql: `// Brute force then success (after Sentinel SigninBruteForce-AzurePortal.yaml, every app): sessions per
// user (gap <= 20 min, new session after a success) that end in a success after >= 10 failures.
let successCodes = dynamic(["0", "50125", "50140", "70043", "70044"]);
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d)
| extend Outcome = iff(ResultType in (successCodes), "Success", "Failure")
| sort by UserPrincipalName asc, TimeGenerated asc
| extend SessionStart = row_window_session(TimeGenerated, 24h, 20m, UserPrincipalName != prev(UserPrincipalName) or prev(Outcome) == "Success")
| summarize Failures = countif(Outcome == "Failure"), Successes = countif(Outcome == "Success"), LastOutcome = arg_max(TimeGenerated, Outcome),
            IPs = make_set(IPAddress, 50), Apps = make_set(AppDisplayName, 20), End = max(TimeGenerated) by UserPrincipalName, SessionStart
| where Failures >= 10 and Successes >= 1`,

  run(ctx, p) {
    const { db } = ctx;
    const successCodes = codes(p, 'successCodes');
    const minFailures = num(p, 'minFailures');
    const gap = num(p, 'gapMinutes') * MINUTE;
    const maxSession = num(p, 'maxSessionHours') * HOUR;
    const historyMs = num(p, 'historyDays') * DAY;
    const app = text(p, 'app').toLowerCase();
    const appOk = (name: string | null) => !app || (name ?? '').toLowerCase().includes(app);

    // Every non-success sign-in (the outcome index keeps this to the failing rows).
    const failures = (
      db
        .prepare(
          `SELECT pk, created_ms AS t, ${USER} AS user, ip, error_code AS code, app_name AS app FROM signins
           WHERE outcome IN ('failure', 'interrupted') AND +type IN (${marks(APPLIES.length)}) AND error_code IS NOT NULL AND ${USER} IS NOT NULL
           ORDER BY created_ms`,
        )
        .all(...APPLIES) as Row[]
    ).filter((r) => !successCodes.includes(r.code));
    const caseStart = (db.prepare('SELECT min(created_ms) AS t FROM signins').get() as { t: number | null }).t ?? 0;
    const successesOf = db.prepare(
      `SELECT pk, created_ms AS t, user_upn AS user, ip, error_code AS code, app_name AS app FROM signins
       WHERE user_upn = ? AND created_ms BETWEEN ? AND ? AND +error_code IN (${marks(successCodes.length)}) AND +type IN (${marks(APPLIES.length)})`,
    );

    const findings: FindingDraft[] = [];
    for (const [user, all] of groupBy(failures, (r) => r.user)) {
      const mine = all.filter((r) => appOk(r.app));
      // Chains of failures no further apart than the gap: only a long enough chain can end a session that alerts.
      const chains: Row[][] = [];
      for (const r of mine) {
        const last = chains.at(-1);
        if (last && r.t - last.at(-1)!.t <= gap) last.push(r);
        else chains.push([r]);
      }
      for (const chain of chains.filter((c) => c.length >= minFailures)) {
        const successes = (successesOf.all(user, chain[0]!.t, chain.at(-1)!.t + gap, ...successCodes, ...APPLIES) as Row[]).filter((r) => appOk(r.app));
        if (successes.length === 0) continue;
        const events = [...chain.map((r) => ({ ...r, ok: false })), ...successes.map((r) => ({ ...r, ok: true }))].sort((a, b) => a.t - b.t);
        // Sessions: gap <= 20 min, at most 24 h long, and a new session after each success.
        let session: typeof events = [];
        const ended: (typeof events)[] = [];
        for (const e of events) {
          const prev = session.at(-1);
          if (prev && (prev.ok || e.t - prev.t > gap || e.t - session[0]!.t > maxSession)) session = [];
          session.push(e);
          if (e.ok) ended.push(session);
        }
        for (const s of ended) {
          const fails = s.filter((e) => !e.ok);
          if (fails.length < minFailures) continue;
          const start = s[0]!.t;
          // The account's usual failures per day over the history before the session.
          let deviation: number | null = null;
          if (start - caseStart >= historyMs) {
            const before = all.filter((r) => r.t >= start - historyMs && r.t < start).length;
            const avg = before / (historyMs / DAY);
            deviation = avg === 0 ? Infinity : (Math.abs(fails.length - avg) / avg) * 100;
            if (deviation <= num(p, 'deviationPercent')) continue;
          }
          const success = s.at(-1)!;
          const ips = uniq(s.map((e) => e.ip).filter((x): x is string => !!x));
          const apps = uniq(s.map((e) => e.app).filter((x): x is string => !!x));
          findings.push({
            key: `${user}|${start}`,
            title: `${fails.length} failures then a success for ${user}`,
            explanation:
              `${user} failed to sign in ${plural(fails.length, 'time')} (codes ${uniq(fails.map((e) => e.code)).join(', ')}) between ${iso(start)} and ${iso(fails.at(-1)!.t)}, ` +
              `never more than ${num(p, 'gapMinutes')} minutes apart, and then signed in successfully at ${iso(success.t)} from ${success.ip ?? 'an unknown address'} ` +
              `(${listText(apps)}).` +
              (deviation === null ? ` The case holds less than ${num(p, 'historyDays')} days of history before it, so only the absolute threshold was applied.` : ''),
            users: [user],
            ips,
            startMs: start,
            endMs: success.t,
            signInPks: s.map((e) => e.pk),
            facts: { failures: fails.length, successAt: iso(success.t), successIp: success.ip, apps, deviationPercent: deviation === null || deviation === Infinity ? null : Math.round(deviation) },
          });
        }
      }
    }

    // LETHAL-001: a tenant-wide flood of password failures on one day.
    const daily = num(p, 'tenantDailyFailures');
    if (daily > 0) {
      const password = new Set([50126, 50053, 50055, 50056]);
      for (const [day, rows] of groupBy(failures.filter((r) => password.has(r.code) && appOk(r.app)), (r) => Math.floor(r.t / DAY))) {
        if (rows.length < daily) continue;
        const users = uniq(rows.map((r) => r.user));
        findings.push({
          key: `tenant|${day}`,
          severity: 'low',
          title: `${rows.length.toLocaleString('en-US')} password failures on ${iso(day * DAY).slice(0, 10)}`,
          explanation: `The tenant saw ${plural(rows.length, 'password failure')} (50126, 50053, 50055, 50056) on ${iso(day * DAY).slice(0, 10)} (UTC) across ${plural(users.length, 'account')}: at least ${daily} in one day (LETHAL-001).`,
          users,
          ips: uniq(rows.map((r) => r.ip).filter((x): x is string => !!x)),
          startMs: rows[0]!.t,
          endMs: rows.at(-1)!.t,
          signInPks: rows.map((r) => r.pk),
          facts: { failures: rows.length, accounts: users.length },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) };
  },
};
