// The timeline's density band: sign-ins per time bucket, by status, over the visible range, counted
// in SQL so the renderer never sees rows. With no filter (or only a time range) each bucket is one
// seek per status on the (outcome, created_ms) index, about 55 ms for 300 buckets over 1M sign-ins
// (grouping by an expression of created_ms sorts every row instead: about 2.8 s). With a filter,
// the matching rows' (time, status) pairs are read once and counted in a typed array.
import type { SignInFilter, TimelineDensity } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { compileFilter } from '../case/filter';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** Readable bucket widths, smallest first. */
export const BUCKET_WIDTHS = [S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 14 * D, 30 * D, 91 * D, 365 * D];

const OUTCOMES = ['success', 'failure', 'interrupted', 'unknown'] as const;
type OutcomeName = (typeof OUTCOMES)[number];

/** The smallest readable width that cuts the span into at most `buckets` pieces. */
export function bucketWidth(spanMs: number, buckets: number): number {
  return BUCKET_WIDTHS.find((w) => spanMs / w <= buckets) ?? BUCKET_WIDTHS.at(-1)!;
}

/** The filter without its time range: the band shows context around a brushed range. */
export function withoutRange(filter: SignInFilter): SignInFilter {
  const { from: _from, to: _to, ...rest } = filter;
  return rest;
}

/** First and last sign-in matching a compiled filter (one index seek each when unfiltered). */
export function extentOf(db: CaseDb, where: string, params: Record<string, unknown>): { startMs: number; endMs: number } | null {
  const lo = db.prepare(`SELECT min(created_ms) FROM signins ${where}`).pluck().get(params) as number | null;
  if (lo === null) return null;
  const hi = db.prepare(`SELECT max(created_ms) FROM signins ${where}`).pluck().get(params) as number;
  return { startMs: lo, endMs: hi };
}

export type DensityQuery = { filter: SignInFilter; fromMs?: number | undefined; toMs?: number | undefined; buckets: number };

export function timelineDensity(db: CaseDb, q: DensityQuery): TimelineDensity {
  const filter = withoutRange(q.filter);
  const { where, params } = compileFilter(filter);
  const extent = extentOf(db, where, params);
  const from = q.fromMs ?? extent?.startMs ?? 0;
  // The range end is exclusive; the extent's last sign-in must fall inside it.
  const to = Math.max(q.toMs ?? (extent ? extent.endMs + 1 : from + H), from + 1);
  const width = bucketWidth(to - from, q.buckets);
  const first = Math.floor(from / width) * width;
  const n = Math.max(1, Math.ceil((to - first) / width));
  const counts: Record<OutcomeName, Uint32Array> = { success: new Uint32Array(n), failure: new Uint32Array(n), interrupted: new Uint32Array(n), unknown: new Uint32Array(n) };
  if (extent && extent.endMs >= from && extent.startMs < to) {
    if (Object.keys(filter).length === 0) countBySeeks(db, first, width, n, from, to, counts);
    else countByScan(db, where, params, first, width, from, to, counts);
  }
  let total = 0;
  for (const o of OUTCOMES) for (const c of counts[o]) total += c;
  return {
    extent,
    fromMs: from,
    toMs: to,
    bucketMs: width,
    total,
    startMs: Array.from({ length: n }, (_, i) => first + i * width),
    success: Array.from(counts.success),
    failure: Array.from(counts.failure),
    interrupted: Array.from(counts.interrupted),
    unknown: Array.from(counts.unknown),
  };
}

/** Unfiltered: one count per (status, bucket), each a range seek on signins_outcome. */
function countBySeeks(db: CaseDb, first: number, width: number, n: number, from: number, to: number, counts: Record<OutcomeName, Uint32Array>): void {
  const rows = db
    .prepare(
      `WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i + 1 < @n),
            o(v) AS (VALUES ('success'), ('failure'), ('interrupted'), ('unknown'))
       SELECT o.v AS outcome, b.i AS i,
              (SELECT count(*) FROM signins WHERE outcome = o.v
                 AND created_ms >= max(@first + b.i * @width, @from) AND created_ms < min(@first + (b.i + 1) * @width, @to)) AS c
       FROM o, b`,
    )
    .raw()
    .all({ n, first, width, from, to }) as [OutcomeName, number, number][];
  for (const [o, i, c] of rows) if (c) counts[o][i] = c;
}

/** Filtered: the matching rows' (time, status) read once, counted per bucket. */
function countByScan(db: CaseDb, where: string, params: Record<string, unknown>, first: number, width: number, from: number, to: number, counts: Record<OutcomeName, Uint32Array>): void {
  const and = where ? `${where} AND` : 'WHERE';
  const it = db.prepare(`SELECT created_ms, outcome FROM signins ${and} created_ms >= @tlFrom AND created_ms < @tlTo`).raw().iterate({ ...params, tlFrom: from, tlTo: to }) as Iterable<[number, OutcomeName]>;
  for (const [t, o] of it) {
    const c = counts[o] ?? counts.unknown;
    const i = Math.floor((t - first) / width);
    c[i] = (c[i] ?? 0) + 1;
  }
}
