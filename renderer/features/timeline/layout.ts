// Pure layout of the timeline's lanes (no DOM): which rows to draw (one per lane, or one per user when
// grouped), the x of a time in the visible range, zooming and panning the range, and hit-testing a
// pointer against a row's items. Kept apart from the canvas so it is unit-tested in Node.
import { TIMELINE_LANE_LABELS, type TimelineItem, type TimelineLane } from '../../../preload/contract';

export type Row = { key: string; label: string; lane: TimelineLane | null; items: TimelineItem[] };
export type Range = { from: number; to: number };

/** Users shown as their own rows when grouped (the busiest); the rest stay in their lanes. */
export const MAX_USER_ROWS = 60;
export const MIN_SPAN_MS = 60_000;

const LANE_ORDER: TimelineLane[] = ['finding', 'tagged', 'bookmark', 'note', 'riskDetection', 'riskyUser', 'directoryAudit', 'evidence', 'collection'];

const byStart = (a: TimelineItem, b: TimelineItem) => a.startMs - b.startMs || a.key.localeCompare(b.key);

/** The rows to draw: one per lane with data, or (grouped) one per user with that user's items, then lanes for items without a user. */
export function layoutRows(items: TimelineItem[], lanes: TimelineLane[], groupByUser: boolean): Row[] {
  const laneRows = (list: TimelineItem[]): Row[] =>
    LANE_ORDER.filter((l) => lanes.includes(l)).map((lane) => ({ key: `lane:${lane}`, label: TIMELINE_LANE_LABELS[lane], lane, items: list.filter((i) => i.lane === lane).sort(byStart) }));
  if (!groupByUser) return laneRows(items);
  const perUser = new Map<string, TimelineItem[]>();
  for (const item of items) {
    for (const u of item.users) {
      const list = perUser.get(u);
      if (list) list.push(item);
      else perUser.set(u, [item]);
    }
  }
  const users = [...perUser.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const shown = new Set(users.slice(0, MAX_USER_ROWS).map(([u]) => u));
  const userRows: Row[] = users.slice(0, MAX_USER_ROWS).map(([user, list]) => ({ key: `user:${user}`, label: user, lane: null, items: list.sort(byStart) }));
  // An item stays in its lane when none of its users has a row (no user, or beyond the cap).
  const rest = items.filter((i) => !i.users.some((u) => shown.has(u)));
  return [...userRows, ...laneRows(rest).filter((r) => r.items.length > 0)];
}

/** x in [0, width] of a time in the visible range. */
export const xOf = (t: number, r: Range, width: number) => ((t - r.from) / (r.to - r.from)) * width;
/** The time at x. */
export const timeAt = (x: number, r: Range, width: number) => r.from + (x / width) * (r.to - r.from);

/** Zooms by `factor` (< 1 in, > 1 out) around `anchor`, kept within the bounds and at least a minute wide. */
export function zoom(r: Range, factor: number, anchor: number, bounds: Range | null): Range {
  const span = Math.max(MIN_SPAN_MS, (r.to - r.from) * factor);
  const left = (anchor - r.from) / (r.to - r.from);
  let from = anchor - span * left;
  let to = from + span;
  if (bounds) {
    const max = bounds.to - bounds.from;
    if (to - from >= max) return { ...bounds };
    if (from < bounds.from) [from, to] = [bounds.from, bounds.from + (to - from)];
    if (to > bounds.to) [from, to] = [bounds.to - (to - from), bounds.to];
  }
  return { from: Math.round(from), to: Math.round(to) };
}

/** Moves the range by `deltaMs`, kept within the bounds. */
export function pan(r: Range, deltaMs: number, bounds: Range | null): Range {
  let from = r.from + deltaMs;
  let to = r.to + deltaMs;
  if (bounds) {
    if (from < bounds.from) [from, to] = [bounds.from, bounds.from + (r.to - r.from)];
    if (to > bounds.to) [from, to] = [bounds.to - (r.to - r.from), bounds.to];
  }
  return { from: Math.round(from), to: Math.round(to) };
}

/** The item under x (within `slop` pixels), spans before points; null when none. */
export function hitTest(row: Row, x: number, r: Range, width: number, slop = 4): TimelineItem | null {
  let best: TimelineItem | null = null;
  let bestDist = Infinity;
  for (const item of row.items) {
    const x0 = xOf(item.startMs, r, width);
    const x1 = item.endMs === null ? x0 : Math.max(x0 + 3, xOf(item.endMs, r, width));
    if (x < x0 - slop) break; // sorted by start: nothing further right can contain x
    const dist = x >= x0 && x <= x1 ? 0 : Math.min(Math.abs(x - x0), Math.abs(x - x1));
    if (dist <= slop && (dist < bestDist || (dist === bestDist && item.endMs !== null && best?.endMs === null))) {
      best = item;
      bestDist = dist;
    }
  }
  return best;
}

/** Half the width of a point's diamond on the canvas. */
export const POINT_HALF = 4;

/** Sub-rows within a row, so overlapping spans (findings, evidence files) are drawn apart. */
export const MAX_LEVELS = 8;

export type Packed = { levels: number; levelOf: Map<string, number> };

/**
 * Greedy interval packing at the current zoom: each item (sorted by start) goes to the first level
 * whose last item ends, on screen, at least `gapPx` before it starts (points take `pointPx`). Beyond
 * `maxLevels`, items share the level that frees first. Items wholly off screen (the row may hold
 * items around the view, kept for panning) get no level: they are not drawn, not hit and not counted.
 */
export function pack(row: Row, r: Range, width: number, maxLevels = MAX_LEVELS, gapPx = 3, pointPx = 8): Packed {
  const ends: number[] = [];
  const levelOf = new Map<string, number>();
  for (const item of row.items) {
    const x0 = xOf(item.startMs, r, width);
    if (x0 > width + POINT_HALF) break; // sorted by start: the rest are further right
    const x1 = item.endMs === null ? x0 + pointPx : Math.max(x0 + 4, xOf(item.endMs, r, width));
    if ((item.endMs === null ? x0 + POINT_HALF : x1) < 0) continue;
    let level = ends.findIndex((end) => end + gapPx <= x0 - (item.endMs === null ? pointPx / 2 : 0));
    if (level === -1) {
      if (ends.length < maxLevels) level = ends.push(-Infinity) - 1;
      else level = ends.indexOf(Math.min(...ends));
    }
    ends[level] = Math.max(ends[level]!, x1);
    levelOf.set(item.key, level);
  }
  return { levels: Math.max(1, ends.length), levelOf };
}

/** Points may overlap a little (a diamond still shows); spans need the room. */
export const POINT_LEVELS = 3;
