// The summary panel's numbers, checked against an independent count of the same sign-ins in
// JavaScript, for filters that take each of summarize()'s paths (index range counts, full-text grouping).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignIn, SignInFilter } from '../../../preload/contract';
import { CaseSession } from '../../../main/case/session';
import { summarize } from '../../../main/case/summary';
import { ATTACK_KINDS } from '../../../main/generate/attacks';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { exportRows } from '../../../main/report/export';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-summary-'));
let session: CaseSession;
const all: SignIn[] = [];

beforeAll(async () => {
  const out = path.join(dir, 'export');
  generate({ out, users: 30, days: 20, rows: 3000, seed: 11, format: 'portal-csv', attacks: ATTACK_KINDS, end: DEFAULT_END });
  session = CaseSession.open(path.join(dir, 'summary.sightline'));
  await importFiles(session.db, [out]);
  for await (const page of exportRows(session.db, {})) all.push(...page);
}, 120_000);

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const WIDTH = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Sign-ins per bucket start and outcome, counted row by row. */
function expectedPoints(rows: SignIn[], width: number) {
  const points = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const start = Math.floor(Date.parse(r.createdDateTime) / width) * width;
    const p = points.get(start) ?? { success: 0, failure: 0, interrupted: 0, unknown: 0 };
    p[r.outcome]! += 1;
    points.set(start, p);
  }
  return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([start, p]) => ({ start: new Date(start).toISOString(), ...p }));
}

const cases: [string, SignInFilter, (s: SignIn) => boolean][] = [
  ['no filter', {}, () => true],
  ['a status', { status: ['failure'] }, (s) => s.outcome === 'failure'],
  ['a time range', { from: '2026-09-25T00:00:00.000Z', to: '2026-09-28T12:00:00.000Z' }, (s) => s.createdDateTime >= '2026-09-25T00:00:00.000Z' && s.createdDateTime < '2026-09-28T12:00:00.000Z'],
  ['full-text search', { search: 'Windows' }, (s) => JSON.stringify(s).includes('Windows')],
];

describe('summarize', () => {
  it.each(cases)('counts totals, statuses and buckets like a row-by-row count (%s)', (_name, filter, keep) => {
    const rows = all.filter(keep);
    expect(rows.length).toBeGreaterThan(20);
    const summary = summarize(session.db, filter);
    expect(summary.total).toBe(rows.length);
    const byStatus: Record<string, number> = {};
    for (const r of rows) byStatus[r.outcome] = (byStatus[r.outcome] ?? 0) + 1;
    expect(summary.byStatus).toEqual(byStatus);
    expect(summary.overTime.points).toEqual(expectedPoints(rows, WIDTH[summary.overTime.bucket]));
    expect(summary.overTime.points.reduce((n, p) => n + p.success + p.failure + p.interrupted + p.unknown, 0)).toBe(rows.length);
  });

  it('gives the same numbers from the indexes as from one pass over the rows', () => {
    // Both filters select every sign-in, but only the time range lets the indexes answer alone.
    const fromIndexes = summarize(session.db, { from: '2000-01-01T00:00:00.000Z' });
    const inOnePass = summarize(session.db, { type: ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown'] });
    expect(fromIndexes.total).toBe(all.length);
    expect(inOnePass).toEqual(fromIndexes);
    expect(fromIndexes.topUsers.length).toBe(10);
    expect(fromIndexes.topFailureReasons.length).toBeGreaterThan(3);
  });

  it('picks a bucket that keeps the chart readable', () => {
    const day = summarize(session.db, {});
    expect(day.overTime.bucket).toBe('day');
    const hour = summarize(session.db, { from: '2026-09-25T00:00:00.000Z', to: '2026-09-26T00:00:00.000Z' });
    expect(hour.overTime.bucket).toBe('hour');
  });

  it('gives an empty chart, not an error, when nothing matches', () => {
    const none = summarize(session.db, { user: 'nobody-at-all@nowhere.invalid' });
    expect(none.total).toBe(0);
    expect(none.overTime.points).toEqual([]);
  });
});
