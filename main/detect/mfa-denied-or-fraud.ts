// mfa-denied-or-fraud: the user rejected an MFA prompt or reported it as fraud (Sentinel
// ExplicitMFADeny.yaml v1.0.3, MFARejectedbyUser.yaml without its offline-impossible UEBA score).
import { countMissing, groupBy, HOUR, iso, marks, num, plural, readRecords, stepResults, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; details: string | null; reason: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;
const DECLINED = 'mfa denied; user declined the authentication';
const FRAUD = 'mfa denied; phone app reported fraud';

export const mfaDeniedOrFraud: Detection = {
  id: 'mfa-denied-or-fraud',
  title: 'MFA prompt denied or reported as fraud',
  version: 1,
  severity: 'medium',
  attack: ['T1621'],
  appliesTo: [...APPLIES],
  params: {
    groupHours: { default: 1, min: 0, max: 168, help: "one finding per user for denials no further apart than this (hours); 0 makes every denial its own finding" },
  },
  kql: `// MFA denied or fraud reported (after Sentinel ExplicitMFADeny.yaml and MFARejectedbyUser.yaml).
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d)
| where ResultType == "500121"
| extend Status = todynamic(Status)
| extend Detail = strcat(tostring(Status.additionalDetails), " ", ResultDescription, " ", tostring(AuthenticationDetails))
| where Detail has "MFA denied; user declined the authentication" or Detail has "MFA denied; Phone App Reported Fraud" or Detail has "fraud"
| extend Severity = iff(Detail has "fraud", "High", "Medium")
| project TimeGenerated, UserPrincipalName, IPAddress, AppDisplayName, Detail, Severity`,

  async run(ctx, p) {
    const { db } = ctx;
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, mfa_result AS details, failure_reason AS reason FROM signins
         WHERE error_code = 500121 AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`,
      )
      .all(...APPLIES) as Row[];
    const summary = (r: Row) => `${r.details ?? ''} ${r.reason ?? ''}`.toLowerCase();
    const known = (r: Row) => summary(r).includes(DECLINED) || summary(r).includes('fraud');
    const records = await readRecords(db, rows.filter((r) => !known(r)).map((r) => r.pk));
    let notEvaluable = 0;
    const hits = rows
      .map((r) => {
        const text = `${summary(r)} ${stepResults(records.get(r.pk)).join(' ').toLowerCase()}`;
        if (!r.details && !r.reason && !records.get(r.pk)) notEvaluable++;
        return { ...r, declined: text.includes(DECLINED), fraud: text.includes(FRAUD) || text.includes('fraud') };
      })
      .filter((r) => r.declined || r.fraud);

    const gap = num(p, 'groupHours') * HOUR;
    const findings: FindingDraft[] = [];
    for (const [user, list] of groupBy(hits, (r) => r.user)) {
      const groups: (typeof list)[] = [];
      for (const r of list) {
        const last = groups.at(-1);
        if (last && gap > 0 && r.t - last.at(-1)!.t <= gap) last.push(r);
        else groups.push([r]);
      }
      for (const g of groups) {
        const fraud = g.filter((r) => r.fraud).length;
        const ips = uniq(g.map((r) => r.ip).filter((x): x is string => !!x));
        findings.push({
          key: `${user}|${g[0]!.t}`,
          severity: fraud > 0 ? 'high' : 'medium',
          title: fraud > 0 ? `${user} reported an MFA prompt as fraud` : `${user} denied an MFA prompt`,
          explanation:
            `${user} ${fraud > 0 ? `reported ${plural(fraud, 'MFA prompt')} as fraud` : ''}${fraud > 0 && g.length > fraud ? ' and ' : ''}` +
            `${g.length > fraud ? `declined ${plural(g.length - fraud, 'MFA prompt')}` : ''} (500121) between ${iso(g[0]!.t)} and ${iso(g.at(-1)!.t)} ` +
            `for sign-ins from ${ips.join(', ') || 'an unknown address'}: someone else may hold the password.`,
          users: [user],
          ips,
          startMs: g[0]!.t,
          endMs: g.at(-1)!.t,
          signInPks: g.map((r) => r.pk),
          facts: { declined: g.length - fraud, fraud },
        });
      }
    }
    return { findings, notEvaluable: notEvaluable + countMissing(db, 'error_code', APPLIES) };
  },
};
