// impossible-travel: two consecutive successful sign-ins of one user whose implied ground speed is
// physically implausible (detections.md; Elastic's 500 km / 800 km/h, Panther's uncertainty rule).
// The legs come from main/geo/travel.ts, the same ones the map draws.
import { ensureEnriched } from '../geo/enrich';
import { formatGap, formatNumber } from '../geo/format';
import { resolveIds, travelLegs } from '../geo/travel';
import { withLabels } from '../geo/trusted';
import { DEFAULT_THRESHOLDS } from '../geo/settings';
import type { Detection, FindingDraft, Severity } from './types';

const PANTHER_MINUTES = 10;
const PANTHER_KM = 50;

export const impossibleTravel: Detection = {
  id: 'impossible-travel',
  title: 'Impossible travel',
  version: 1,
  severity: 'high',
  attack: ['T1078.004'],
  // Interactive by default (detections.md); non-interactive sign-ins through the parameter.
  appliesTo: ['interactiveUser'],
  params: {
    minKm: { default: DEFAULT_THRESHOLDS.minKm, min: 0, max: 20_000, help: 'km apart at least, after both locations\u2019 uncertainty is taken off (Elastic: 500)' },
    speedKmh: { default: DEFAULT_THRESHOLDS.impossibleKmh, min: 1, max: 100_000, help: 'km/h at least, "faster than a commercial airliner" (Elastic: 800)' },
    includeNonInteractive: { default: false, help: 'also non-interactive sign-ins (their IP can be the original token-issuance IP)' },
  },
  kql: `// Impossible travel (after Elastic's rule: >= 500 km apart and >= 800 km/h): consecutive successful
// interactive sign-ins of a user from different IPs, with the haversine distance and implied speed.
SigninLogs
| where TimeGenerated > ago(14d) and ResultType == "0"
| extend Lat = todouble(LocationDetails.geoCoordinates.latitude), Lon = todouble(LocationDetails.geoCoordinates.longitude)
| where isnotnull(Lat) and isnotnull(Lon) and not(Lat == 0 and Lon == 0)
| project TimeGenerated, UserPrincipalName, IPAddress, Lat, Lon, City = tostring(LocationDetails.city), Country = tostring(LocationDetails.countryOrRegion)
| sort by UserPrincipalName asc, TimeGenerated asc
| extend PrevUser = prev(UserPrincipalName), PrevTime = prev(TimeGenerated), PrevIP = prev(IPAddress), PrevLat = prev(Lat), PrevLon = prev(Lon), PrevCity = prev(City)
| where UserPrincipalName == PrevUser and IPAddress != PrevIP
| extend Km = geo_distance_2points(PrevLon, PrevLat, Lon, Lat) / 1000.0, Minutes = max_of(datetime_diff('second', TimeGenerated, PrevTime) / 60.0, 1.0)
| extend AdjustedKm = max_of(Km - 100.0, 0.0), Kmh = Km * 60.0 / Minutes
| where AdjustedKm >= 500 and AdjustedKm * 60.0 / Minutes >= 800`,

  run(ctx, p) {
    const { db } = ctx;
    ensureEnriched(db);
    const minKm = p['minKm'] as number;
    const speedKmh = p['speedKmh'] as number;
    // "Fast" plays no part here; keep it below the limit so the classification stays ordered.
    const thresholds = { minKm, impossibleKmh: speedKmh, fastKmh: Math.min(DEFAULT_THRESHOLDS.fastKmh, speedKmh / 2) };
    const { legs, notLocated } = travelLegs(db, {
      includeNonInteractive: p['includeNonInteractive'] as boolean,
      thresholds,
      trusted: withLabels(ctx.trusted, db),
      withPath: false,
      withIds: false,
      keep: (c) => c === 'impossible',
    });
    resolveIds(db, legs);
    const findings: FindingDraft[] = [];
    for (const leg of legs) {
      const risky = [leg.from, leg.to].some((x) => x.networkKind !== null);
      const trusted = [leg.from, leg.to].some((x) => x.trusted !== null);
      // Panther (PR #783): with a lowered minimum distance, a short hop in a short time is geo-IP noise.
      const panther = leg.adjustedKm < PANTHER_KM && leg.minutes < PANTHER_MINUTES;
      const severity: Severity = panther ? 'low' : risky || trusted ? 'medium' : 'high';
      const place = (x: typeof leg.from) => x.place ?? `${x.lat.toFixed(2)}, ${x.lon.toFixed(2)}`;
      const figures = `${leg.user}: ${place(leg.from)} -> ${place(leg.to)}, ${formatNumber(leg.km)} km in ${formatGap(leg.minutes)}, ${formatNumber(leg.kmh)} km/h`;
      const why: string[] = [];
      if (risky || trusted) why.push('A hosting, VPN or anonymiser network, or a trusted network, is involved: the severity is lowered (shown, not hidden).');
      if (panther) why.push(`The hop is under ${PANTHER_KM} km beyond the uncertainty and under ${PANTHER_MINUTES} minutes (Panther's geo-IP noise rule): the severity is low.`);
      const explanation =
        `${[figures, ...leg.annotations].join('; ')}. ` +
        `Beyond both locations' uncertainty (${formatNumber(leg.from.radiusKm + leg.to.radiusKm)} km) that is still ${formatNumber(leg.adjustedKm)} km at ${formatNumber(leg.adjustedKmh)} km/h, over the ${formatNumber(minKm)} km and ${formatNumber(speedKmh)} km/h limits.` +
        why.map((w) => ` ${w}`).join('');
      findings.push({
        key: `${leg.user}|${leg.from.signInId}|${leg.to.signInId}`,
        severity,
        title: `Impossible travel: ${leg.user}, ${place(leg.from)} -> ${place(leg.to)}`,
        explanation,
        users: [leg.user],
        ips: [...new Set([leg.from.ip, leg.to.ip].filter((x): x is string => !!x))],
        startMs: Date.parse(leg.from.time),
        endMs: Date.parse(leg.to.time),
        signInPks: [leg.fromPk, leg.toPk],
        facts: {
          km: leg.km, minutes: leg.minutes, kmh: leg.kmh, adjustedKm: leg.adjustedKm, adjustedKmh: leg.adjustedKmh,
          from: leg.from, to: leg.to, annotations: leg.annotations,
        },
      });
    }
    // Sign-ins it applies to that have no location cannot be judged (never "no hits").
    return { findings, notEvaluable: notLocated };
  },
};
