// The client-side limiter every Graph request of a collection goes through, shared by all event
// types and sources (the tenant's limit is per app and tenant: 5 requests per 10 s for the reports
// endpoints, collection.md §4). A burst of `requests`, then one request every window/requests:
// - never more than `requests` starts in any `windowMs + marginMs` (each start is at least that long
//   after the start `requests` places before it), so any 10 s window holds at most 5;
// - once the burst is spent, starts are spaced by (windowMs + marginMs) / requests (2.05 s), so a
//   busy collection runs at 97.6% of the limit instead of in bursts; after a full idle window the
//   burst is available again;
// - a 429's Retry-After pauses everyone (pauseUntil), not just the stream that got it.
// Waiters are served first come, first served.
import type { Clock } from './clock';
import { Cancelled } from './errors';

export type LimiterOptions = { requests?: number; windowMs?: number; marginMs?: number; clock: Clock };

type Waiter = { resolve(): void; reject(e: Error): void; signal?: AbortSignal; done: boolean };

export class Limiter {
  readonly requests: number;
  /** The window the limiter keeps to: the tenant's window plus a safety margin. */
  readonly windowMs: number;
  readonly spacingMs: number;
  /** Every grant's time, oldest first (for progress figures and tests). */
  readonly grants: number[] = [];
  private pausedUntil = 0;
  private saturated = false;
  private queue: Waiter[] = [];
  private running = false;
  /** Interrupts the wait for a slot when the waiter it is for goes away. */
  private wake: AbortController | null = null;
  private readonly clock: Clock;

  constructor(opts: LimiterOptions) {
    this.requests = opts.requests ?? 5;
    this.windowMs = (opts.windowMs ?? 10_000) + (opts.marginMs ?? 250);
    this.spacingMs = this.windowMs / this.requests;
    this.clock = opts.clock;
  }

  /** Resolves when the caller may send one request now. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new Cancelled());
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal, done: false };
      signal?.addEventListener(
        'abort',
        () => {
          if (w.done) return;
          w.done = true;
          const wasHead = this.queue[0] === w;
          this.queue = this.queue.filter((q) => q !== w);
          if (wasHead) this.wake?.abort();
          reject(new Cancelled());
        },
        { once: true },
      );
      // A request arriving after a full idle window gets the burst back.
      const last = this.grants.at(-1);
      if (!this.running && this.queue.length === 0 && last !== undefined && this.clock.now() - last >= this.windowMs) this.saturated = false;
      this.queue.push(w);
      if (!this.running) void this.serve();
    });
  }

  /** The server asked everyone to wait (429 Retry-After) until this time. */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** When the next request may start, if it must wait; null when it may start now. */
  waitingUntil(): number | null {
    const t = this.nextSlot();
    return t > this.clock.now() ? t : null;
  }

  private nextSlot(): number {
    const now = this.clock.now();
    const base = Math.max(now, this.pausedUntil);
    const n = this.grants.length;
    const last = n ? this.grants[n - 1]! : null;
    let t = base;
    if (n >= this.requests) t = Math.max(t, this.grants[n - this.requests]! + this.windowMs);
    if (this.saturated && last !== null) t = Math.max(t, last + this.spacingMs);
    return t;
  }

  private async serve(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0]!;
        if (head.done) {
          this.queue.shift();
          continue;
        }
        const t = this.nextSlot();
        const now = this.clock.now();
        if (t > now) {
          // Waiting for a slot: from here on the burst is spent and starts are spaced.
          this.saturated = true;
          this.wake = new AbortController();
          await this.clock.sleep(t - now, this.wake.signal).catch(() => undefined);
          this.wake = null;
          continue; // re-check: a pause may have moved the slot, the waiter may have gone
        }
        this.queue.shift();
        head.done = true;
        this.grants.push(this.clock.now());
        head.resolve();
      }
    } finally {
      this.running = false;
    }
  }
}
