// Starting a collection on its own thread (collect-worker.ts): the one way the app, the web server
// and the CLI collect. This thread keeps the token source and answers the worker's token asks; it
// gets progress, the geo post-pass's progress and the result as messages. A worker that dies
// (a crash, out of memory) rejects with a CollectError that says so, and its run is marked
// interrupted; the pages and windows it finished are in the case, so the next run resumes there.
import type { GeoProgress } from '../../preload/contract';
import { openCaseDb } from '../case/db';
import { spawnWorker } from '../ingest/workers';
import type { TokenSource } from './auth';
import { interruptRun } from './checkpoints';
import type { CollectJob, CollectWorkerMessage } from './collect-worker';
import type { CollectProgress, CollectRequest, CollectResult } from './collector';
import { CollectError } from './errors';
import type { TransportOptions } from './http';
import { answerTokenAsk, authSnapshot } from './token-relay';

export type RunningCollect = { done: Promise<CollectResult>; cancel(): void };

export type StartCollectOptions = {
  tokens: TokenSource;
  /** The worker's HTTP client (e.g. a test Graph's certificate); NODE_EXTRA_CA_CERTS applies as well. */
  transport?: TransportOptions;
  onProgress?: (p: CollectProgress) => void;
  /** The geo post-pass (placing the collected sign-ins); an error there leaves the collection standing. */
  onGeoProgress?: (p: GeoProgress) => void;
  options?: CollectJob['options'];
  testCrashAfterPages?: number;
};

const RESUME_ADVICE = 'The pages and windows it finished are in the case: run the collection again to resume.';

/** A run the worker left 'running' when it died is over: say why (best effort; the crash is the news). */
function markInterrupted(casePath: string, runId: number, error: string): void {
  try {
    const db = openCaseDb(casePath);
    try {
      db.pragma('busy_timeout = 5000');
      interruptRun(db, runId, error, Date.now());
    } finally {
      db.close();
    }
  } catch {
    // The next run's stale-run check marks it instead.
  }
}

export function startCollect(casePath: string, request: CollectRequest, opts: StartCollectOptions): RunningCollect {
  const job: CollectJob = {
    casePath,
    request,
    auth: authSnapshot(opts.tokens),
    ...(opts.transport ? { transport: opts.transport } : {}),
    ...(opts.options ? { options: opts.options } : {}),
    ...(opts.testCrashAfterPages !== undefined ? { testCrashAfterPages: opts.testCrashAfterPages } : {}),
  };
  const worker = spawnWorker('collect-worker', job);
  let runId: number | null = null;
  const done = new Promise<CollectResult>((resolve, reject) => {
    let settled = false;
    const died = (why: string) => {
      if (settled) return;
      settled = true;
      const message = `the collection stopped: ${why}. ${RESUME_ADVICE}`;
      if (runId !== null) markInterrupted(casePath, runId, message);
      reject(new CollectError(message, 'internal'));
    };
    worker.on('message', (m: CollectWorkerMessage) => {
      switch (m.type) {
        case 'token':
          void answerTokenAsk(opts.tokens, m, (reply) => worker.postMessage(reply));
          break;
        case 'progress':
          runId = m.progress.runId;
          opts.onProgress?.(m.progress);
          break;
        case 'geo-progress':
          opts.onGeoProgress?.(m.progress);
          break;
        case 'done':
          settled = true;
          resolve(m.result);
          break;
        case 'failed':
          settled = true;
          reject(m.kind ? new CollectError(m.message, m.kind) : new Error(m.message));
          break;
      }
    });
    worker.on('error', (err) => died(`its worker thread crashed (${err.message})`));
    worker.on('exit', (code) => died(`its worker thread exited unexpectedly (exit code ${code})`));
  });
  return {
    done,
    cancel: () => {
      try {
        worker.postMessage({ type: 'cancel' });
      } catch {
        // The worker has ended: nothing left to cancel.
      }
    },
  };
}
