// Where the worker threads' code is: beside the bundle in a build (dist/main/<name>.cjs), the
// TypeScript source under tsx or Vitest, which then needs tsx's loader in the worker as well.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const SOURCES = { 'import-worker': './worker.ts', 'parse-worker': './parse-worker.ts', 'geo-worker': '../geo/worker.ts', 'read-worker': '../case/read-worker.ts', 'remove-worker': '../case/remove-worker.ts', 'collect-worker': '../collect/collect-worker.ts' } as const;

/**
 * A bounded heap per worker: V8 otherwise lets a busy thread's heap grow far past what it holds
 * live before collecting, and three such threads broke the 500 MB budget of a large import.
 */
// The read worker holds a whole grouping (about 700k groups for the non-interactive sign-ins of a 1M case).
// The collect worker holds up to two pages per stream (a page of 1000 sign-ins is a few MB, parsed twice).
const HEAP_LIMITS_MB: Record<keyof typeof SOURCES, number> = { 'import-worker': 192, 'parse-worker': 160, 'geo-worker': 192, 'read-worker': 768, 'remove-worker': 256, 'collect-worker': 256 };

export function spawnWorker(name: keyof typeof SOURCES, workerData: unknown): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: HEAP_LIMITS_MB[name], maxYoungGenerationSizeMb: 16 };
  if (here.endsWith('.cjs')) return new Worker(new URL(`./${name}.cjs`, here), { workerData, resourceLimits });
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return new Worker(new URL(SOURCES[name], here), { workerData, resourceLimits, execArgv: ['--import', tsx] });
}
