// password-spray: one IP failing against many accounts (Sentinel SigninPasswordSpray.yaml v1.0.4).
import { codes, countMissing, groupBy, iso, listText, marks, MINUTE, num, plural, slidingClusters, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; ip: string; user: string; code: number };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const passwordSpray: Detection = {
  id: 'password-spray',
  title: 'Password spray from one IP',
  version: 1,
  severity: 'medium',
  attack: ['T1110.003'],
  appliesTo: [...APPLIES],
  params: {
    failureCodes: { default: ['50053', '50126', '50055'], help: 'error codes that count as a failed password attempt' },
    windowMinutes: { default: 20, min: 1, max: 1440, help: 'window in which one IP must fail for the minimum number of accounts (minutes)' },
    minUsers: { default: 5, min: 2, max: 10000, help: 'distinct accounts failing from one IP inside the window' },
    successCodes: {
      default: ['0', '50055', '50057', '50155', '50105', '50133', '50005', '50076', '50079', '50173', '50158', '50072', '50074', '53003', '53000', '53001', '50129'],
      help: 'error codes that follow a correct password ("successful" principals of the IP)',
    },
  },
  kql: `// Password spray (after Sentinel SigninPasswordSpray.yaml): one IP failing for >= 5 accounts in 20 minutes,
// more failing than "successful" principals. Sightline uses sliding windows; bin() is the rule's.
let failureCodes = dynamic(["50053", "50126", "50055"]);
let successCodes = dynamic(["0", "50055", "50057", "50155", "50105", "50133", "50005", "50076", "50079", "50173", "50158", "50072", "50074", "53003", "53000", "53001", "50129"]);
let signins = union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs | where TimeGenerated > ago(3d);
let sprayIPs = signins
  | where ResultType in (failureCodes)
  | summarize Users = dcount(UserPrincipalName) by IPAddress, bin(TimeGenerated, 20m)
  | where Users >= 5
  | distinct IPAddress;
signins
| where IPAddress in (sprayIPs)
| summarize FailedPrincipals = dcountif(UserPrincipalName, ResultType in (failureCodes)),
            SuccessPrincipals = dcountif(UserPrincipalName, ResultType in (successCodes)),
            Users = make_set(UserPrincipalName, 100), First = min(TimeGenerated), Last = max(TimeGenerated) by IPAddress
| where FailedPrincipals > SuccessPrincipals
| extend Severity = iff(SuccessPrincipals > 0, "High", "Medium")`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    const failureCodes = codes(p, 'failureCodes');
    const successCodes = codes(p, 'successCodes');
    const windowMs = num(p, 'windowMinutes') * MINUTE;
    const minUsers = num(p, 'minUsers');
    const failures = db
      .prepare(
        `SELECT pk, created_ms AS t, ip, ${USER} AS user, error_code AS code FROM signins
         WHERE error_code IN (${marks(failureCodes.length)}) AND +type IN (${marks(APPLIES.length)}) AND ip IS NOT NULL AND ${USER} IS NOT NULL
         ORDER BY ip, created_ms`,
      )
      .all(...failureCodes, ...APPLIES) as Row[];

    const findings: FindingDraft[] = [];
    const successQuery = db.prepare(
      `SELECT pk, created_ms AS t, ip, ${USER} AS user, error_code AS code FROM signins
       WHERE ip = ? AND +error_code IN (${marks(successCodes.length)}) AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL`,
    );
    for (const [ip, rows] of groupBy(failures, (r) => r.ip)) {
      const bursts = slidingClusters(rows, windowMs, (w) => new Set(w.map((r) => r.user)).size >= minUsers);
      if (bursts.length === 0) continue;
      const failed = uniq(rows.map((r) => r.user));
      const successes = successQuery.all(ip, ...successCodes, ...APPLIES) as Row[];
      const succeeded = uniq(successes.map((r) => r.user));
      if (failed.length <= succeeded.length) continue;
      // Any principal with a code that follows a correct password from this IP: the spray may have found one.
      const valid = succeeded;
      const seen = new Set(rows.map((r) => r.pk));
      const evidence = [...rows, ...successes.filter((r) => !seen.has(r.pk))].sort((a, b) => a.t - b.t);
      const peak = Math.max(...bursts.map((b) => new Set(b.map((r) => r.user)).size));
      const ipTrusted = trusted.ip(ip);
      const severity = ipTrusted ? 'low' : valid.length > 0 ? 'high' : 'medium';
      findings.push({
        key: ip,
        severity,
        title: `Password spray from ${ip}`,
        explanation:
          `${ip} failed to sign in to ${plural(failed.length, 'account')} (${plural(rows.length, 'failure')}, codes ${uniq(rows.map((r) => r.code)).join(', ')}) ` +
          `between ${iso(rows[0]!.t)} and ${iso(rows.at(-1)!.t)}, up to ${peak} accounts within ${num(p, 'windowMinutes')} minutes, ` +
          `and more accounts failed than succeeded from it (${failed.length} vs ${succeeded.length}).` +
          (valid.length ? ` ${plural(valid.length, 'account')} (${listText(valid)}) then got a code that follows a correct password: a possible valid credential.` : '') +
          (ipTrusted ? ' The address is in a trusted range (shared egress?), so the severity is lowered.' : ''),
        users: failed,
        ips: [ip],
        startMs: evidence[0]!.t,
        endMs: evidence.at(-1)!.t,
        signInPks: evidence.map((r) => r.pk),
        facts: { failedAccounts: failed.length, successAccounts: succeeded.length, peakAccountsInWindow: peak, possibleValidCredentials: valid, trusted: ipTrusted },
      });
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) };
  },
};
