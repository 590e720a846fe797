// Coverage: spans per evidence and sign-in type, silences where sign-ins were expected, stretches
// no evidence covers, and a collection's asked range. Real generated exports with a hole cut out.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { caseCoverage, findGaps, uncoveredParts } from '../../../main/case/coverage';
import { CaseSession } from '../../../main/case/session';
import { collect } from '../../../main/collect/collector';
import { Limiter } from '../../../main/collect/limiter';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { virtualClock } from '../../support/clock';
import { DAY, FROM, NOW, fakeGraph, loopbackTransport, request, tokenSource } from '../collect/util';
import { tempDir } from '../helpers';

const H = 3_600_000;

/** A generated portal export (14 days to 2026-10-07), each file rewritten keeping only rows `keep` accepts. */
function export14(dir: string, keep: (ms: number) => boolean, name = 'gen'): string[] {
  const out = path.join(dir, name);
  generate({ out, users: 150, days: 14, rows: 12000, seed: 3, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  return fs.readdirSync(out).map((f) => {
    const p = path.join(out, f);
    const [header, ...rows] = Papa.parse<string[]>(fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const at = header!.indexOf('Date (UTC)');
    fs.writeFileSync(p, '\uFEFF' + Papa.unparse([header!, ...rows.filter((r) => keep(Date.parse(r[at]!)))], { newline: '\r\n' }));
    return p;
  });
}

describe('gap rule', () => {
  it('a silence counts when enough sign-ins were expected at those hours on active days', () => {
    // 5 weekdays (Mon 2026-09-28 .. Fri): 20 an hour from 08 to 17, 1 an hour at night; Wednesday 10-14 missing.
    const hours = new Map<number, number>();
    const day0 = Date.UTC(2026, 8, 28) / H;
    for (let d = 0; d < 5; d++) for (let h = 0; h < 24; h++) hours.set(day0 + d * 24 + h, h >= 8 && h < 17 ? 20 : 1);
    for (let h = 10; h < 14; h++) hours.delete(day0 + 2 * 24 + h);
    // Two night hours without sign-ins on Thursday: 2 expected, not a gap.
    hours.delete(day0 + 3 * 24 + 2);
    hours.delete(day0 + 3 * 24 + 3);
    const gaps = findGaps(hours, day0 * H, (day0 + 5 * 24) * H, 10);
    expect(gaps).toEqual([{ start: (day0 + 2 * 24 + 10) * H, end: (day0 + 2 * 24 + 14) * H, expected: 80 }]);
    expect(findGaps(hours, day0 * H, (day0 + 5 * 24) * H, 100)).toEqual([]);
  });

  it('uncovered parts of a range', () => {
    expect(uncoveredParts(0, 100 * H, [{ start: 10 * H, end: 40 * H }, { start: 30 * H, end: 50 * H }, { start: 80 * H, end: 100 * H }])).toEqual([
      { start: 0, end: 10 * H },
      { start: 50 * H, end: 80 * H },
    ]);
  });
});

describe('case coverage', () => {
  it('an afternoon cut out of a busy export is a gap; nights and weekends are not', async () => {
    const dir = tempDir();
    const holeStart = Date.UTC(2026, 8, 30, 9);
    const holeEnd = Date.UTC(2026, 8, 30, 15);
    const files = export14(dir, (ms) => ms < holeStart || ms >= holeEnd);
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    await importFiles(s.db, files);
    const c = caseCoverage(s.db);
    const lanes = c.types.flatMap((t) => t.lanes.map((l) => ({ ...l, type: t.type })));
    const busy = lanes.find((l) => l.type === 'nonInteractiveUser')!;
    expect(busy.gaps.filter((g) => g.reason === 'silence')).toHaveLength(1);
    const gap = busy.gaps[0]!;
    // The hole, to the hour (it may reach into neighbouring hours that happened to be empty too).
    expect(Date.parse(gap.start)).toBeLessThanOrEqual(holeStart);
    expect(Date.parse(gap.end)).toBeGreaterThanOrEqual(holeEnd);
    expect(Date.parse(gap.end) - Date.parse(gap.start)).toBeLessThan(12 * H);
    expect(gap.expected).toBeGreaterThanOrEqual(10);
    // No other lane reports a silence anywhere else.
    for (const l of lanes) for (const g of l.gaps) expect(Date.parse(g.start) < holeEnd && Date.parse(g.end) > holeStart, `${l.type} ${g.start}`).toBe(true);
    expect(c.rule).toMatch(/at least 10 were expected/);
    expect(c.types.every((t) => t.uncovered.length === 0)).toBe(true);
    expect(busy.count).toBe(s.db.prepare(`SELECT count(*) FROM signins WHERE type = 'nonInteractiveUser'`).pluck().get());
    s.close();
  }, 60_000);

  it('two exports with days between them: the days no evidence covers are uncovered, per type', async () => {
    const dir = tempDir();
    const cut1 = Date.UTC(2026, 8, 28);
    const cut2 = Date.UTC(2026, 9, 2);
    const early = export14(dir, (ms) => ms < cut1, 'early');
    const late = export14(dir, (ms) => ms >= cut2, 'late');
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    await importFiles(s.db, [...early, ...late]);
    const c = caseCoverage(s.db);
    const interactive = c.types.find((t) => t.type === 'interactiveUser')!;
    expect(interactive.lanes).toHaveLength(2);
    expect(interactive.uncovered).toHaveLength(1);
    const u = interactive.uncovered[0]!;
    expect(Date.parse(u.start)).toBeLessThanOrEqual(cut1);
    expect(Date.parse(u.start)).toBeGreaterThan(cut1 - 3 * H);
    expect(Date.parse(u.end)).toBeGreaterThanOrEqual(cut2);
    expect(Date.parse(u.end)).toBeLessThan(cut2 + 3 * H);
    s.close();
  }, 90_000);

  it('a collection covers the range it asked for, even for a type with no sign-ins', async () => {
    const fake = await fakeGraph();
    const dir = tempDir();
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    const clock = virtualClock(NOW);
    const r = await collect(request({ from: FROM, to: FROM + 2 * DAY, types: ['interactiveUser', 'managedIdentity'] }), {
      db: s.db, tokens: tokenSource(fake), transport: loopbackTransport(fake), clock, limiter: new Limiter({ clock }),
    });
    expect(r.status).toBe('completed');
    const c = caseCoverage(s.db);
    const mi = c.types.find((t) => t.type === 'managedIdentity')!;
    // No managed identity sign-ins at all, yet the collection asked and covers those two days.
    expect(mi.count).toBe(0);
    expect(mi.lanes).toEqual([expect.objectContaining({ source: 'graph', start: new Date(FROM).toISOString(), end: new Date(FROM + 2 * DAY).toISOString(), count: 0, gaps: [] })]);
    s.close();
  });
});
