// ca-failure-multiple-ips: repeated Conditional Access failures for one user, app, browser, OS and place
// from several IPs (Sentinel BypassCondAccessRule.yaml v1.0.8, Low).
import { codes, countMissing, groupBy, HOUR, iso, listText, marks, num, plural, readRecords, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; app: string | null; browser: string | null; os: string | null; place: string; code: number | null; details: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

/** Names of the policies that failed, from a canonical record's appliedConditionalAccessPolicies. */
function failedPolicies(record: Record<string, unknown> | undefined): string[] | null {
  const list = record?.['appliedConditionalAccessPolicies'] ?? record?.['ConditionalAccessPolicies'];
  const parsed = typeof list === 'string' ? (() => { try { return JSON.parse(list) as unknown; } catch { return null; } })() : list;
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  return parsed
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && String((x as Record<string, unknown>)['result']).toLowerCase() === 'failure')
    .map((x) => String(x['displayName'] ?? x['id'] ?? 'unnamed policy'));
}

export const caFailureMultipleIps: Detection = {
  id: 'ca-failure-multiple-ips',
  title: 'Conditional Access failures from several IPs',
  version: 1,
  severity: 'low',
  attack: ['T1078'],
  appliesTo: [...APPLIES],
  params: {
    windowHours: { default: 24, min: 1, max: 720, help: 'failures are grouped per window of this many hours (UTC)' },
    minIps: { default: 2, min: 2, max: 1000, help: 'distinct IPs in one group (the rule: more than 1)' },
    benignCodes: { default: [], help: 'error codes of expected blocks to leave out (e.g. 53000 for non-compliant devices)' },
  },
  kql: `// Conditional Access failures for one user, app, browser, OS and place from more than one IP (after Sentinel
// BypassCondAccessRule.yaml).
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d)
| where ConditionalAccessStatus =~ "failure" or ConditionalAccessStatus == "1"
| extend Policies = todynamic(ConditionalAccessPolicies), DeviceDetail = todynamic(DeviceDetail), LocationDetails = todynamic(LocationDetails), Status = todynamic(Status)
| mv-expand Policy = Policies
| where tostring(Policy.result) == "failure"
| where tostring(Status.additionalDetails) !contains "MFA successfully completed"
| summarize IPs = dcount(IPAddress), IPList = make_set(IPAddress, 50), FailedPolicies = make_set(tostring(Policy.displayName), 20), First = min(TimeGenerated), Last = max(TimeGenerated)
    by UserPrincipalName, AppDisplayName, Browser = tostring(DeviceDetail.browser), OS = tostring(DeviceDetail.operatingSystem),
       City = tostring(LocationDetails.city), State = tostring(LocationDetails.state), Country = tostring(LocationDetails.countryOrRegion)
| where IPs > 1`,

  async run(ctx, p) {
    const { db } = ctx;
    const benign = codes(p, 'benignCodes');
    const windowMs = num(p, 'windowHours') * HOUR;
    const rows = (
      db
        .prepare(
          `SELECT pk, created_ms AS t, ${USER} AS user, ip, app_name AS app, browser, os, error_code AS code, mfa_result AS details,
                  coalesce(city, '') || '|' || coalesce(state, '') || '|' || coalesce(country, '') AS place
           FROM signins WHERE ca_status COLLATE NOCASE IN ('failure', '1') AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`,
        )
        .all(...APPLIES) as Row[]
    ).filter((r) => !(r.code !== null && benign.includes(r.code)) && !/MFA successfully completed/i.test(r.details ?? ''));

    const groups = [...groupBy(rows, (r) => [r.user, r.app, r.browser, r.os, r.place, Math.floor(r.t / windowMs)].join('|'))].filter(
      ([, g]) => uniq(g.map((r) => r.ip).filter(Boolean)).length >= num(p, 'minIps'),
    );
    const records = await readRecords(db, groups.flatMap(([, g]) => g.map((r) => r.pk)));
    const findings: FindingDraft[] = groups.map(([key, g]) => {
      const first = g[0]!;
      const ips = uniq(g.map((r) => r.ip).filter((x): x is string => !!x));
      const lists = g.map((r) => failedPolicies(records.get(r.pk) as Record<string, unknown> | undefined));
      const policies = uniq(lists.flatMap((l) => l ?? []));
      const where = first.place.split('|').filter(Boolean).join(', ');
      return {
        key,
        title: `Conditional Access blocked ${first.user} from ${plural(ips.length, 'IP')}`,
        explanation:
          `Conditional Access failed ${plural(g.length, 'sign-in')} of ${first.user} to ${first.app ?? 'an unnamed app'} (${first.browser ?? 'unknown browser'}, ${first.os ?? 'unknown OS'}` +
          `${where ? `, ${where}` : ''}) from ${plural(ips.length, 'IP address', 'IP addresses')} (${listText(ips)}) between ${iso(first.t)} and ${iso(g.at(-1)!.t)}` +
          (policies.length ? `; failed policies: ${listText(policies, 5)}.` : lists.every((l) => l === null) ? '; the export lists no applied policies (the collector may have lacked Conditional Access read rights).' : '.'),
        users: [first.user],
        ips,
        startMs: first.t,
        endMs: g.at(-1)!.t,
        signInPks: g.map((r) => r.pk),
        facts: { failedPolicies: policies, codes: uniq(g.map((r) => r.code)) },
      };
    });
    return { findings, notEvaluable: countMissing(db, 'ca_status', APPLIES) };
  },
};
