// The limiter on an injected clock: a burst of 5, then one request every 2.05 s, never more than 5
// in any 10 s, Retry-After pausing everyone, cancellation, and the burst back after an idle window.
import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../main/collect/limiter';
import { backoffMs, retryAfterMs } from '../../../main/collect/retry';
import { Cancelled } from '../../../main/collect/errors';
import { virtualClock } from '../../support/clock';

function maxInAnyWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    // A closed window [t, t + windowMs]: the strictest reading of "5 per 10 s".
    while (j < times.length && times[j]! <= times[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

describe('limiter', () => {
  it('a burst of 5, then one every 2.05 s: never more than 5 requests in any 10 s', async () => {
    const clock = virtualClock(0);
    const limiter = new Limiter({ clock });
    // Four event types asking as fast as they can, 100 requests each.
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        for (let i = 0; i < 100; i++) await limiter.acquire();
      }),
    );
    const g = limiter.grants;
    expect(g).toHaveLength(400);
    expect(g.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(g[5]).toBe(10_250);
    expect(g[6]! - g[5]!).toBeCloseTo(2050, 6);
    for (let i = 6; i < g.length; i++) expect(g[i]! - g[i - 1]!).toBeGreaterThanOrEqual(2050 - 1e-6);
    expect(maxInAnyWindow(g, 10_000)).toBe(5);
    for (let i = 5; i < g.length; i++) expect(g[i]! - g[i - 5]!).toBeGreaterThanOrEqual(10_000);
    // The rate it keeps: 400 requests in (399 - 4) * 2.05 s + the first window: ~4.88 per 10 s, 97.6% of the limit.
    const perTenSeconds = ((g.length - 5) / ((g.at(-1)! - g[5]!) / 1000 + 2.05)) * 10;
    expect(perTenSeconds).toBeGreaterThan(4.8);
    expect(perTenSeconds).toBeLessThanOrEqual(5);
  });

  it('holds under random arrivals and idle gaps; after a full idle window the burst comes back', async () => {
    const clock = virtualClock(0);
    const limiter = new Limiter({ clock });
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      if (random() < 0.1) await clock.sleep(random() * 30_000);
      await limiter.acquire();
    }
    expect(maxInAnyWindow(limiter.grants, 10_000)).toBeLessThanOrEqual(5);

    const idle = virtualClock(0);
    const l2 = new Limiter({ clock: idle });
    for (let i = 0; i < 7; i++) await l2.acquire();
    await idle.sleep(60_000);
    const before = l2.grants.length;
    for (let i = 0; i < 5; i++) await l2.acquire();
    const burst = l2.grants.slice(before);
    expect(new Set(burst).size).toBe(1);
  });

  it('Retry-After pauses every waiter; a cancelled waiter leaves the queue', async () => {
    const clock = virtualClock(0);
    const limiter = new Limiter({ clock });
    await limiter.acquire();
    limiter.pauseUntil(30_000);
    expect(limiter.waitingUntil()).toBe(30_000);
    const abort = new AbortController();
    const cancelled = limiter.acquire(abort.signal);
    abort.abort();
    await expect(cancelled).rejects.toBeInstanceOf(Cancelled);
    await limiter.acquire();
    expect(limiter.grants).toEqual([0, 30_000]);
  });

  it('Retry-After in seconds or as a date; backoff doubles with jitter and a cap', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('0.5', 0)).toBe(500);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:50 GMT'))).toBe(10_000);
    expect(retryAfterMs(undefined, 0)).toBeNull();
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20, () => 1)).toBe(60_000);
  });
});
