// distributed-password-cracking: one account failing from many places in one day (Sentinel
// DistribPassCrackAttempt.yaml v1.0.5).
import { codes, countMissing, DAY, groupBy, iso, listText, marks, num, plural, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; place: string | null; country: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const distributedPasswordCracking: Detection = {
  id: 'distributed-password-cracking',
  title: 'Distributed password cracking against one account',
  version: 1,
  severity: 'medium',
  attack: ['T1110'],
  appliesTo: [...APPLIES],
  params: {
    failureCodes: { default: ['50126', '50053', '50055', '50056'], help: 'error codes that count as a failed password attempt' },
    minFailures: { default: 30, min: 1, max: 100000, help: 'failures in one UTC day must be MORE than this' },
    minLocations: { default: 3, min: 2, max: 1000, help: 'distinct country / state / city places the failures come from' },
  },
  kql: `// Distributed password cracking (after Sentinel DistribPassCrackAttempt.yaml): > 30 failures for one
// account in a day from >= 3 distinct locations.
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d)
| where ResultType in ("50126", "50053", "50055", "50056")
| extend LocationDetails = todynamic(LocationDetails)
| extend Place = strcat(tostring(LocationDetails.countryOrRegion), "|", tostring(LocationDetails.state), "|", tostring(LocationDetails.city))
| summarize Failures = count(), Places = dcount(Place), IPs = make_set(IPAddress, 100), First = min(TimeGenerated), Last = max(TimeGenerated)
    by UserPrincipalName, Day = bin(TimeGenerated, 1d)
| where Failures > 30 and Places >= 3`,

  run(ctx, p) {
    const { db } = ctx;
    const failureCodes = codes(p, 'failureCodes');
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, country,
                CASE WHEN country IS NULL AND state IS NULL AND city IS NULL THEN NULL ELSE coalesce(country, '') || '|' || coalesce(state, '') || '|' || coalesce(city, '') END AS place
         FROM signins WHERE error_code IN (${marks(failureCodes.length)}) AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL`,
      )
      .all(...failureCodes, ...APPLIES) as Row[];
    const findings: FindingDraft[] = [];
    const minFailures = num(p, 'minFailures');
    const minLocations = num(p, 'minLocations');
    let unplaced = 0;
    for (const [key, day] of groupBy(rows, (r) => `${r.user}|${Math.floor(r.t / DAY)}`)) {
      if (day.length <= minFailures) continue;
      const places = uniq(day.map((r) => r.place).filter((x): x is string => x !== null));
      if (places.length < minLocations) {
        // Failures with no location at all cannot count towards places: say so instead of "nothing found".
        unplaced += day.filter((r) => r.place === null).length;
        continue;
      }
      day.sort((a, b) => a.t - b.t);
      const user = day[0]!.user;
      const ips = uniq(day.map((r) => r.ip).filter((x): x is string => !!x));
      const countries = uniq(day.map((r) => r.country).filter((x): x is string => !!x));
      findings.push({
        key,
        title: `Distributed password cracking against ${user}`,
        explanation:
          `${user} failed to sign in ${plural(day.length, 'time')} on ${iso(day[0]!.t).slice(0, 10)} (UTC) from ${plural(places.length, 'place')} ` +
          `in ${plural(countries.length, 'country', 'countries')} (${listText(countries, 6)}) and ${plural(ips.length, 'IP address', 'IP addresses')}: ` +
          `one account attacked from many locations, more than ${minFailures} failures from at least ${minLocations} places.`,
        users: [user],
        ips,
        startMs: day[0]!.t,
        endMs: day.at(-1)!.t,
        signInPks: day.map((r) => r.pk),
        facts: { failures: day.length, places: places.length, countries },
      });
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) + unplaced };
  },
};
