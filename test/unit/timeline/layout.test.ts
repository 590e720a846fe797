// The timeline's lane layout (renderer/features/timeline/layout.ts, no DOM): rows per lane or per
// user, zoom and pan kept within the case, and hit-testing an item under the pointer.
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../../preload/contract';
import { hitTest, layoutRows, MAX_LEVELS, MAX_USER_ROWS, MIN_SPAN_MS, pack, pan, zoom } from '../../../renderer/features/timeline/layout';

const item = (key: string, lane: TimelineItem['lane'], startMs: number, endMs: number | null, users: string[] = []): TimelineItem => ({
  key, lane, startMs, endMs, users, label: key, level: null, ref: { kind: 'signin', id: key },
});

describe('timeline layout', () => {
  const items = [
    item('f1', 'finding', 100, 300, ['a@x', 'b@x']),
    item('t1', 'tagged', 150, null, ['a@x']),
    item('e1', 'evidence', 0, 1000),
    item('n1', 'note', 50, null, ['c@x']),
  ];

  it('makes one row per lane with data, in lane order', () => {
    const rows = layoutRows(items, ['finding', 'tagged', 'note', 'evidence'], false);
    expect(rows.map((r) => [r.label, r.items.map((i) => i.key)])).toEqual([
      ['Findings', ['f1']],
      ['Tagged sign-ins', ['t1']],
      ['Notes', ['n1']],
      ['Evidence (span of each file)', ['e1']],
    ]);
  });

  it('groups by user: busiest users first, an item in every row of its users, the rest in their lanes', () => {
    const rows = layoutRows(items, ['finding', 'tagged', 'note', 'evidence'], true);
    expect(rows.map((r) => [r.label, r.items.map((i) => i.key)])).toEqual([
      ['a@x', ['f1', 't1']],
      ['b@x', ['f1']],
      ['c@x', ['n1']],
      ['Evidence (span of each file)', ['e1']],
    ]);
  });

  it('caps the user rows and leaves the other users’ items in their lanes', () => {
    const many = Array.from({ length: MAX_USER_ROWS + 5 }, (_, i) => item(`t${i}`, 'tagged', i, null, [`u${String(i).padStart(3, '0')}@x`]));
    const rows = layoutRows(many, ['tagged'], true);
    expect(rows).toHaveLength(MAX_USER_ROWS + 1);
    expect(rows.at(-1)).toMatchObject({ label: 'Tagged sign-ins' });
    expect(rows.at(-1)!.items).toHaveLength(5);
  });

  it('zooms around the anchor within the bounds, never below a minute', () => {
    const bounds = { from: 0, to: 10_000_000 };
    expect(zoom({ from: 0, to: 10_000_000 }, 0.5, 5_000_000, bounds)).toEqual({ from: 2_500_000, to: 7_500_000 });
    expect(zoom({ from: 0, to: 10_000_000 }, 0.5, 0, bounds)).toEqual({ from: 0, to: 5_000_000 });
    expect(zoom({ from: 2_000_000, to: 4_000_000 }, 10, 3_000_000, bounds)).toEqual(bounds);
    const tiny = zoom({ from: 0, to: 100_000 }, 0.01, 50_000, bounds);
    expect(tiny.to - tiny.from).toBe(MIN_SPAN_MS);
  });

  it('pans within the bounds', () => {
    const bounds = { from: 0, to: 1000 };
    expect(pan({ from: 100, to: 300 }, 100, bounds)).toEqual({ from: 200, to: 400 });
    expect(pan({ from: 100, to: 300 }, -500, bounds)).toEqual({ from: 0, to: 200 });
    expect(pan({ from: 700, to: 900 }, 500, bounds)).toEqual({ from: 800, to: 1000 });
  });

  it('hit-tests spans and points within a few pixels', () => {
    const [row] = layoutRows([item('s', 'finding', 100, 200), item('p', 'finding', 500, null)], ['finding'], false);
    const r = { from: 0, to: 1000 };
    expect(hitTest(row!, 150, r, 1000)?.key).toBe('s');
    expect(hitTest(row!, 503, r, 1000)?.key).toBe('p');
    expect(hitTest(row!, 350, r, 1000)).toBeNull();
  });

  it('packs overlapping spans into sub-rows at the current zoom, and points that touch', () => {
    const [row] = layoutRows([item('a', 'finding', 0, 500), item('b', 'finding', 100, 300), item('c', 'finding', 600, 700), item('d', 'finding', 200, 900)], ['finding'], false);
    const p = pack(row!, { from: 0, to: 1000 }, 1000);
    expect(p.levels).toBe(3);
    expect(Object.fromEntries(p.levelOf)).toEqual({ a: 0, b: 1, c: 0, d: 2 });
    // Twenty spans over the same time fill every sub-row, then share them.
    const many = layoutRows(Array.from({ length: 20 }, (_, i) => item(`s${i}`, 'finding', 0, 1000)), ['finding'], false)[0]!;
    expect(pack(many, { from: 0, to: 1000 }, 1000).levels).toBe(MAX_LEVELS);
    const points = layoutRows([item('p1', 'tagged', 100, null), item('p2', 'tagged', 102, null), item('p3', 'tagged', 400, null)], ['tagged'], false)[0]!;
    expect(Object.fromEntries(pack(points, { from: 0, to: 1000 }, 1000).levelOf)).toEqual({ p1: 0, p2: 1, p3: 0 });
  });
});
