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
  const points = (
    db
      .prepare(
        `SELECT (created_ms / ${width}) * ${width} AS start,
                sum(outcome = 'success') AS success, sum(outcome = 'failure') AS failure,
                sum(outcome = 'interrupted') AS interrupted, sum(outcome = 'unknown') AS unknown
           FROM signins ${where} GROUP BY 1 ORDER BY 1`,
      )
      .all(params) as { start: number; success: number; failure: number; interrupted: number; unknown: number }[]
  ).map((p) => ({ ...p, start: new Date(p.start).toISOString() }));

  return {
    total: span.total,
    byStatus: tally('outcome'),
    byType: tally('type'),
    topFailureReasons: db
      .prepare(
        `SELECT error_code AS errorCode, failure_reason AS failureReason, count(*) AS count FROM signins ${and} outcome != 'success'
          GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10`,
      )
      .all(params) as SignInSummary['topFailureReasons'],
    topApps: top('app_name'),
    topUsers: top('user_upn'),
    topIps: top('ip', where ? 'AND ip IS NOT NULL' : 'WHERE ip IS NOT NULL'),
    topCountries: top('country', where ? 'AND country IS NOT NULL' : 'WHERE country IS NOT NULL'),
    overTime: { bucket, points },
  };
}
