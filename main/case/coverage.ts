// Coverage: for each sign-in type and each evidence (file or collection), the time span it covers
// and the gaps in it, so the analyst sees what the case cannot answer.
//
// - A file covers its first to its last sign-in of that type (duplicates it also held count: they
//   are its records too). A collection covers the range it asked Graph for, for the types it asked;
//   windows of an unfinished run that never got their last page are gaps (nothing was fetched).
// - Inside a span, a gap is a silence (whole UTC hours without a sign-in of that type in that
//   evidence) in which at least `minExpected` sign-ins were to be expected. The expectation for an
//   hour is the lane's lower quartile for that hour of the day, over the days on which the lane has
//   any sign-in at all (weekdays and weekends apart): quiet nights and weekends expect little and
//   are not gaps; a missing afternoon in a busy tenant is. With minExpected = 10, such a silence
//   happens by chance about once in 20,000 (Poisson, e^-10).
// - Per type, the stretches of the case's range (first to last sign-in of any type, collection
//   ranges included) that no evidence covers are listed as uncovered.
import type { Coverage, CoverageLane, SignInType } from '../../preload/contract';
import type { CaseDb } from './db';

const HOUR = 3_600_000;
export const DEFAULT_MIN_EXPECTED = 10;
const iso = (ms: number) => new Date(ms).toISOString();

export function coverageRule(minExpected: number): string {
  return (
    'A file covers its first to its last sign-in of each type; a Graph collection covers the range it asked for (windows it never finished are gaps). ' +
    `Inside a span, a gap is a run of whole UTC hours with no sign-in of that type in that evidence, where at least ${minExpected} were expected ` +
    '(expected per hour: the lowest quarter of that hour of the day over the days with any sign-in in that lane, weekdays and weekends apart, so quiet nights and weekends are not gaps). ' +
    'Uncovered: parts of the case’s overall range that no evidence covers for that type.'
  );
}

type LaneKey = `${number}|${string}`;
type LaneData = { evidenceId: number; type: SignInType; min: number; max: number; count: number; hours: Map<number, number> };

/** The 25th percentile (nearest rank) of a list of counts. */
function lowerQuartile(xs: number[]): number {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.25 * sorted.length) - 1)]!;
}

/** Silences inside [start, end) whose expected count reaches minExpected. Hours are absolute hour numbers. */
export function findGaps(hours: Map<number, number>, start: number, end: number, minExpected: number): { start: number; end: number; expected: number }[] {
  const h0 = Math.floor(start / HOUR);
  const h1 = Math.ceil(end / HOUR); // exclusive
  if (h1 <= h0) return [];
  // Expected per hour of day: over the days on which this lane has any sign-in, weekdays and
  // weekends (UTC) apart when there are at least two active days of each (people rest at weekends).
  const activeDays = new Set<number>();
  for (const [h, n] of hours) if (n > 0 && h >= h0 && h < h1) activeDays.add(Math.floor(h / 24));
  const isWeekend = (day: number) => [0, 6].includes(new Date(day * 86_400_000).getUTCDay());
  const baseline = (days: number[]) => {
    const perHourOfDay: number[][] = Array.from({ length: 24 }, () => []);
    for (const d of days) for (let hod = 0; hod < 24; hod++) perHourOfDay[hod]!.push(hours.get(d * 24 + hod) ?? 0);
    return perHourOfDay.map(lowerQuartile);
  };
  const all = [...activeDays];
  const weekends = all.filter(isWeekend);
  const weekdays = all.filter((d) => !isWeekend(d));
  const split = weekends.length >= 2 && weekdays.length >= 2;
  const [weekdayExpect, weekendExpect] = split ? [baseline(weekdays), baseline(weekends)] : [baseline(all), baseline(all)];
  const expectAt = (h: number) => (isWeekend(Math.floor(h / 24)) ? weekendExpect : weekdayExpect)[((h % 24) + 24) % 24]!;
  const gaps: { start: number; end: number; expected: number }[] = [];
  let runStart: number | null = null;
  let expected = 0;
  const close = (h: number) => {
    if (runStart !== null && expected >= minExpected) gaps.push({ start: runStart * HOUR, end: h * HOUR, expected: Math.round(expected * 10) / 10 });
    runStart = null;
    expected = 0;
  };
  for (let h = h0; h < h1; h++) {
    // Partial first and last hours of a span are never silent "by the hour": the span starts or ends inside them.
    const silent = (hours.get(h) ?? 0) === 0 && h * HOUR >= start && (h + 1) * HOUR <= end;
    if (silent) {
      runStart ??= h;
      expected += expectAt(h);
    } else close(h);
  }
  close(h1);
  return gaps;
}

/** Parts of [start, end) not inside any of the spans (each span [start, end)). */
export function uncoveredParts(start: number, end: number, spans: { start: number; end: number }[], minMs = HOUR): { start: number; end: number }[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  let at = start;
  for (const s of sorted) {
    if (s.start > at && s.start - at >= minMs) out.push({ start: at, end: Math.min(s.start, end) });
    at = Math.max(at, s.end);
    if (at >= end) break;
  }
  if (end - at >= minMs) out.push({ start: at, end });
  return out;
}

type Run = { id: number; evidenceId: number; status: string; query: string };

export function caseCoverage(db: CaseDb, minExpected = DEFAULT_MIN_EXPECTED): Coverage {
  const lanes = new Map<LaneKey, LaneData>();
  const lane = (evidenceId: number, type: SignInType): LaneData => {
    const key: LaneKey = `${evidenceId}|${type}`;
    let l = lanes.get(key);
    if (!l) lanes.set(key, (l = { evidenceId, type, min: Infinity, max: -Infinity, count: 0, hours: new Map() }));
    return l;
  };
  const add = (rows: { e: number; type: SignInType; h: number; n: number; lo: number; hi: number }[]) => {
    for (const r of rows) {
      const l = lane(r.e, r.type);
      l.count += r.n;
      l.min = Math.min(l.min, r.lo);
      l.max = Math.max(l.max, r.hi);
      l.hours.set(r.h, (l.hours.get(r.h) ?? 0) + r.n);
    }
  };
  // Current records (index-only on signins_evidence), then other sightings and superseded versions.
  add(db.prepare(`SELECT src_evidence AS e, type, created_ms / ${HOUR} AS h, count(*) AS n, min(created_ms) AS lo, max(created_ms) AS hi FROM signins GROUP BY 1, 2, 3`).all() as never);
  add(
    db
      .prepare(
        `SELECT x.evidence_id AS e, s.type, s.created_ms / ${HOUR} AS h, count(*) AS n, min(s.created_ms) AS lo, max(s.created_ms) AS hi
         FROM signin_sources x JOIN signins s ON s.pk = x.signin_pk
         WHERE NOT EXISTS (SELECT 1 FROM signin_versions v WHERE v.id = s.id AND v.src_evidence = x.evidence_id AND v.src_index = x.record_index)
         GROUP BY 1, 2, 3`,
      )
      .all() as never,
  );
  add(
    db
      .prepare(
        `SELECT v.src_evidence AS e, s.type, s.created_ms / ${HOUR} AS h, count(*) AS n, min(s.created_ms) AS lo, max(s.created_ms) AS hi
         FROM signin_versions v JOIN signins s ON s.id = v.id GROUP BY 1, 2, 3`,
      )
      .all() as never,
  );

  const evidence = new Map(
    (db.prepare('SELECT id, name, source FROM evidence').all() as { id: number; name: string; source: 'file' | 'graph' }[]).map((e) => [e.id, e]),
  );
  // Collections: the range and types each run asked for; unfinished windows are gaps.
  const runs = db.prepare('SELECT id, evidence_id AS evidenceId, status, query FROM collect_runs WHERE evidence_id IS NOT NULL').all() as Run[];
  const asked = new Map<LaneKey, { start: number; end: number; missing: { start: number; end: number }[] }>();
  const checkpoints = db.prepare(`SELECT start_ms AS start, end_ms AS end FROM collect_checkpoints WHERE run_id = ? AND source = 'signIns' AND event_type = ? ORDER BY start_ms`);
  for (const r of runs) {
    const qy = JSON.parse(r.query) as { from?: string; to?: string; types?: SignInType[] };
    const start = Date.parse(qy.from ?? '');
    const end = Date.parse(qy.to ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    for (const type of qy.types ?? []) {
      const key: LaneKey = `${r.evidenceId}|${type}`;
      const done = checkpoints.all(r.id, type) as { start: number; end: number }[];
      // A finished run fetched every window (recent ones are fetched without a checkpoint); others only their checkpointed windows.
      const missing = r.status === 'completed' ? [] : uncoveredParts(start, end, done.map((w) => ({ start: w.start, end: w.end + 1 })), 1);
      const prev = asked.get(key);
      asked.set(key, prev ? { start: Math.min(prev.start, start), end: Math.max(prev.end, end), missing: [...prev.missing, ...missing] } : { start, end, missing });
      lane(r.evidenceId, type);
    }
  }

  const out: CoverageLane[] = [];
  const byType = new Map<SignInType, { lanes: CoverageLane[]; count: number }>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const [key, l] of lanes) {
    const e = evidence.get(l.evidenceId);
    if (!e) continue;
    const range = asked.get(key);
    // A file's span ends just after its last sign-in; a collection's is what it asked for.
    const start = range ? Math.min(range.start, l.count ? l.min : range.start) : l.min;
    const end = range ? Math.max(range.end, l.count ? l.max + 1 : range.end) : l.max + 1;
    const gaps = [
      ...(range?.missing ?? []).map((m) => ({ start: iso(m.start), end: iso(m.end), reason: 'not-collected' as const, expected: null })),
      ...findGaps(l.hours, start, end, minExpected).map((g) => ({ start: iso(g.start), end: iso(g.end), reason: 'silence' as const, expected: g.expected })),
    ].sort((a, b) => a.start.localeCompare(b.start));
    const c: CoverageLane = { evidenceId: l.evidenceId, name: e.name, source: e.source, start: iso(start), end: iso(end), count: l.count, gaps };
    out.push(c);
    lo = Math.min(lo, start);
    hi = Math.max(hi, end);
    const t = byType.get(l.type) ?? { lanes: [], count: 0 };
    t.lanes.push(c);
    byType.set(l.type, t);
  }
  // Sign-ins of a type count once however many evidence rows hold them.
  const typeCounts = new Map((db.prepare('SELECT type, count(*) AS n FROM signins GROUP BY 1').all() as { type: SignInType; n: number }[]).map((r) => [r.type, r.n]));
  const ORDER: SignInType[] = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown'];
  return {
    range: out.length ? { start: iso(lo), end: iso(hi) } : null,
    rule: coverageRule(minExpected),
    minExpected,
    types: ORDER.filter((t) => byType.has(t)).map((type) => {
      const t = byType.get(type)!;
      t.lanes.sort((a, b) => a.start.localeCompare(b.start) || a.evidenceId - b.evidenceId);
      const spans = t.lanes.map((l) => ({ start: Date.parse(l.start), end: Date.parse(l.end) }));
      return { type, count: typeCounts.get(type) ?? 0, lanes: t.lanes, uncovered: uncoveredParts(lo, hi, spans).map((u) => ({ start: iso(u.start), end: iso(u.end) })) };
    }),
  };
}
