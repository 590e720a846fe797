// How the Timeline view asks for data while the analyst moves (renderer/features/timeline/fetching.ts,
// no DOM): lane items kept around the view and not asked again while they cover it, exact views once
// a lane was cut by the limit, and at most one request out at a time, for the latest view only.
import { describe, expect, it } from 'vitest';
import type { TimelineItem, TimelineItems } from '../../../preload/contract';
import { itemsNear, itemsRangeToFetch, LatestOnly, type ItemsCache } from '../../../renderer/features/timeline/fetching';
import { layoutRows, pack } from '../../../renderer/features/timeline/layout';

const item = (key: string, startMs: number, endMs: number | null = null): TimelineItem => ({
  key, lane: 'tagged', startMs, endMs, users: [], label: key, level: null, ref: { kind: 'signin', id: key },
});
const reply = (items: TimelineItem[], truncated: Record<string, number> = {}): TimelineItems => ({ items, lanes: ['tagged'], truncated });
const bounds = { from: 0, to: 10_000 };

describe('lane items kept around the view', () => {
  it('asks for a span either side of the view, within the case', () => {
    expect(itemsRangeToFetch({ from: 4000, to: 5000 }, bounds, null, 'v1', false)).toEqual({ from: 3000, to: 6000 });
    expect(itemsRangeToFetch({ from: 500, to: 1500 }, bounds, null, 'v1', false)).toEqual({ from: 0, to: 2500 });
    // The whole case in view: the whole case asked for.
    expect(itemsRangeToFetch(bounds, bounds, null, 'v1', false)).toEqual(bounds);
  });

  it('asks nothing while complete kept items cover the view (zoom in, pan within them)', () => {
    const cache: ItemsCache = { range: { from: 0, to: 10_000 }, version: 'v1', items: reply([item('a', 100)]) };
    expect(itemsRangeToFetch({ from: 4000, to: 4100 }, bounds, cache, 'v1', false)).toBeNull();
    expect(itemsRangeToFetch({ from: 0, to: 10_000 }, bounds, cache, 'v1', false)).toBeNull();
    // Beyond them, or new data (an import, an annotation): asked again.
    const partial: ItemsCache = { ...cache, range: { from: 3000, to: 6000 } };
    expect(itemsRangeToFetch({ from: 5500, to: 6500 }, bounds, partial, 'v1', false)).toEqual({ from: 4500, to: 7500 });
    expect(itemsRangeToFetch({ from: 4000, to: 4100 }, bounds, cache, 'v2', false)).toEqual({ from: 3900, to: 4200 });
  });

  it('asks for the exact view once a lane was cut by the limit (the kept items are not all there is)', () => {
    const cut: ItemsCache = { range: { from: 0, to: 10_000 }, version: 'v1', items: reply([item('a', 100)], { tagged: 20 }) };
    // Zooming in on cut items could show items that were left out: asked again, for the view only.
    expect(itemsRangeToFetch({ from: 4000, to: 4100 }, bounds, cut, 'v1', true)).toEqual({ from: 4000, to: 4100 });
    const exact: ItemsCache = { ...cut, range: { from: 4000, to: 4100 } };
    expect(itemsRangeToFetch({ from: 4000, to: 4100 }, bounds, exact, 'v1', true)).toBeNull();
    // Whole milliseconds, never before the epoch.
    expect(itemsRangeToFetch({ from: -5.5, to: 99.2 }, bounds, null, 'v1', true)).toEqual({ from: 0, to: 100 });
  });

  it('draws the kept items around the view (a span either side), spans by their overlap', () => {
    const cache: ItemsCache = { range: bounds, version: 'v1', items: reply([item('far-left', 100), item('left', 3500), item('in', 4500), item('span', 0, 3200), item('right', 6500), item('far-right', 9000)]) };
    // The view is 4000-5000: kept around it, 3000-6000.
    expect(itemsNear(cache, { from: 4000, to: 5000 }).map((i) => i.key)).toEqual(['left', 'in', 'span']);
    expect(itemsNear(null, { from: 0, to: 1 })).toEqual([]);
  });

  it('packs only what is on screen: items kept for panning are not drawn, hit or counted', () => {
    const [row] = layoutRows([item('before', 100), item('edge', 999), item('on', 2500), item('span', 500, 2100), item('after', 9000)], ['tagged'], false);
    const packed = pack(row!, { from: 2000, to: 3000 }, 1000);
    expect([...packed.levelOf.keys()].sort()).toEqual(['on', 'span']);
  });
});

/** A request whose reply the test releases by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('one request out at a time, for the latest key', () => {
  it('collapses the keys wanted meanwhile into one request for the last, and drops stale replies', async () => {
    const sent: string[] = [];
    const pending = new Map<string, ReturnType<typeof deferred<string>>>();
    const replies: string[] = [];
    const latest = new LatestOnly<string>({
      run: (k) => {
        sent.push(k);
        const d = deferred<string>();
        pending.set(k, d);
        return d.promise;
      },
      onReply: (k, v) => replies.push(`${k}=${v}`),
      onError: () => undefined,
    });
    latest.want('a');
    latest.want('b');
    latest.want('c');
    latest.want('d');
    expect(sent).toEqual(['a']);
    pending.get('a')!.resolve('A');
    await tick();
    // a is no longer wanted: its reply is dropped, and only the newest (d) is asked for.
    expect(replies).toEqual([]);
    expect(sent).toEqual(['a', 'd']);
    pending.get('d')!.resolve('D');
    await tick();
    expect(replies).toEqual(['d=D']);
    // Null asks nothing; a key wanted again after it is asked again.
    latest.want(null);
    await tick();
    expect(sent).toEqual(['a', 'd']);
    latest.want('d');
    expect(sent).toEqual(['a', 'd', 'd']);
  });

  it('uses a reply whose key is wanted again, reports errors of the wanted key, and stops with the view', async () => {
    const pending: ReturnType<typeof deferred<string>>[] = [];
    const replies: string[] = [];
    const errors: string[] = [];
    const latest = new LatestOnly<string>({
      run: () => {
        const d = deferred<string>();
        pending.push(d);
        return d.promise;
      },
      onReply: (k, v) => replies.push(`${k}=${v}`),
      onError: (e) => errors.push(e.message),
    });
    latest.want('a');
    latest.want('b');
    latest.want('a');
    pending[0]!.resolve('A');
    await tick();
    expect(replies).toEqual(['a=A']);
    expect(pending).toHaveLength(1);
    latest.want('x');
    pending[1]!.reject(new Error('no case is open'));
    await tick();
    expect(errors).toEqual(['no case is open']);
    latest.want('y');
    latest.stop();
    pending[2]!.resolve('Y');
    await tick();
    expect(replies).toEqual(['a=A']);
  });
});
