// Starting a geo enrichment on its own thread: the one way the app, the web server and the CLI
// re-run it (the pass after an import runs inside the import's worker).
import { spawnWorker } from '../ingest/workers';
import type { EnrichProgress, EnrichResult } from './enrich';
import type { EnrichJob, EnrichMessage } from './worker';

export type RunningEnrich = { done: Promise<EnrichResult>; cancel(): void };

export function startEnrich(casePath: string, opts: { full?: boolean; mmdb?: string | null; trigger?: EnrichJob['trigger']; onProgress?: (p: EnrichProgress) => void } = {}): RunningEnrich {
  const job: EnrichJob = { casePath, full: opts.full ?? false, mmdb: opts.mmdb ?? null, trigger: opts.trigger ?? 'analyst' };
  const worker = spawnWorker('geo-worker', job);
  const done = new Promise<EnrichResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: EnrichMessage) => {
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.result);
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
      if (!settled) reject(new Error(`the geo worker stopped unexpectedly (exit code ${code})`));
    });
  });
  return { done, cancel: () => worker.postMessage({ type: 'cancel' }) };
}
