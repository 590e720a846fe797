// The density band's counts: the index seeks (no filter) and the filtered scan agree with a plain
// count per bucket, the bucket width is a readable one, the filter's own range is not applied, and a
// visible range clips the counts.
import { afterEach, describe, expect, it } from 'vitest';
import { bucketWidth, timelineDensity } from '../../../main/timeline/density';
import { caseOf, HOUR, MIN, signIn, T0, type Built } from './fixture';

let built: Built | null = null;
afterEach(() => built?.session.close());

/** 3 days of sign-ins: a success every 20 minutes, a failure every hour, an interrupted one a day. */
function records() {
  const out: Record<string, unknown>[] = [];
  for (let t = T0; t < T0 + 72 * HOUR; t += 20 * MIN) out.push(signIn({ t: t + 7_000 }));
  for (let t = T0; t < T0 + 72 * HOUR; t += HOUR) out.push(signIn({ t: t + 30 * MIN, code: 50126, user: 'bob@contoso.example' }));
  for (let d = 0; d < 3; d++) out.push(signIn({ t: T0 + d * 24 * HOUR + 5 * HOUR, code: 50074 }));
  return out;
}

/** The expected counts by a plain SQL count for each bucket. */
function expected(b: Built, start: number[], width: number, from: number, to: number, where = '') {
  const stmt = b.session.db.prepare(`SELECT outcome, count(*) AS n FROM signins WHERE created_ms >= ? AND created_ms < ? ${where} GROUP BY outcome`);
  return start.map((s) => Object.fromEntries((stmt.all(Math.max(s, from), Math.min(s + width, to)) as { outcome: string; n: number }[]).map((r) => [r.outcome, r.n])));
}

const actual = (d: ReturnType<typeof timelineDensity>) =>
  d.startMs.map((_, i) => Object.fromEntries((['success', 'failure', 'interrupted', 'unknown'] as const).filter((o) => d[o][i]! > 0).map((o) => [o, d[o][i]!])));

describe('timeline density', () => {
  it('counts every sign-in once per bucket by status, over the whole extent by default', async () => {
    built = await caseOf(records());
    const d = timelineDensity(built.session.db, { filter: {}, buckets: 100 });
    expect(d.extent).toEqual({ startMs: T0 + 7_000, endMs: T0 + 71 * HOUR + 40 * MIN + 7_000 });
    expect(d.total).toBe(216 + 72 + 3);
    expect(d.bucketMs).toBe(bucketWidth(d.toMs - d.fromMs, 100));
    expect(d.startMs.length).toBeLessThanOrEqual(101);
    expect(actual(d)).toEqual(expected(built, d.startMs, d.bucketMs, d.fromMs, d.toMs));
    expect(d.interrupted.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('counts a filtered band the same way (the scan path), ignoring the filter’s own from/to', async () => {
    built = await caseOf(records());
    const filter = { status: ['failure' as const], from: '2026-10-02T00:00:00.000Z', to: '2026-10-02T01:00:00.000Z' };
    const d = timelineDensity(built.session.db, { filter, buckets: 50 });
    expect(d.total).toBe(72);
    expect(d.success.every((c) => c === 0)).toBe(true);
    expect(actual(d)).toEqual(expected(built, d.startMs, d.bucketMs, d.fromMs, d.toMs, "AND outcome = 'failure'"));
  });

  it('clips to the visible range and picks finer buckets when zoomed in', async () => {
    built = await caseOf(records());
    const from = T0 + 24 * HOUR;
    const to = T0 + 26 * HOUR;
    const d = timelineDensity(built.session.db, { filter: {}, fromMs: from, toMs: to, buckets: 300 });
    expect(d.bucketMs).toBe(30_000);
    expect(d.total).toBe(6 + 2);
    expect(d.startMs[0]).toBe(from);
    expect(actual(d)).toEqual(expected(built, d.startMs, d.bucketMs, from, to));
  });

  it('has no extent and no counts for a filter nothing matches', async () => {
    built = await caseOf(records());
    const d = timelineDensity(built.session.db, { filter: { user: 'nobody' }, buckets: 100 });
    expect(d.extent).toBeNull();
    expect(d.total).toBe(0);
  });

  it('gives the extent alone for a range before any sign-in (the view asks that first, to size itself)', async () => {
    built = await caseOf(records());
    for (const filter of [{}, { status: ['failure' as const] }]) {
      const d = timelineDensity(built.session.db, { filter, fromMs: 0, toMs: 1, buckets: 10 });
      expect(d.extent).toEqual(timelineDensity(built.session.db, { filter, buckets: 10 }).extent);
      expect(d.total).toBe(0);
      expect(d.startMs).toHaveLength(1);
    }
  });

  it('chooses readable bucket widths', () => {
    expect(bucketWidth(60 * MIN, 300)).toBe(15_000);
    expect(bucketWidth(30 * 24 * HOUR, 300)).toBe(3 * HOUR);
    expect(bucketWidth(30 * 24 * HOUR, 100)).toBe(12 * HOUR);
  });
});
