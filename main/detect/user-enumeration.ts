// user-enumeration: probing which accounts exist (proposed thresholds; the oracle is the one Elastic
// documents: a wrong password gives 50126, a missing account 50034, a disabled one 50057).
import { countMissing, groupBy, iso, marks, num, plural, slidingClusters, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string; code: number };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;
const CODES = [50034, 50126, 50057];

export const userEnumeration: Detection = {
  id: 'user-enumeration',
  title: 'User enumeration from one IP',
  version: 1,
  severity: 'medium',
  attack: ['T1087.004'],
  appliesTo: [...APPLIES],
  params: {
    windowMinutes: { default: 60, min: 1, max: 1440, help: 'window per IP (minutes)' },
    minMissingAccounts: { default: 10, min: 1, max: 100000, help: 'distinct non-existent accounts (50034) from one IP in the window' },
    minAttempts: { default: 20, min: 1, max: 100000, help: 'or: attempts among 50034 / 50126 / 50057 in the window …' },
    minMissingShare: { default: 40, min: 0, max: 100, help: '… of which 50034 makes up at least this percentage' },
  },
  kql: `// User enumeration (Sightline's proposed thresholds): per IP per hour, >= 10 distinct non-existent accounts
// (50034), or >= 20 attempts among 50034 / 50126 / 50057 with 50034 at least 40 %.
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d)
| where ResultType in ("50034", "50126", "50057")
| summarize Missing = dcountif(UserPrincipalName, ResultType == "50034"), Attempts = count(), MissingAttempts = countif(ResultType == "50034"),
            Accounts = make_set(UserPrincipalName, 100) by IPAddress, bin(TimeGenerated, 1h)
| where Missing >= 10 or (Attempts >= 20 and todouble(MissingAttempts) / Attempts >= 0.4)`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, error_code AS code FROM signins
         WHERE error_code IN (${marks(CODES.length)}) AND +type IN (${marks(APPLIES.length)}) AND ip IS NOT NULL AND ${USER} IS NOT NULL ORDER BY ip, created_ms`,
      )
      .all(...CODES, ...APPLIES) as Row[];
    const minMissing = num(p, 'minMissingAccounts');
    const minAttempts = num(p, 'minAttempts');
    const share = num(p, 'minMissingShare') / 100;
    const hit = (w: Row[]) => {
      const missing = w.filter((r) => r.code === 50034);
      return new Set(missing.map((r) => r.user)).size >= minMissing || (w.length >= minAttempts && missing.length / w.length >= share);
    };
    const findings: FindingDraft[] = [];
    for (const [ip, list] of groupBy(rows, (r) => r.ip)) {
      for (const c of slidingClusters(list, num(p, 'windowMinutes') * 60_000, hit)) {
        const missing = uniq(c.filter((r) => r.code === 50034).map((r) => r.user));
        const existing = uniq(c.filter((r) => r.code !== 50034).map((r) => r.user));
        const isTrusted = trusted.ip(ip);
        findings.push({
          key: `${ip}|${c[0]!.t}`,
          severity: isTrusted ? 'low' : 'medium',
          title: `Account enumeration from ${ip}`,
          explanation:
            `${ip} tried ${plural(uniq(c.map((r) => r.user)).length, 'account name')} between ${iso(c[0]!.t)} and ${iso(c.at(-1)!.t)}: ` +
            `${plural(missing.length, 'name')} that do not exist (50034) and ${plural(existing.length, 'existing account')} (50126 / 50057). ` +
            `The answers tell the prober which accounts exist.` +
            (isTrusted ? ' The address is in a trusted range, so the severity is lowered.' : ''),
          users: uniq(c.map((r) => r.user)),
          ips: [ip],
          startMs: c[0]!.t,
          endMs: c.at(-1)!.t,
          signInPks: c.map((r) => r.pk),
          facts: { missingAccounts: missing.length, existingAccounts: existing, attempts: c.length, windowHours: num(p, 'windowMinutes') / 60 },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) };
  },
};
