// How the Timeline view asks main for data while the analyst zooms and pans (issue 7: smooth with 1M
// sign-ins and 5,000 items). Drawing never waits for main: the band and the lanes redraw from what
// is already here on every move, and data is asked for at rest. The rules (pure, unit-tested):
// - lane items are fetched for a wider range than the view (a span either side) and kept; while the
//   kept items cover the view and no lane was cut by the per-lane limit, zooming in and panning
//   within them asks nothing (on the 1M bench case, one fetch serves the whole session);
// - a lane cut by the limit means the kept items are not all there is: then only the exact view is
//   asked for, at rest, as before;
// - at most one request of a kind is out at a time (useLatestRequest): moves made meanwhile collapse
//   into one request for the latest view, sent when the one out returns, so main (one thread for
//   SQLite) never works through a queue of ranges nobody looks at any more.
import { useEffect, useRef, useState } from 'react';
import type { TimelineItem, TimelineItems } from '../../../preload/contract';
import type { Range } from './layout';

export type ItemsCache = {
  /** The range asked for (items overlapping it were returned). */
  range: Range;
  /** What the items were read from: the case's data version and the annotations' (see TimelineView). */
  version: string;
  items: TimelineItems;
};

/** A point or span overlaps the range (end exclusive), like main's range test. */
export const overlaps = (r: Range, item: TimelineItem) => item.startMs < r.to && (item.endMs ?? item.startMs) >= r.from;

const covers = (outer: Range, inner: Range) => outer.from <= inner.from && outer.to >= inner.to;
const truncated = (items: TimelineItems) => Object.keys(items.truncated).length > 0;

/** The range sent to main: whole milliseconds, never before the epoch. */
export const asked = (r: Range): Range => ({ from: Math.max(0, Math.floor(r.from)), to: Math.ceil(r.to) });

/**
 * The range to fetch lane items for, or null when the kept items already hold every item of the
 * view. `exactOnly`: a lane was cut by the limit in this version of the data, so wider ranges are not asked.
 */
export function itemsRangeToFetch(view: Range, bounds: Range | null, cache: ItemsCache | null, version: string, exactOnly: boolean): Range | null {
  const exact = asked(view);
  if (cache && cache.version === version && covers(cache.range, exact)) {
    if (!truncated(cache.items)) return null;
    if (cache.range.from === exact.from && cache.range.to === exact.to) return null;
  }
  if (exactOnly) return exact;
  const span = view.to - view.from;
  let from = view.from - span;
  let to = view.to + span;
  if (bounds) {
    from = Math.max(from, Math.min(bounds.from, view.from));
    to = Math.min(to, Math.max(bounds.to, view.to));
  }
  return asked({ from, to });
}

/** The kept items around the view: a span either side, so a pan shows its items before any fetch. */
export function itemsNear(cache: ItemsCache | null, view: Range | null): TimelineItem[] {
  if (!cache || !view) return [];
  const span = view.to - view.from;
  const near = { from: view.from - span, to: view.to + span };
  return cache.items.items.filter((i) => overlaps(near, i));
}

/**
 * Requests for the latest key only, one at a time. While a request is out, newer keys replace each
 * other; when it returns, its reply is used only if its key is still the one wanted, and the newest
 * key (if another) is sent then. A null key asks nothing. Keys are strings so equal asks compare equal.
 */
export class LatestOnly<T> {
  private wanted: string | null = null;
  private out: string | null = null;
  private stopped = false;

  constructor(private readonly fns: { run(key: string): Promise<T>; onReply(key: string, value: T): void; onError(err: Error): void }) {}

  want(key: string | null): void {
    this.wanted = key;
    if (key !== null && this.out === null && !this.stopped) this.send(key);
  }

  /** No more replies or requests (the view is gone), until start() (React may mount a view twice). */
  stop(): void {
    this.stopped = true;
  }

  start(): void {
    this.stopped = false;
  }

  private send(key: string): void {
    this.out = key;
    this.fns
      .run(key)
      .then(
        (v) => !this.stopped && this.wanted === key && this.fns.onReply(key, v),
        (e: Error) => !this.stopped && this.wanted === key && this.fns.onError(e),
      )
      .finally(() => {
        this.out = null;
        if (!this.stopped && this.wanted !== null && this.wanted !== key) this.send(this.wanted);
      });
  }
}

/** LatestOnly as a hook: the key of this render is the one wanted. */
export function useLatestRequest<T>(key: string | null, run: (key: string) => Promise<T>, onReply: (key: string, value: T) => void, onError: (err: Error) => void): void {
  const fns = useRef({ run, onReply, onError });
  fns.current = { run, onReply, onError };
  const [latest] = useState(
    () => new LatestOnly<T>({ run: (k) => fns.current.run(k), onReply: (k, v) => fns.current.onReply(k, v), onError: (e) => fns.current.onError(e) }),
  );
  useEffect(() => {
    latest.start();
    return () => latest.stop();
  }, [latest]);
  useEffect(() => latest.want(key), [latest, key]);
}
