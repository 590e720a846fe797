// The report's travel legs over the whole case. The geo module's travelLegs builds a full leg (points,
// annotations, a reason sentence) for every pair of a user's consecutive located sign-ins: about 66k
// legs and 13 s on a loaded 2-core machine for a 1M-sign-in case. The report draws only the fast and
// impossible ones, so it first ranks every pair from a lean read of (user, time, IP, point, radius)
// with the geo module's own distance and speed classes, then asks travelLegs, one user at a time,
// for the full legs (and their reasons) of the few users it lists.
import type { TravelLeg } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { greatCircleKm } from '../geo/distance';
import type { TravelThresholds } from '../geo/settings';
import { classify, travelLegs } from '../geo/travel';
import type { TrustedSet } from '../geo/trusted';

export type LeanLeg = {
  user: string;
  from: { ms: number; ip: string | null; lat: number; lon: number };
  to: { ms: number; ip: string | null; lat: number; lon: number };
  km: number;
  adjustedKmh: number;
  speedClass: 'fast' | 'impossible';
};

type Row = [user: string, ms: number, ip: string | null, lat: number, lon: number, radius: number];

/**
 * Fast and impossible legs, fastest first, judged as travel.ts judges them: consecutive located
 * successful interactive sign-ins of one user from different IPs; the distance less both
 * uncertainty radii, over the gap floored at one minute.
 */
export function notableLegs(db: CaseDb, thresholds: TravelThresholds): { legs: LeanLeg[]; located: number; places: { lat: number; lon: number; count: number }[] } {
  const rows = db
    // signin_geo carries the few sign-in fields travel needs. Read in one sequential pass (NOT INDEXED)
    // and sorted: walking its (user, time) index instead looks up every located row at random (3x slower).
    .prepare(
      `SELECT user_key, created_ms, ip, lat, lon, radius_km FROM signin_geo NOT INDEXED
       WHERE lat IS NOT NULL AND type = 'interactiveUser' AND outcome = 'success' AND user_key IS NOT NULL
       ORDER BY user_key, created_ms, signin_pk`,
    )
    .raw()
    .all() as Row[];
  const legs: LeanLeg[] = [];
  // The same rows give the map its places (a second pass over every located sign-in costs seconds).
  const places = new Map<string, { lat: number; lon: number; count: number }>();
  for (const r of rows) {
    const key = `${r[3]}|${r[4]}`;
    const p = places.get(key);
    if (p) p.count++;
    else places.set(key, { lat: r[3], lon: r[4], count: 1 });
  }
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    if (a[0] !== b[0] || (a[2] !== null && a[2] === b[2])) continue;
    const km = greatCircleKm(a[3], a[4], b[3], b[4]);
    const adjustedKm = Math.max(0, km - (a[5] ?? 0) - (b[5] ?? 0));
    const hours = Math.max((b[1] - a[1]) / 60_000, 1) / 60;
    const speedClass = classify(adjustedKm, adjustedKm / hours, thresholds);
    if (speedClass !== 'fast' && speedClass !== 'impossible') continue;
    legs.push({ user: b[0], from: { ms: a[1], ip: a[2], lat: a[3], lon: a[4] }, to: { ms: b[1], ip: b[2], lat: b[3], lon: b[4] }, km, adjustedKmh: adjustedKm / hours, speedClass });
  }
  legs.sort((x, y) => y.adjustedKmh - x.adjustedKmh || x.user.localeCompare(y.user) || x.to.ms - y.to.ms);
  return { legs, located: rows.length, places: [...places.values()] };
}

/**
 * The geo module's full legs (with their reasons and annotations) for the lean legs listed: one
 * travelLegs call per user, over the time span of that user's listed legs.
 */
export function fullLegs(db: CaseDb, lean: LeanLeg[], thresholds: TravelThresholds, trusted: TrustedSet): TravelLeg[] {
  const byUser = new Map<string, TravelLeg[]>();
  for (const user of new Set(lean.map((l) => l.user))) {
    const mine = lean.filter((l) => l.user === user);
    // The user as a filter too: travelLegs then reads that user's rows by primary key (its exact-user
    // clause alone still scans signin_geo to count the user's unlocated sign-ins: 0.2-0.3 s a call on 1M rows).
    const filter = {
      ...(user.includes('@') ? { user } : { userId: user }),
      from: new Date(Math.min(...mine.map((l) => l.from.ms))).toISOString(),
      to: new Date(Math.max(...mine.map((l) => l.to.ms)) + 1).toISOString(),
    };
    byUser.set(user, travelLegs(db, { user, thresholds, trusted, withPath: false, filter }).legs);
  }
  return lean.flatMap((l) => {
    const leg = byUser.get(l.user)?.find((x) => Date.parse(x.from.time) === l.from.ms && Date.parse(x.to.time) === l.to.ms);
    return leg ? [leg] : [];
  });
}
