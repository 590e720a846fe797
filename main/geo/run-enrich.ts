// Starting a geo enrichment on its own thread: the one way the app, the web server and the CLI
// re-run it, and how the pass after an import runs (run-import.ts).
import { spawnWorker, workerOutcome } from '../ingest/workers';
import type { EnrichProgress, EnrichResult } from './enrich';
import type { EnrichJob, EnrichMessage } from './worker';

export type RunningEnrich = { done: Promise<EnrichResult>; cancel(): void };

export function startEnrich(casePath: string, opts: { full?: boolean; mmdb?: string | null; trigger?: EnrichJob['trigger']; onProgress?: (p: EnrichProgress) => void } = {}): RunningEnrich {
  const job: EnrichJob = { casePath, full: opts.full ?? false, mmdb: opts.mmdb ?? null, trigger: opts.trigger ?? 'analyst' };
  const worker = spawnWorker('geo-worker', job);
  const done = workerOutcome<EnrichResult, EnrichMessage>(
    worker,
    (m) => {
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'done') return { value: m.result };
      else return { error: new Error(m.message) };
      return undefined;
    },
    (code) => `the geo worker stopped unexpectedly (exit code ${code})`,
  );
  return { done, cancel: () => worker.postMessage({ type: 'cancel' }) };
}
