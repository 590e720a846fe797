// Time windows of a collection. A window is a closed interval [start, end] (Graph filters ge/le), so
// neighbours share their edge instant and a record stamped exactly there is fetched twice and
// deduplicated. Windows start at a day (UTC days, oldest first: retention deletes the oldest first);
// one that times out or keeps being throttled is split in two. What checkpoints already cover is
// not planned again; a gap between checkpoints is re-fetched edge to edge, so nothing falls between.

export type Window = { start: number; end: number };

export const DAY_MS = 86_400_000;
/** Windows are not split below this; a window this short that still fails ends the run. */
export const MIN_WINDOW_MS = 60_000;

/** The parts of [from, to] that no covered window holds, as closed intervals touching the covered ones. */
export function uncovered(from: number, to: number, covered: Window[]): Window[] {
  const sorted = covered.filter((w) => w.end >= from && w.start <= to).sort((a, b) => a.start - b.start);
  const gaps: Window[] = [];
  let cursor = from;
  for (const w of sorted) {
    if (w.start > cursor) gaps.push({ start: cursor, end: w.start });
    cursor = Math.max(cursor, w.end);
    if (cursor >= to) break;
  }
  if (cursor < to) gaps.push({ start: cursor, end: to });
  return gaps;
}

/** Splits intervals at UTC midnights: at most a day each. */
export function dayWindows(intervals: Window[], sizeMs = DAY_MS): Window[] {
  const out: Window[] = [];
  for (const iv of intervals) {
    let start = iv.start;
    while (start < iv.end) {
      const boundary = Math.floor(start / sizeMs) * sizeMs + sizeMs;
      const end = Math.min(boundary, iv.end);
      out.push({ start, end });
      start = end;
    }
  }
  return out;
}

/** The windows a run must fetch: [from, to] less what is covered, a day at a time, oldest first. */
export function planWindows(from: number, to: number, covered: Window[], sizeMs = DAY_MS): Window[] {
  return dayWindows(uncovered(from, to, covered), sizeMs);
}

/** Two halves sharing the middle instant, or null when the window is already as short as allowed. */
export function splitWindow(w: Window, minMs = MIN_WINDOW_MS): [Window, Window] | null {
  if (w.end - w.start < 2 * minMs) return null;
  const mid = w.start + Math.floor((w.end - w.start) / 2 / 1000) * 1000;
  return [
    { start: w.start, end: mid },
    { start: mid, end: w.end },
  ];
}
