// How long to wait before repeating a request: the server's Retry-After when it gives one
// (seconds or an HTTP date), else exponential backoff with jitter.

/** Retry-After as a delay in ms from `now`, or null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  if (header === undefined) return null;
  const v = header.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Exponential backoff with "equal jitter": attempt 1 waits 0.5-1 s, attempt 2 1-2 s, ... up to
 * `capMs`. Half is fixed so a retry never comes at once; half is random so parallel streams spread.
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1000, capMs = 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
