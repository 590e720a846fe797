// One Graph page, fetched the way the tenant's limits want: every request through the shared
// limiter; 429 waits Retry-After (and pauses every stream); 5xx and network errors back off
// exponentially with jitter; a 401 gets one silent token refresh; a window that keeps timing out or
// being throttled is handed back to be split. nextLinks are followed exactly as given, but only to
// the Graph origin the run was started with (the bearer token goes nowhere else).
import type { TokenSource } from './auth';
import type { Clock } from './clock';
import { Cancelled, CollectError, explainGraphError } from './errors';
import { NetworkError, type Transport } from './http';
import type { Limiter } from './limiter';
import { backoffMs, retryAfterMs } from './retry';
import { readJsonRecords } from '../ingest/json';
import { sha256 } from './checkpoints';

export type GraphPage = {
  url: string;
  status: number;
  body: Buffer;
  sha256: string;
  fetchedAt: number;
  nextLink: string | null;
  /** The page's records, each exactly as written in the page. */
  records: string[];
};

export type GraphStats = { retries: number; throttled: number };

/** The window should be split: it timed out or kept being throttled. */
export class SplitWindow extends Error {
  constructor(readonly reason: 'timeout' | 'throttled') {
    super(reason === 'timeout' ? 'the window keeps timing out' : 'the window keeps being throttled');
  }
}

export type GraphClientOptions = {
  transport: Transport;
  tokens: TokenSource;
  limiter: Limiter;
  clock: Clock;
  stats: GraphStats;
  random?: () => number;
  /** Per-request time limit; Graph can take minutes on a long range (collection.md §5). */
  timeoutMs?: number;
  /** Tries for one request on 5xx and network errors before the run fails. */
  maxAttempts?: number;
  /** 429s in a row on one request before the run fails (when the window cannot be split). */
  maxThrottled?: number;
  /** 429s in a row on a window's first page, or timeouts on any of its pages, before it is split. */
  splitAfter?: number;
  /** Told about every wait (for progress: "throttled, waiting until …"). */
  onWait?: (info: { until: number; reason: string }) => void;
};

/** Reads a page's records verbatim and its nextLink; a page that is not a Graph page is a CollectError. */
export async function readPage(body: Buffer, url: string): Promise<{ records: string[]; nextLink: string | null }> {
  const records: string[] = [];
  let meta: Record<string, unknown> = {};
  let kind = '';
  for await (const rec of readJsonRecords(
    (async function* () {
      yield body.toString('utf8');
    })(),
    new URL(url).pathname,
    (shape) => {
      kind = shape.kind;
      meta = shape.meta;
    },
  )) {
    records.push(rec.raw);
  }
  if (kind !== 'page') throw new CollectError(`Graph answered ${url} with JSON that is not a page of results (no "value" array)`, 'graph');
  const next = meta['@odata.nextLink'];
  return { records, nextLink: typeof next === 'string' && next ? next : null };
}

export class GraphClient {
  private readonly o: Required<Omit<GraphClientOptions, 'onWait'>> & Pick<GraphClientOptions, 'onWait'>;
  readonly origin: string;
  /** The newest token and a refresh in flight: parallel streams that meet one expiry share one refresh. */
  private latest: string | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(opts: GraphClientOptions) {
    this.o = { random: Math.random, timeoutMs: 120_000, maxAttempts: 8, maxThrottled: 30, splitAfter: 3, ...opts };
    this.origin = new URL(opts.tokens.endpoints.graphBaseUrl).origin;
  }

  /** A token for the next request; `refused` is the one Graph just answered 401 to, if any. */
  private async token(refused: string | null): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (refused !== null && refused === this.latest) {
      this.refreshing = this.o.tokens.getToken({ refresh: true }).finally(() => (this.refreshing = null));
      return (this.latest = await this.refreshing);
    }
    return (this.latest = await this.o.tokens.getToken());
  }

  /**
   * Fetches one page. `splittable`: the caller can split the window, so a window that keeps timing
   * out or being throttled ends in SplitWindow instead of waiting on.
   */
  async getPage(url: string, ctx: { source: string; splittable: boolean; signal?: AbortSignal }): Promise<GraphPage> {
    const o = this.o;
    if (new URL(url).origin !== this.origin) throw new CollectError(`Graph sent a nextLink to another host (${new URL(url).host}); not following it with the token`, 'graph');
    let attempt = 0;
    let throttledInARow = 0;
    let timeouts = 0;
    let refreshed = false;
    let refused: string | null = null;
    const wait = async (ms: number, reason: string) => {
      o.onWait?.({ until: o.clock.now() + ms, reason });
      await o.clock.sleep(ms, ctx.signal);
    };
    for (;;) {
      if (ctx.signal?.aborted) throw new Cancelled();
      await o.limiter.acquire(ctx.signal);
      const token = await this.token(refused);
      refused = null;
      let status: number;
      let headers: Record<string, string>;
      let body: Buffer;
      try {
        const res = await o.transport.request({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, prefer: 'include-unknown-enum-members' }, timeoutMs: o.timeoutMs, signal: ctx.signal });
        ({ status, headers, body } = res);
      } catch (err) {
        if (ctx.signal?.aborted) throw new Cancelled();
        if (!(err instanceof NetworkError)) throw err;
        o.stats.retries++;
        attempt++;
        if (err.kind === 'timeout' && ++timeouts >= o.splitAfter && ctx.splittable) throw new SplitWindow('timeout');
        if (attempt >= o.maxAttempts) throw new CollectError(`Graph could not be reached for ${ctx.source} after ${attempt} tries: ${err.message}`, 'network');
        await wait(backoffMs(attempt, o.random), err.message);
        continue;
      }
      const fetchedAt = o.clock.now();
      if (status === 200) {
        let parsed: { records: string[]; nextLink: string | null };
        try {
          parsed = await readPage(body, url);
        } catch (err) {
          if (err instanceof CollectError) throw err;
          // A page cut short in a way HTTP did not notice: fetch it again.
          o.stats.retries++;
          attempt++;
          if (attempt >= o.maxAttempts) throw new CollectError(`Graph kept sending unreadable pages for ${ctx.source}: ${(err as Error).message}`, 'graph');
          await wait(backoffMs(attempt, o.random), 'unreadable page');
          continue;
        }
        return { url, status, body, sha256: sha256(body), fetchedAt, nextLink: parsed.nextLink, records: parsed.records };
      }
      if (status === 429) {
        o.stats.throttled++;
        o.stats.retries++;
        throttledInARow++;
        const ms = retryAfterMs(headers['retry-after'], o.clock.now()) ?? backoffMs(throttledInARow, o.random, 2000);
        // The limit is the tenant's: every stream waits, not just this one.
        o.limiter.pauseUntil(o.clock.now() + ms);
        if (throttledInARow >= o.splitAfter && ctx.splittable) throw new SplitWindow('throttled');
        if (throttledInARow > o.maxThrottled) throw new CollectError(`Graph kept throttling ${ctx.source} (${throttledInARow} times in a row); run the collection again later: it resumes where it stopped`, 'graph');
        await wait(ms, 'throttled by Graph (429)');
        continue;
      }
      if (status === 401 && !refreshed) {
        // The token expired mid-run: one silent refresh (a static token says why it cannot).
        refreshed = true;
        refused = token;
        o.stats.retries++;
        continue;
      }
      if (status >= 500 || status === 408) {
        o.stats.retries++;
        attempt++;
        if (status === 504 && ++timeouts >= o.splitAfter && ctx.splittable) throw new SplitWindow('timeout');
        if (attempt >= o.maxAttempts) throw new CollectError(`Graph kept failing for ${ctx.source} (HTTP ${status}, ${attempt} tries); run the collection again later: it resumes where it stopped`, 'graph');
        const ms = retryAfterMs(headers['retry-after'], o.clock.now()) ?? backoffMs(attempt, o.random);
        await wait(ms, `Graph answered HTTP ${status}`);
        continue;
      }
      throw explainGraphError(status, body, { source: ctx.source, url });
    }
  }
}
