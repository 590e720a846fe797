// Travel legs: per user, each pair of consecutive located sign-ins from different IPs, with the
// great-circle distance, the time gap and the speed that implies, judged against the thresholds
// with both locations' uncertainty taken off first (detections.md, impossible-travel):
//   adjusted km = km - r1 - r2 (never below 0; 0 means "within the uncertainty": not travel)
//   speed       = km / max(gap, 1 min)
//   impossible  = adjusted km >= minKm and adjusted speed >= impossibleKmh
// Hosting / VPN / anonymiser networks and the analyst's trusted ranges and places are annotated on
// the leg (down-ranked by the detection), never hidden. One windowed query over signin_geo (the
// narrow copy of what travel needs) pairs each user's consecutive sign-ins; only the legs reach JS,
// and only the legs asked for are described in full.
import type { SignInFilter, SignInType, SpeedClass, TravelLeg, TravelPoint } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { compileFilter } from '../case/filter';
import { greatCircleKm, greatCirclePath } from './distance';
import { formatGap, formatNumber, networkKindWords, round } from './format';
import type { NetworkKind } from './networks';
import type { TravelThresholds } from './settings';
import type { TrustedSet } from './trusted';

export type TravelQuery = {
  /** One user (lower-cased UPN, or the user id where a sign-in has no UPN); all users when absent. */
  user?: string;
  includeFailures?: boolean;
  includeNonInteractive?: boolean;
  filter?: SignInFilter;
  thresholds: TravelThresholds;
  trusted: TrustedSet;
  /** Great-circle points for drawing (off for rankings over every user). */
  withPath?: boolean;
  /** Resolve each end's sign-in id (off where only figures are printed: a read per sign-in). */
  withIds?: boolean;
};

/** A leg with its two sign-ins' primary keys (not part of the contract; dropped on the way out). */
export type Leg = TravelLeg & { fromPk: number; toPk: number };

export type TravelComputation = {
  /** The legs asked for (all, or those `keep` picked). */
  legs: Leg[];
  /** Every leg of the query, by verdict (also those `keep` left out). */
  classes: Record<SpeedClass, number>;
  /** Located sign-ins considered, and sign-ins matching the query that have no location. */
  signIns: number;
  notLocated: number;
};

export const NON_INTERACTIVE_CAVEAT =
  'Non-interactive sign-ins can carry the IP where the token was first issued, not where the device was (Microsoft: non-interactive sign-ins of confidential clients), so a leg through one may not be travel.';

/** The WHERE clause over signin_geo `g` for a query: switches and time on g, other filters through signins. */
function scope(q: TravelQuery): { where: string; params: Record<string, unknown> } | null {
  const { type, status, from, to, ...rest } = q.filter ?? {};
  const allowed: SignInType[] = q.includeNonInteractive ? ['interactiveUser', 'nonInteractiveUser'] : ['interactiveUser'];
  const types = type ? allowed.filter((t) => type.includes(t)) : allowed;
  const outcomes = q.includeFailures ? (status ?? ['success', 'failure', 'interrupted', 'unknown']) : status && !status.includes('success') ? [] : ['success'];
  if (types.length === 0 || outcomes.length === 0) return null;
  const params: Record<string, unknown> = {};
  const clauses = [
    `g.type IN (${types.map((t, i) => ((params[`t${i}`] = t), `@t${i}`)).join(', ')})`,
    `g.outcome IN (${outcomes.map((o, i) => ((params[`o${i}`] = o), `@o${i}`)).join(', ')})`,
    'g.user_key IS NOT NULL',
  ];
  if (from) clauses.push(`g.created_ms >= ${((params['fromMs'] = Date.parse(from)), '@fromMs')}`);
  if (to) clauses.push(`g.created_ms < ${((params['toMs'] = Date.parse(to)), '@toMs')}`);
  // User keys are lower-cased UPNs; `--user` matches one exactly, whatever case it was typed in.
  if (q.user !== undefined) clauses.push(`g.user_key = ${((params['travelUser'] = q.user.toLowerCase()), '@travelUser')}`);
  if (Object.values(rest).some((v) => v !== undefined)) {
    const f = compileFilter(rest);
    clauses.push(`g.signin_pk IN (SELECT pk FROM signins ${f.where})`);
    Object.assign(params, f.params);
  }
  return { where: clauses.join(' AND '), params };
}

export function classify(adjustedKm: number, adjustedKmh: number, t: TravelThresholds): SpeedClass {
  if (adjustedKm <= 0) return 'not-travel';
  if (adjustedKm >= t.minKm && adjustedKmh >= t.impossibleKmh) return 'impossible';
  if (adjustedKmh >= t.fastKmh) return 'fast';
  return 'plausible';
}

function placeText(p: TravelPoint): string {
  return p.place ?? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`;
}

/** The one-sentence reason: figures, verdict, annotations. */
function reasonFor(leg: Omit<TravelLeg, 'reason' | 'path'>, t: TravelThresholds): string {
  const figures = `${placeText(leg.from)} -> ${placeText(leg.to)}, ${formatNumber(leg.km)} km in ${formatGap(leg.minutes)}, ${formatNumber(leg.kmh)} km/h`;
  let verdict: string;
  switch (leg.speedClass) {
    case 'not-travel':
      verdict = `not travel: the distance is within the two locations' uncertainty (${formatNumber(leg.from.radiusKm + leg.to.radiusKm)} km)`;
      break;
    case 'impossible':
      verdict = `impossible: ${formatNumber(leg.adjustedKm)} km beyond the uncertainty at ${formatNumber(leg.adjustedKmh)} km/h (limits ${formatNumber(t.minKm)} km, ${formatNumber(t.impossibleKmh)} km/h)`;
      break;
    case 'fast':
      verdict = `fast: ${formatNumber(leg.adjustedKmh)} km/h beyond the uncertainty needs a flight (over ${formatNumber(t.fastKmh)} km/h)`;
      break;
    default:
      verdict = `plausible: ${formatNumber(leg.adjustedKmh)} km/h beyond the uncertainty`;
  }
  return [figures, verdict, ...leg.annotations].join('; ');
}

function annotations(from: TravelPoint, to: TravelPoint, trusted: TrustedSet): string[] {
  const out: string[] = [];
  for (const [side, p] of [['first', from], ['second', to]] as const) {
    if (p.networkKind) out.push(`${side} IP is ${networkKindWords(p.networkKind)}${p.asn ? ` (AS${p.asn}${p.asOrg ? ` ${p.asOrg}` : ''})` : ''}`);
    const range = trusted.ipLabel(p.ip);
    if (range !== null) out.push(`${side} IP is in ${range ? `the trusted range ${range}` : 'a trusted range'}`);
    else if (p.trusted !== null) out.push(`${side} location is in ${p.trusted ? `the trusted place ${p.trusted}` : 'a trusted place'}`);
  }
  return out;
}

/**
 * One leg as SQL finds it: consecutive located sign-ins of a user from different IPs (a window over
 * each user's sign-ins in time order), with only the numbers the verdict needs.
 */
type RawLeg = [fromPk: number, toPk: number, user: string, fromMs: number, toMs: number, fromLat: number, fromLon: number, toLat: number, toLon: number, fromR: number, toR: number];

type Judged = { raw: RawLeg; km: number; minutes: number; kmh: number; adjustedKm: number; adjustedKmh: number; speedClass: SpeedClass };

/** The legs of a query (numbers only), the located sign-ins it covers, and those without a location. */
function rawLegs(db: CaseDb, q: TravelQuery): { raws: RawLeg[]; signIns: number; notLocated: number } {
  const s = scope(q);
  if (!s) return { raws: [], signIns: 0, notLocated: 0 };
  const raws = db
    .prepare(`WITH r AS (
        SELECT signin_pk AS pk, created_ms AS t, user_key AS u, ip, lat, lon, radius_km AS rad,
          lag(signin_pk) OVER w AS ppk, lag(created_ms) OVER w AS pt, lag(ip) OVER w AS pip, lag(lat) OVER w AS plat, lag(lon) OVER w AS plon, lag(radius_km) OVER w AS prad
        FROM signin_geo g WHERE g.lat IS NOT NULL AND ${s.where}
        WINDOW w AS (PARTITION BY g.user_key ORDER BY g.created_ms, g.signin_pk))
      SELECT ppk, pk, u, pt, t, plat, plon, lat, lon, prad, rad FROM r
      -- A sign-in without an IP counts as its own address.
      WHERE ppk IS NOT NULL AND (pip IS NULL OR pip IS NOT ip)
      ORDER BY u, t, pk`)
    .raw()
    .all(s.params) as RawLeg[];
  const counts = db.prepare(`SELECT count(g.lat) AS located, count(*) - count(g.lat) AS missing FROM signin_geo g WHERE ${s.where}`).get(s.params) as { located: number; missing: number };
  return { raws, signIns: counts.located, notLocated: counts.missing };
}

function judge(raw: RawLeg, t: TravelThresholds): Judged {
  const km = greatCircleKm(raw[5], raw[6], raw[7], raw[8]);
  const minutes = Math.max(0, (raw[4] - raw[3]) / 60_000);
  // detections.md: the gap is floored at one minute, so two sign-ins in the same second are not infinitely fast.
  const hours = Math.max(minutes, 1) / 60;
  const adjustedKm = Math.max(0, km - raw[9] - raw[10]);
  return { raw, km, minutes, kmh: km / hours, adjustedKm, adjustedKmh: adjustedKm / hours, speedClass: classify(adjustedKm, adjustedKm / hours, t) };
}

type EndRow = [pk: number, ip: string | null, outcome: string, type: string, source: TravelPoint['source'], place: string | null, countryCode: string | null, asn: number | null, networkKind: NetworkKind | null, asOrg: string | null];

/** Full legs (ends with place, network, trust; reason; path) for judged legs, reading their ends by key. */
function materialize(db: CaseDb, judged: Judged[], q: TravelQuery): Leg[] {
  const pks = [...new Set(judged.flatMap((j) => [j.raw[0], j.raw[1]]))];
  const ends = new Map<number, EndRow>();
  for (let i = 0; i < pks.length; i += 500) {
    const chunk = pks.slice(i, i + 500);
    const rows = db
      .prepare(`SELECT g.signin_pk, g.ip, g.outcome, g.type, g.source, g.place, g.country_code, g.asn, g.network_kind,
          CASE WHEN g.network_kind IS NOT NULL THEN (SELECT as_org FROM ip_info i WHERE i.ip = g.ip) END
        FROM signin_geo g WHERE g.signin_pk IN (${chunk.map(() => '?').join(', ')})`)
      .raw()
      .all(...chunk) as EndRow[];
    for (const r of rows) ends.set(r[0], r);
  }
  const point = (pk: number, ms: number, lat: number, lon: number, radiusKm: number): TravelPoint => {
    const e = ends.get(pk)!;
    return {
      signInId: '', time: new Date(ms).toISOString(), ip: e[1], place: e[5], countryCode: e[6], lat, lon, source: e[4], radiusKm,
      asn: e[7], asOrg: e[9], networkKind: e[8], trusted: q.trusted.ipLabel(e[1]) ?? q.trusted.placeLabel(lat, lon), outcome: e[2], type: e[3],
    };
  };
  const legs = judged.map((j): Leg => {
    const [fromPk, toPk, user, fromMs, toMs, fromLat, fromLon, toLat, toLon, fromR, toR] = j.raw;
    const from = point(fromPk, fromMs, fromLat, fromLon, fromR);
    const to = point(toPk, toMs, toLat, toLon, toR);
    const partial = {
      user, from, to,
      km: round(j.km, 1), minutes: round(j.minutes, 2), kmh: round(j.kmh, 1), adjustedKm: round(j.adjustedKm, 1), adjustedKmh: round(j.adjustedKmh, 1),
      speedClass: j.speedClass, impossible: j.speedClass === 'impossible', annotations: annotations(from, to, q.trusted),
    };
    return { ...partial, reason: reasonFor(partial, q.thresholds), path: q.withPath === false ? [] : greatCirclePath(fromLat, fromLon, toLat, toLon), fromPk, toPk };
  });
  if (q.withIds !== false) resolveIds(db, legs);
  return legs;
}

/**
 * The legs of a query, in user and time order. `keep` picks which verdicts become full legs (e.g.
 * only the impossible ones): judging is cheap, describing a leg is not.
 */
export function travelLegs(db: CaseDb, q: TravelQuery & { keep?: (c: SpeedClass) => boolean }): TravelComputation {
  const { raws, signIns, notLocated } = rawLegs(db, q);
  const judged = raws.map((r) => judge(r, q.thresholds));
  const classes: Record<SpeedClass, number> = { 'not-travel': 0, plausible: 0, fast: 0, impossible: 0 };
  for (const j of judged) classes[j.speedClass]++;
  return { legs: materialize(db, q.keep ? judged.filter((j) => q.keep!(j.speedClass)) : judged, q), classes, signIns, notLocated };
}

/** Fills in the sign-in ids of the legs' ends (batched reads by primary key). */
export function resolveIds(db: CaseDb, legs: Leg[]): void {
  const pks = [...new Set(legs.flatMap((l) => [l.fromPk, l.toPk]))];
  const ids = new Map<number, string>();
  for (let i = 0; i < pks.length; i += 500) {
    const chunk = pks.slice(i, i + 500);
    const rows = db.prepare(`SELECT pk, id FROM signins WHERE pk IN (${chunk.map(() => '?').join(', ')})`).raw().all(...chunk) as [number, string][];
    for (const [pk, id] of rows) ids.set(pk, id);
  }
  for (const l of legs) {
    l.from.signInId = ids.get(l.fromPk) ?? '';
    l.to.signInId = ids.get(l.toPk) ?? '';
  }
}

export type TravellerSummary = { user: string; legs: number; impossible: number; fast: number; fastest: Leg | null };

/** Users ranked by their fastest leg (adjusted speed); users with no travel at all are left out. */
export function topTravellers(db: CaseDb, q: Omit<TravelQuery, 'user' | 'withPath' | 'withIds'>, limit: number): TravellerSummary[] {
  const { raws } = rawLegs(db, q as TravelQuery);
  const byUser = new Map<string, { legs: number; impossible: number; fast: number; fastest: Judged }>();
  for (const raw of raws) {
    const j = judge(raw, q.thresholds);
    if (j.speedClass === 'not-travel') continue;
    const s = byUser.get(raw[2]);
    if (!s) byUser.set(raw[2], { legs: 1, impossible: j.speedClass === 'impossible' ? 1 : 0, fast: j.speedClass === 'fast' ? 1 : 0, fastest: j });
    else {
      s.legs++;
      if (j.speedClass === 'impossible') s.impossible++;
      if (j.speedClass === 'fast') s.fast++;
      if (j.adjustedKmh > s.fastest.adjustedKmh) s.fastest = j;
    }
  }
  const top = [...byUser].sort((x, y) => y[1].fastest.adjustedKmh - x[1].fastest.adjustedKmh || x[0].localeCompare(y[0])).slice(0, limit);
  const fastest = materialize(db, top.map(([, s]) => s.fastest), { ...q, withPath: false });
  return top.map(([user, s], i) => ({ user, legs: s.legs, impossible: s.impossible, fast: s.fast, fastest: fastest[i]! }));
}
