// The report thread: builds a report (build.ts) on its own connection to the case, so the thread
// that asked (Electron's main process, the web server, the CLI) keeps answering and can cancel it.
// Posts its steps, then exactly one of: built (or preview), cancelled, failed.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openCaseDb, type CaseDb } from '../case/db';
import { buildPreview, buildReport, type BuiltReport, type ReportStage } from './build';
import type { ReportFormat, ReportTemplate } from '../../preload/contract';

export type ReportJob =
  | { kind: 'write'; casePath: string; format: ReportFormat; template: ReportTemplate; out: string; staging: string; now: string }
  | { kind: 'preview'; casePath: string; template: ReportTemplate };

export type ReportPreview = Awaited<ReturnType<typeof buildPreview>>;

export type ReportWorkerMessage =
  | { type: 'step'; stage: ReportStage; detail?: string }
  | { type: 'built'; built: BuiltReport }
  | { type: 'preview'; preview: ReportPreview }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; code?: string };

/** The one way the calling thread talks to a running report. */
export type ReportControl = { type: 'cancel' };

/**
 * TEST ONLY: a pause at every step of the build, so a test can watch the progress and press Cancel
 * (test/browser/report-progress.spec.ts). Read here, in the thread, never by the code a CLI run or
 * the app calls directly; unset, it costs nothing.
 */
const TEST_STEP_DELAY_MS = Number(process.env['SIGHTLINE_TEST_REPORT_STEP_DELAY_MS'] ?? 0) || 0;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const port = parentPort!;
const job = workerData as ReportJob;
const controller = new AbortController();
port.on('message', (m: ReportControl) => {
  if (m.type === 'cancel') controller.abort();
});
const post = (m: ReportWorkerMessage) => port.postMessage(m);

async function run(): Promise<void> {
  // Never create a case here: the caller's case must still be where it was.
  if (!fs.existsSync(job.casePath)) throw new Error(`no case file at ${job.casePath}`);
  let db: CaseDb | null = null;
  try {
    db = openCaseDb(job.casePath, { readonly: job.kind === 'preview' });
    if (job.kind === 'preview') {
      post({ type: 'preview', preview: await buildPreview(db, job.casePath, job.template) });
      return;
    }
    const built = await buildReport(db, job.casePath, { format: job.format, template: job.template, out: job.out, staging: job.staging, now: new Date(job.now) }, {
      signal: controller.signal,
      step: (stage, detail) => {
        post({ type: 'step', stage, ...(detail ? { detail } : {}) });
        if (TEST_STEP_DELAY_MS > 0) pause(TEST_STEP_DELAY_MS);
      },
    });
    post({ type: 'built', built });
  } finally {
    db?.close();
  }
}

run()
  .catch((err: unknown) => {
    if (controller.signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'failed', message: (err as Error).message ?? String(err), ...((err as { code?: unknown }).code && typeof (err as { code?: unknown }).code === 'string' ? { code: (err as { code: string }).code } : {}) });
  })
  .finally(() => port.close());
