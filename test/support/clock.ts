// A clock for collection tests: sleeping jumps time forward at once, so Retry-After, backoff and
// the limiter's spacing cost no real time. Time only moves forward, and a sleeper never wakes early.
import type { Clock } from '../../main/collect/clock';
import { Cancelled } from '../../main/collect/errors';

export type VirtualClock = Clock & { slept: number[]; set(ms: number): void };

export function virtualClock(start = Date.UTC(2026, 10, 20, 12)): VirtualClock {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    set(ms) {
      now = Math.max(now, ms);
    },
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(new Cancelled());
      slept.push(ms);
      const target = now + Math.max(0, ms);
      return new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          if (signal?.aborted) return reject(new Cancelled());
          now = Math.max(now, target);
          resolve();
        }),
      );
    },
  };
}
