// new-country: a successful sign-in from a country the user never signed in from before in this
// case, or from a country rare across the tenant (detections.md; MDCA "Activity from infrequent
// country", ID Protection newCountry, the Sentinel teleportation hunt's 0.01 %). The country is the
// record's own, else the offline IP database's (signin_geo.country_code).
import { ensureEnriched } from '../geo/enrich';
import { networkKindWords } from '../geo/format';
import { DAY, listText, plural } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; cc: string; kind: 'hosting' | 'vpn' | 'anonymizer' | null; place: string | null };

export const newCountry: Detection = {
  id: 'new-country',
  title: 'Sign-in from a new or rare country',
  version: 1,
  severity: 'low',
  attack: ['T1078.004'],
  // Interactive by default (detections.md); non-interactive sign-ins through the parameter.
  appliesTo: ['interactiveUser'],
  params: {
    learningDays: { default: 7, min: 0, max: 90, help: "days of a user's history before a new country counts (MDCA's learning period); earlier hits are marked learning" },
    rarePercent: { default: 0.01, min: 0, max: 100, help: 'a country with less than this share (%) of all successful sign-ins is rare across the tenant' },
    includeNonInteractive: { default: false, help: 'also non-interactive sign-ins (MDCA skips them)' },
  },
  kql: `// New or rare country for a user (after MDCA's infrequent-country policy and the teleportation hunt's rarity).
let window = 14d;
let signins = SigninLogs | where TimeGenerated > ago(window) and ResultType == "0"
  | extend Country = tostring(LocationDetails.countryOrRegion) | where isnotempty(Country);
let total = toscalar(signins | count);
let rare = signins | summarize N = count() by Country | where N * 100.0 / total < 0.01 | project Country;
signins
| summarize First = min(TimeGenerated) by UserPrincipalName, Country
| join kind=inner (signins | summarize UserFirst = min(TimeGenerated) by UserPrincipalName) on UserPrincipalName
| where First > UserFirst + 7d or Country in (rare)`,

  run(ctx, p) {
    const { db } = ctx;
    ensureEnriched(db);
    const learningMs = (p['learningDays'] as number) * DAY;
    const rarePercent = p['rarePercent'] as number;
    const types = p['includeNonInteractive'] ? ['interactiveUser', 'nonInteractiveUser'] : ['interactiveUser'];
    const typeList = types.map((t) => `'${t}'`).join(', ');
    const rows = db
      .prepare(
        // signin_geo carries the user key (coalesce(user_upn, lower(user_id))), type and outcome, so the
        // wide signins rows are never read.
        `SELECT g.signin_pk AS pk, g.created_ms AS t, g.user_key AS user, g.ip AS ip, g.country_code AS cc, g.network_kind AS kind, g.place AS place
         FROM signin_geo g
         WHERE g.outcome = 'success' AND g.type IN (${typeList}) AND g.country_code IS NOT NULL AND g.user_key IS NOT NULL
         ORDER BY user, t, pk`,
      )
      .all() as Row[];

    // Tenant prevalence over all successful sign-ins of these types.
    const byCountry = new Map<string, number>();
    for (const r of rows) byCountry.set(r.cc, (byCountry.get(r.cc) ?? 0) + 1);
    const rare = (cc: string) => rows.length > 0 && ((byCountry.get(cc) ?? 0) * 100) / rows.length < rarePercent;

    const findings: FindingDraft[] = [];
    let i = 0;
    while (i < rows.length) {
      const user = rows[i]!.user;
      let j = i;
      while (j < rows.length && rows[j]!.user === user) j++;
      const history = rows.slice(i, j);
      const seen = new Set<string>([history[0]!.cc]);
      const firstMs = history[0]!.t;
      const reported = new Set<string>();
      for (const [k, r] of history.entries()) {
        const isNew = k > 0 && !seen.has(r.cc);
        seen.add(r.cc);
        if (reported.has(r.cc) || !(isNew || rare(r.cc))) continue;
        reported.add(r.cc);
        const learning = isNew && r.t - firstMs < learningMs;
        const same = history.filter((x) => x.cc === r.cc && x.t >= r.t);
        const ips = [...new Set(same.map((x) => x.ip).filter((x): x is string => !!x))];
        const earlier = [...new Set(history.slice(0, k).map((x) => x.cc))];
        const reasons = [
          isNew ? `new for ${user} (earlier: ${listText(earlier)})` : null,
          rare(r.cc) ? `rare across the tenant (${plural(byCountry.get(r.cc) ?? 0, 'successful sign-in')} of ${rows.length.toLocaleString('en-US')}, under ${rarePercent} %)` : null,
        ].filter(Boolean);
        const vpn = same.find((x) => x.kind !== null);
        findings.push({
          key: `${user}|${r.cc}`,
          severity: 'low',
          title: `${user} signed in from ${r.cc}${learning ? ' (learning)' : ''}`,
          explanation:
            `${user} signed in successfully from ${r.place ?? r.cc} (${r.cc}) at ${new Date(r.t).toISOString()}, a country ${reasons.join(' and ')}; ` +
            `${plural(same.length, 'sign-in')} from there from ${listText(ips)}.` +
            (learning ? ` It came within the first ${p['learningDays']} days of this user's history in the case (learning period), so it is weak evidence.` : '') +
            (vpn?.kind ? ` ${vpn.ip} is ${networkKindWords(vpn.kind)}: a VPN exit is a common innocent cause.` : '') +
            ' Real travel, VPN exits and carrier pools also cause this.',
          users: [user],
          ips,
          startMs: r.t,
          endMs: same.at(-1)!.t,
          signInPks: same.slice(0, 50).map((x) => x.pk),
          facts: { country: r.cc, newForUser: isNew, rareInTenant: rare(r.cc), learning, earlierCountries: earlier, tenantShare: (byCountry.get(r.cc) ?? 0) / rows.length },
        });
      }
      i = j;
    }

    // Sign-ins it applies to with no country from the record or the IP database.
    const notEvaluable = (db
      .prepare(
        `SELECT count(*) AS n FROM signins s LEFT JOIN signin_geo g ON g.signin_pk = s.pk
         WHERE s.outcome = 'success' AND s.type IN (${typeList}) AND g.country_code IS NULL`,
      )
      .get() as { n: number }).n;
    return { findings, notEvaluable };
  },
};
