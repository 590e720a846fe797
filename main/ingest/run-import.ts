// Starting an import on a worker thread: the one way the app, the web server and the CLI import.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportSummary } from '../../preload/contract';
import type { ImportOptions } from './import';
import type { ImportJob, WorkerMessage } from './worker';

export type RunningImport = { done: Promise<ImportSummary>; cancel(): void };

/**
 * The worker's file: beside the bundle in a build (dist/main/import-worker.cjs), the TypeScript
 * source under tsx or Vitest, which then needs tsx's loader in the worker too.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return { url: new URL('./import-worker.cjs', here), execArgv: [] };
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return { url: new URL('./worker.ts', here), execArgv: ['--import', tsx] };
}

export function startImport(
  casePath: string,
  paths: string[],
  options: Pick<ImportOptions, 'format' | 'dateOrder' | 'progressEveryMs'> & { onProgress?: (p: ImportProgress) => void } = {},
): RunningImport {
  const { onProgress, ...jobOptions } = options;
  const entry = workerEntry();
  const worker = new Worker(entry.url, { workerData: { casePath, paths, options: jobOptions } satisfies ImportJob, execArgv: entry.execArgv });
  const done = new Promise<ImportSummary>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.summary);
      } else {
        settled = true;
        reject(new Error(m.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the import worker stopped unexpectedly (exit code ${code})`));
    });
  });
  return { done, cancel: () => worker.postMessage({ type: 'cancel' }) };
}
