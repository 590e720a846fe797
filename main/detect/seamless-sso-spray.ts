// seamless-sso-spray: a spike of Seamless SSO (desktop SSO, Kerberos) errors across accounts (Sentinel
// SeamlessSSOPasswordSpray.yaml v1.0.2). The rule itself warns the spike may be a misconfiguration.
import { countMissing, groupBy, HOUR, iso, listText, marks, num, plural, slidingClusters, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; code: number };

const APPLIES = ['nonInteractiveUser'] as const;

export const seamlessSsoSpray: Detection = {
  id: 'seamless-sso-spray',
  title: 'Seamless SSO password spray',
  version: 1,
  severity: 'medium',
  attack: ['T1110.003'],
  appliesTo: [...APPLIES],
  params: {
    windowMinutes: { default: 60, min: 1, max: 1440, help: 'window per error code (minutes)' },
    minUsers: { default: 5, min: 1, max: 100000, help: 'distinct accounts with the same 81xxx error in the window must be MORE than this' },
  },
  kql: `// Seamless SSO spray (after Sentinel SeamlessSSOPasswordSpray.yaml): non-interactive 81xxx errors (81016 is the
// one the rule comments), more than 5 accounts per error code per hour. It may also be a misconfiguration.
AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d)
| where ResultType startswith "81"
| summarize Users = dcount(UserPrincipalName), Accounts = make_set(UserPrincipalName, 100), IPs = make_set(IPAddress, 100)
    by ResultType, bin(TimeGenerated, 1h)
| where Users > 5`,

  run(ctx, p) {
    const { db } = ctx;
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, error_code AS code FROM signins
         WHERE error_code BETWEEN 81000 AND 81999 AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`,
      )
      .all(...APPLIES) as Row[];
    const minUsers = num(p, 'minUsers');
    const findings: FindingDraft[] = [];
    for (const [code, list] of groupBy(rows, (r) => r.code)) {
      for (const c of slidingClusters(list, num(p, 'windowMinutes') * 60_000, (w) => new Set(w.map((r) => r.user)).size > minUsers)) {
        const users = uniq(c.map((r) => r.user));
        const ips = uniq(c.map((r) => r.ip).filter((x): x is string => !!x));
        findings.push({
          key: `${code}|${c[0]!.t}`,
          title: `Seamless SSO errors (${code}) for ${plural(users.length, 'account')}`,
          explanation:
            `${plural(users.length, 'account')} (${listText(users)}) got Seamless SSO error ${code} in non-interactive sign-ins between ${iso(c[0]!.t)} and ${iso(c.at(-1)!.t)} ` +
            `from ${plural(ips.length, 'address', 'addresses')} (${listText(ips)}): a password spray against the Seamless SSO endpoint, or a Kerberos / Seamless SSO misconfiguration.`,
          users,
          ips,
          startMs: c[0]!.t,
          endMs: c.at(-1)!.t,
          signInPks: c.map((r) => r.pk),
          facts: { errorCode: code, accounts: users.length, windowHours: num(p, 'windowMinutes') * 60_000 / HOUR },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) };
  },
};
