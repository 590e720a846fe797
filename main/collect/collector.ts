// A collection run: plan the windows each stream still lacks (checkpoints say what the case holds),
// fetch them through the shared limiter, one stream per sign-in event type and optional source, all
// at once, and write each page in its own transaction: the raw page with its hash, its records
// through the import path (normalizer, dedupe, evidence), and, with a window's last page, the
// window's checkpoint. A run killed at any point leaves whole pages and whole windows; the next run
// re-fetches only the windows without a checkpoint, and what it fetches twice deduplicates.
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { insertEvidence, recordEvidenceCounts } from '../case/evidence';
import { addCounts, emptyCounts, recordWriter, type RecordCounts, type RecordWriter } from '../ingest/import-records';
import type { TokenSource } from './auth';
import {
  coveredWindows, createRun, insertCheckpoint, insertPage, markStaleRuns, setRunEvidence, updateEvidenceDigest, updateRun,
  type RunCounts, type RunQuery, type RunStatus,
} from './checkpoints';
import { realClock, type Clock } from './clock';
import { Cancelled, CollectError, retentionWarning } from './errors';
import { GraphClient, SplitWindow, type GraphClientOptions, type GraphPage } from './graph';
import type { Transport } from './http';
import { Limiter } from './limiter';
import { writeOtherRecords } from './other-sources';
import { SOURCES, scopeKey, streamLabel, windowUrl, type Narrowing, type OtherSource, type SignInEventType, type Stream } from './sources';
import { DAY_MS, planWindows, splitWindow, type Window } from './windows';

export type CollectRequest = {
  /** Inclusive start, ms. */
  from: number;
  /** Exclusive end, ms (Graph's le is inclusive: a record stamped exactly here is left out). */
  to: number;
  types: SignInEventType[];
  users: string[];
  apps: string[];
  also: OtherSource[];
};

export type CollectState = 'collecting' | 'waiting' | 'completed' | 'cancelled' | 'failed';

export type CollectProgress = RunCounts & {
  runId: number;
  state: CollectState;
  windowsTotal: number;
  recordsPerSecond: number;
  etaSeconds: number | null;
  /** What is being fetched, e.g. "nonInteractiveUser sign-ins, 2026-11-03". */
  current: string | null;
  /** Throttled or backing off until this time (ms), if so. */
  waitingUntil: number | null;
  resumedFrom: string | null;
  warnings: string[];
};

export type CollectResult = RunCounts & {
  runId: number;
  evidenceId: number | null;
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  resumedFrom: string | null;
  warnings: string[];
  error: string | null;
  errorKind: string | null;
};

export type CollectorOptions = {
  /** A connection of its own to the case (pages are written while the UI reads). */
  db: CaseDb;
  tokens: TokenSource;
  transport: Transport;
  clock?: Clock;
  limiter?: Limiter;
  signal?: AbortSignal;
  onProgress?: (p: CollectProgress) => void;
  progressEveryMs?: number;
  /** Graph client knobs (time limits, tries), for tests and the benchmark. */
  graph?: Partial<Pick<GraphClientOptions, 'timeoutMs' | 'maxAttempts' | 'maxThrottled' | 'splitAfter' | 'random'>>;
  /** Windows are a day; tests may use shorter ones. */
  windowMs?: number;
  /** Windows ending later than now minus this are fetched but not checkpointed: Graph may still add sign-ins to them. */
  settleMs?: number;
};

/** Sign-ins can show up in Graph a while after they happen; a window this recent is fetched again next time. */
export const SETTLE_MS = 2 * 60 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/** A promise-chain lock: one page transaction at a time on the run's connection. */
function lock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function beginImmediate(db: CaseDb, signal?: AbortSignal): Promise<void> {
  // Another writer (an import) may hold the case for a while: wait for it without blocking the event loop.
  for (let waited = 0; ; waited += 200) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || waited > 30 * 60_000) throw err;
      await realClock.sleep(200, signal);
    }
  }
}

export async function collect(req: CollectRequest, opts: CollectorOptions): Promise<CollectResult> {
  const { db, tokens } = opts;
  const clock = opts.clock ?? realClock;
  if (!(req.from < req.to)) throw new CollectError('--from must be before --to', 'graph');
  if (req.types.length === 0 && req.also.length === 0) throw new CollectError('nothing to collect: choose at least one sign-in type or other source', 'graph');
  const graphBaseUrl = tokens.endpoints.graphBaseUrl;
  const tenant = tokens.info().tenantId;
  const narrowing: Narrowing = { users: req.users, apps: req.apps };
  const started = clock.now();
  const settleLimit = started - (opts.settleMs ?? SETTLE_MS);
  const windowMs = opts.windowMs ?? DAY_MS;
  const fetchTo = Math.min(req.to, started);

  const warnings: string[] = [];
  const retention = retentionWarning(req.from, started);
  if (retention) warnings.push(retention);
  if (req.apps.length && req.also.length) warnings.push('--app narrows sign-ins only; the other sources are collected for every app');
  if (req.from >= started) warnings.push('The range starts in the future: there is nothing to collect yet.');

  // Plan: per stream, the windows no checkpoint covers, oldest first.
  const streams: Stream[] = [...req.types.map((t) => ({ source: 'signIns' as const, eventType: t })), ...req.also.map((s) => ({ source: s, eventType: null }))];
  const narrowed = req.users.length > 0 || req.apps.length > 0;
  let resumedAt: number | null = null;
  let resumed = false;
  const plans = streams.map((stream) => {
    const scope = scopeKey(stream, narrowing, graphBaseUrl, tenant);
    if (!SOURCES[stream.source].timeField) return { stream, scope, windows: [null] as (Window | null)[] };
    const scopes = narrowed ? [scope, scopeKey(stream, { users: [], apps: [] }, graphBaseUrl, tenant)] : [scope];
    const covered = coveredWindows(db, scopes, req.from, req.to);
    // Nothing is stamped after now: windows stop there (the exclusive --to still filters exactly).
    const windows = fetchTo > req.from ? planWindows(req.from, fetchTo, covered, windowMs) : [];
    if (covered.length) {
      resumed = true;
      const first = windows[0]?.start ?? fetchTo;
      resumedAt = resumedAt === null ? first : Math.min(resumedAt, first);
    }
    return { stream, scope, windows: windows as (Window | null)[] };
  });
  const resumedFrom = resumed && resumedAt !== null ? iso(resumedAt) : null;

  markStaleRuns(db, started);
  const query: RunQuery = {
    from: iso(req.from), to: iso(req.to), types: req.types, users: req.users, apps: req.apps, also: req.also, graphBaseUrl, tenant, method: tokens.method,
  };
  const runId = createRun(db, query, resumedFrom, warnings, started);

  const counts: RunCounts = { windows: 0, pages: 0, records: 0, inserted: 0, updated: 0, duplicates: 0, retries: 0, throttled: 0 };
  const signInCounts: RecordCounts = emptyCounts();
  let windowsTotal = plans.reduce((n, p) => n + p.windows.length, 0);
  let waitingUntil: number | null = null;
  const current = new Map<Stream, string>();
  let evidence: { id: number; writer: RecordWriter } | null = null;
  let seq = 0;
  let recordIndex = 0;

  // One abort for the whole run: the caller's cancel, or the first stream that fails.
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) inner.abort();
  const signal = inner.signal;

  const limiter = opts.limiter ?? new Limiter({ clock });
  const client = new GraphClient({
    transport: opts.transport,
    tokens,
    limiter,
    clock,
    stats: counts,
    ...opts.graph,
    onWait: ({ until }) => {
      waitingUntil = until;
      report(false, 'waiting');
    },
  });

  let lastReport = 0;
  const report = (force: boolean, state: CollectState = 'collecting') => {
    if (!opts.onProgress) return;
    const now = clock.now();
    if (!force && now - lastReport < (opts.progressEveryMs ?? 250) && state === 'collecting') return;
    lastReport = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    // Streams share one limiter, so windows finish at one combined pace.
    const perWindow = counts.windows ? seconds / counts.windows : null;
    opts.onProgress({
      ...counts,
      runId, state, windowsTotal,
      recordsPerSecond: Math.round(counts.records / seconds),
      etaSeconds: state === 'completed' ? 0 : perWindow === null ? null : Math.round(perWindow * (windowsTotal - counts.windows)),
      current: [...current.values()].join('; ') || null,
      waitingUntil: waitingUntil !== null && waitingUntil > now ? waitingUntil : null,
      resumedFrom,
      warnings,
    });
  };

  const write = lock();
  const writePage = (plan: (typeof plans)[number], window: Window | null, page: GraphPage, last: boolean, windowPages: number, windowRecords: number) =>
    write(async () => {
      await beginImmediate(db);
      try {
        if (!evidence) {
          const id = insertEvidence(db, {
            name: `Graph collection ${iso(req.from).slice(0, 16)}Z to ${iso(req.to).slice(0, 16)}Z (run ${runId})`,
            path: `${graphBaseUrl}${SOURCES.signIns.path}`,
            size: 0,
            sha256: '0'.repeat(64),
            format: 'graph-json',
            source: 'graph',
          });
          setRunEvidence(db, runId, id);
          evidence = { id, writer: recordWriter(db, { id, name: `graph-run-${runId}`, format: 'graph-json' }) };
        }
        seq++;
        // --to is exclusive; Graph's le is not: drop what is stamped at or after it (the raw page keeps it).
        const timeField = SOURCES[plan.stream.source].timeField;
        const texts = window && timeField && window.end >= req.to ? page.records.filter((raw) => !(Date.parse(String((JSON.parse(raw) as Record<string, unknown>)[timeField])) >= req.to)) : page.records;
        const pageId = insertPage(db, {
          runId, seq, source: plan.stream.source, eventType: plan.stream.eventType, window, url: page.url, apiVersion: SOURCES[plan.stream.source].apiVersion,
          fetchedAt: page.fetchedAt, status: page.status, records: page.records.length, body: page.body, sha256: page.sha256,
        });
        let c: RecordCounts;
        if (plan.stream.source === 'signIns') {
          c = await evidence.writer.write(texts.map((raw) => ({ raw, line: seq, recordIndex: recordIndex++ })));
          addCounts(signInCounts, c);
          recordEvidenceCounts(db, evidence.id, signInCounts, [...warnings, ...evidence.writer.warnings.list()]);
        } else {
          c = writeOtherRecords(db, plan.stream.source, texts.map((raw) => ({ raw, line: seq })), pageId);
        }
        updateEvidenceDigest(db, evidence.id, runId);
        counts.pages++;
        counts.records += c.records;
        counts.inserted += c.inserted;
        counts.updated += c.updated;
        counts.duplicates += c.duplicates;
        if (last) {
          counts.windows++;
          // A window Graph may still add to is not claimed as done.
          if (window && window.end <= settleLimit) {
            insertCheckpoint(db, { runId, scope: plan.scope, source: plan.stream.source, eventType: plan.stream.eventType, window, pages: windowPages, records: windowRecords + page.records.length, now: clock.now() });
          }
        }
        updateRun(db, runId, counts, clock.now());
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
      waitingUntil = null;
      report(last);
    });

  const fetchPage = (url: string, label: string, splittable: boolean): Promise<GraphPage> => {
    const p = client.getPage(url, { source: label, splittable, signal });
    p.catch(() => undefined); // observed by the caller; never an unhandled rejection
    return p;
  };

  const runWindow = async (plan: (typeof plans)[number], window: Window | null) => {
    const label = streamLabel(plan.stream);
    current.set(plan.stream, window ? `${label}, ${day(window.start)}${window.end - window.start < DAY_MS ? ` ${iso(window.start).slice(11, 16)}–${iso(window.end).slice(11, 16)}` : ''}` : label);
    let pages = 0;
    let records = 0;
    // The first page may be split on; pages after it follow nextLinks (a split would only restart the window).
    let pending = fetchPage(windowUrl(graphBaseUrl, plan.stream, window, narrowing), label, true);
    for (;;) {
      const page = await pending;
      pages++;
      // Fetch the next page while this one is written: the limiter, not the database, sets the pace.
      if (page.nextLink) pending = fetchPage(page.nextLink, label, true);
      await writePage(plan, window, page, !page.nextLink, pages, records);
      records += page.records.length;
      if (!page.nextLink) break;
    }
  };

  const runStream = async (plan: (typeof plans)[number]) => {
    const queue = [...plan.windows];
    while (queue.length) {
      if (signal.aborted) throw new Cancelled();
      const window = queue.shift()!;
      try {
        await runWindow(plan, window);
      } catch (err) {
        if (!(err instanceof SplitWindow) || !window) throw err;
        const halves = splitWindow(window);
        if (!halves) throw new CollectError(`${streamLabel(plan.stream)} from ${iso(window.start)} to ${iso(window.end)}: ${err.message} even a minute at a time; run the collection again later, it resumes here`, 'graph');
        queue.unshift(...halves);
        windowsTotal++;
        report(true);
      }
    }
    current.delete(plan.stream);
  };

  report(true);
  let failure: unknown = null;
  await Promise.all(
    plans.map((plan) =>
      runStream(plan).catch((err: unknown) => {
        // The first real error fails the run; the others then stop with Cancelled.
        if (!(err instanceof Cancelled)) failure ??= err;
        inner.abort();
      }),
    ),
  );
  opts.signal?.removeEventListener('abort', onOuterAbort);
  // Wait for a page transaction still in flight, then close the run.
  await write(async () => undefined);

  const cancelled = opts.signal?.aborted === true;
  const realFailure = failure && !(failure instanceof Cancelled) ? failure : null;
  const status: CollectResult['status'] = realFailure ? 'failed' : cancelled ? 'cancelled' : 'completed';
  const error = realFailure ? ((realFailure as Error).message ?? String(realFailure)) : cancelled ? 'cancelled; run the collection again to resume' : null;
  const allWarnings = [...warnings, ...(evidence ? (evidence as { writer: RecordWriter }).writer.warnings.list() : [])];
  updateRun(db, runId, counts, clock.now(), { status, error, warnings: allWarnings });
  // On the analyst's audit trail like an import: what was asked, what came back (never a token).
  appendAudit(db, 'collect', {
    runId, evidenceId: evidence ? (evidence as { id: number }).id : null, status, error, resumedFrom, query,
    windows: counts.windows, pages: counts.pages, records: counts.records, inserted: counts.inserted, updated: counts.updated, duplicates: counts.duplicates,
  });
  report(true, status);
  return {
    ...counts,
    runId,
    evidenceId: evidence ? (evidence as { id: number }).id : null,
    status,
    resumedFrom,
    warnings: allWarnings,
    error,
    errorKind: realFailure instanceof CollectError ? realFailure.kind : realFailure ? 'internal' : null,
  };
}
