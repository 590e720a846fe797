// Where the worker threads' code is: beside the bundle in a build (dist/main/<name>.cjs), the
// TypeScript source under tsx or Vitest, which then needs tsx's loader in the worker as well.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const SOURCES = { 'import-worker': './worker.ts', 'parse-worker': './parse-worker.ts', 'geo-worker': '../geo/worker.ts', 'read-worker': '../case/read-worker.ts', 'remove-worker': '../case/remove-worker.ts', 'report-worker': '../report/report-worker.ts', 'collect-worker': '../collect/collect-worker.ts' } as const;

/**
 * A bounded heap per worker: V8 otherwise lets a busy thread's heap grow far past what it holds
 * live before collecting, and three such threads broke the 500 MB budget of a large import.
 */
// The read worker holds a whole grouping (about 700k groups for the non-interactive sign-ins of a 1M case);
// the report worker holds a report's data, its HTML and the largest companion CSV of a 1M case at once
// (a few hundred MB at most), and with a 1 GB limit V8 collected so often while it re-hashed 1 GB of
// evidence that the hashing took twice as long (measured: 1.3 s unbounded or at 2 GB, 2.3-3.9 s at 1 GB).
// The collect worker holds up to two pages per stream (a page of 1000 sign-ins is a few MB, parsed twice).
const HEAP_LIMITS_MB: Record<keyof typeof SOURCES, number> = { 'import-worker': 192, 'parse-worker': 160, 'geo-worker': 192, 'read-worker': 768, 'remove-worker': 256, 'report-worker': 2048, 'collect-worker': 256 };

export function spawnWorker(name: keyof typeof SOURCES, workerData: unknown): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: HEAP_LIMITS_MB[name], maxYoungGenerationSizeMb: 16 };
  if (here.endsWith('.cjs')) return new Worker(new URL(`./${name}.cjs`, here), { workerData, resourceLimits });
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return new Worker(new URL(SOURCES[name], here), { workerData, resourceLimits, execArgv: ['--import', tsx] });
}

/** How a worker's message settles its job: a value, a failure, or nothing yet (progress and such). */
export type Settle<T> = { value: T } | { error: Error } | undefined;

/**
 * A job on a worker thread as a promise: `settle` reads each message; an 'error' event (an uncaught
 * exception in the worker) or an exit before a settling message rejects, the latter with the
 * sentence `stopped` makes of the exit code, so a crash is never a silent hang.
 */
export function workerOutcome<T, M>(worker: Worker, settle: (message: M) => Settle<T>, stopped: (code: number) => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (r: NonNullable<Settle<T>>) => {
      if (settled) return;
      settled = true;
      if ('error' in r) reject(r.error);
      else resolve(r.value);
    };
    worker.on('message', (m: M) => {
      const r = settled ? undefined : settle(m);
      if (r) finish(r);
    });
    worker.on('error', (error) => finish({ error }));
    worker.on('exit', (code) => finish({ error: new Error(stopped(code)) }));
  });
}
