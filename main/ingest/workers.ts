// Where the worker threads' code is: beside the bundle in a build (dist/main/<name>.cjs), the
// TypeScript source under tsx or Vitest, which then needs tsx's loader in the worker as well.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const SOURCES = { 'import-worker': './worker.ts', 'parse-worker': './parse-worker.ts' } as const;

export function spawnWorker(name: keyof typeof SOURCES, workerData: unknown): Worker {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return new Worker(new URL(`./${name}.cjs`, here), { workerData });
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return new Worker(new URL(SOURCES[name], here), { workerData, execArgv: ['--import', tsx] });
}
