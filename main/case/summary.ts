// The summary panel's numbers over the current filter: one indexed query each, all in SQL.
import type { SignInFilter, SignInSummary } from '../../preload/contract';
import type { CaseDb } from './db';
import { compileFilter } from './filter';

const BUCKETS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** The widest bucket that still gives a readable chart (at most about 200 bars). */
function bucketFor(spanMs: number): keyof typeof BUCKETS {
  if (spanMs <= 200 * BUCKETS.minute) return 'minute';
  if (spanMs <= 200 * BUCKETS.hour) return 'hour';
  return 'day';
}

export function summarize(db: CaseDb, filter: SignInFilter): SignInSummary {
  const { where, params } = compileFilter(filter);
  const and = where ? `${where} AND` : 'WHERE';
  const top = (column: string, extra = '') =>
    db
      .prepare(`SELECT ${column} AS value, count(*) AS count FROM signins ${where} ${extra} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`)
      .all(params) as { value: string | null; count: number }[];
  const tally = (column: string) => Object.fromEntries((db.prepare(`SELECT ${column} AS k, count(*) AS n FROM signins ${where} GROUP BY 1`).all(params) as { k: string; n: number }[]).map((r) => [r.k, r.n]));

  const span = db.prepare(`SELECT count(*) AS total, min(created_ms) AS lo, max(created_ms) AS hi FROM signins ${where}`).get(params) as { total: number; lo: number | null; hi: number | null };
  const bucket = bucketFor(span.lo === null || span.hi === null ? 0 : span.hi - span.lo);
  const width = BUCKETS[bucket];
  // Grouped by (outcome, bucket): both are in the (outcome, created_ms) index, so no table row is read.
  const byBucket = new Map<number, { start: string; success: number; failure: number; interrupted: number; unknown: number }>();
  for (const r of db.prepare(`SELECT outcome, (created_ms / ${width}) * ${width} AS start, count(*) AS n FROM signins ${where} GROUP BY 1, 2`).all(params) as {
    outcome: 'success' | 'failure' | 'interrupted' | 'unknown';
    start: number;
    n: number;
  }[]) {
    const point = byBucket.get(r.start) ?? { start: new Date(r.start).toISOString(), success: 0, failure: 0, interrupted: 0, unknown: 0 };
    point[r.outcome] += r.n;
    byBucket.set(r.start, point);
  }
  const points = [...byBucket.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);

  return {
    total: span.total,
    byStatus: tally('outcome'),
    byType: tally('type'),
    // By code (the (error_code, created_ms) index answers it), then one reason text per code.
    topFailureReasons: (
      db.prepare(`SELECT error_code AS errorCode, count(*) AS count FROM signins ${and} error_code != 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 10`).all(params) as {
        errorCode: number;
        count: number;
      }[]
    ).map((r) => ({
      ...r,
      failureReason: (db.prepare('SELECT failure_reason AS f FROM signins WHERE error_code = ? AND failure_reason IS NOT NULL LIMIT 1').get(r.errorCode) as { f: string } | undefined)?.f ?? null,
    })),
    topApps: top('app_name'),
    topUsers: top('user_upn'),
    topIps: top('ip', where ? 'AND ip IS NOT NULL' : 'WHERE ip IS NOT NULL'),
    topCountries: top('country', where ? 'AND country IS NOT NULL' : 'WHERE country IS NOT NULL'),
    overTime: { bucket, points },
  };
}
