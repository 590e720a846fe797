// Strings kept beyond the text they were read from.

/**
 * A copy of `s` that holds only its own characters. A CSV cell is a slice of the text chunk it was
 * parsed from, and a cache keyed by such slices keeps every chunk alive (measured: +200 MB of RSS
 * on the parse thread of a 242k-row import).
 */
export function ownString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * `fn` remembered for up to `max` distinct arguments (then forgotten all at once and refilled), for
 * conversions an import repeats on every row for a few thousand distinct values. Keys are copies
 * (see ownString), so a cached cell never keeps its chunk alive.
 */
export function boundedMemo<T>(fn: (s: string) => T, max: number): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    if (cache.has(s)) return cache.get(s) as T;
    const out = fn(s);
    if (cache.size >= max) cache.clear();
    cache.set(ownString(s), out);
    return out;
  };
}
