// Starting an import on a worker thread: the one way the app, the web server and the CLI import.
import type { GeoProgress, ImportProgress, ImportSummary } from '../../preload/contract';
import type { ImportOptions } from './import';
import type { ImportJob, WorkerMessage } from './worker';
import { spawnWorker } from './workers';

export type RunningImport = { done: Promise<ImportSummary>; cancel(): void };

export function startImport(
  casePath: string,
  paths: string[],
  options: Pick<ImportOptions, 'format' | 'dateOrder' | 'progressEveryMs'> & { onProgress?: (p: ImportProgress) => void; onGeoProgress?: (p: GeoProgress) => void } = {},
): RunningImport {
  const { onProgress, onGeoProgress, ...jobOptions } = options;
  const worker = spawnWorker('import-worker', { casePath, paths, options: jobOptions } satisfies ImportJob);
  const done = new Promise<ImportSummary>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'geo-progress') onGeoProgress?.(m.progress);
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
