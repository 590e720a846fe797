// Starting an import on a worker thread: the one way the app, the web server and the CLI import.
// Once the import worker has ended, the new and changed sign-ins are placed (geo) on a geo worker:
// a fresh thread, so the import's heap and page cache are gone before the IP and place databases
// are loaded (together they broke the import's memory budget). A failed placing leaves the import
// standing and is reported through onGeoProgress.
import type { GeoProgress, ImportProgress, ImportSummary } from '../../preload/contract';
import { startEnrich } from '../geo/run-enrich';
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
  let cancelled = false;
  let cancelPlacing: (() => void) | null = null;
  const imported = new Promise<ImportSummary>((resolve, reject) => {
    let summary: ImportSummary | null = null;
    let failure: Error | null = null;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') summary = m.summary;
      else failure = new Error(m.message);
    });
    worker.on('error', (err) => (failure ??= err));
    // Settled on exit, so the worker's memory is released before anything else starts.
    worker.on('exit', (code) => {
      if (summary) resolve(summary);
      else reject(failure ?? new Error(`the import worker stopped unexpectedly (exit code ${code})`));
    });
  });
  const done = imported.then(async (summary) => {
    if (cancelled || summary.totals.inserted + summary.totals.updated === 0) return summary;
    const placing = startEnrich(casePath, { trigger: 'import', onProgress: (p) => onGeoProgress?.({ ...p, error: null }) });
    cancelPlacing = placing.cancel;
    try {
      await placing.done;
    } catch (err) {
      onGeoProgress?.({ phase: 'done', processed: 0, total: 0, finished: true, error: (err as Error).message ?? String(err) });
    }
    return summary;
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      if (cancelPlacing) cancelPlacing();
      else worker.postMessage({ type: 'cancel' });
    },
  };
}
