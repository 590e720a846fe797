// Time for collection: the real clock, or (in tests) one that jumps, so the limiter, Retry-After
// and backoff are tested without waiting.
import { Cancelled } from './errors';

export type Clock = {
  now(): number;
  /** Resolves after `ms`; rejects with Cancelled when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Cancelled());
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Cancelled());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
