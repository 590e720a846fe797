// Making a report: one function for the CLI, the desktop app and web mode. The heavy part (running the
// detections if they never ran, gathering, re-hashing the evidence, rendering the HTML and the
// companion CSV files) runs on the report thread (report-worker.ts, build.ts) with its own connection
// to the case, so the calling thread stays responsive and can cancel. The calling thread then prints
// the PDF (Electron's printToPDF needs the main process; elsewhere Chromium), moves the files from the
// staging folder into place, and records the report on the audit trail with its SHA-256. A cancel or
// a failure removes the staging folder: no partial report, no companion file, no audit entry.
import fs from 'node:fs';
import path from 'node:path';
import { errorCodes, SightlineError, type ErrorCode, type ReportFormat, type ReportProgress, type ReportResult, type ReportTemplate } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { sha256File } from '../ingest/decode';
import { spawnWorker, workerOutcome } from '../ingest/workers';
import { REPORT_STAGES, type BuiltReport, type ReportStage } from './build';
import { chromiumPrinter, chromiumStatus, type PdfPrinter } from './pdf';
import type { ReportJob, ReportPreview, ReportWorkerMessage } from './report-worker';

export { ensureDetections } from './build';

export type ReportRequest = { format: ReportFormat; template: ReportTemplate; out: string };

export type ReportDeps = {
  /** Prints HTML to PDF: Electron's printToPDF in the desktop app; Chromium otherwise. */
  printPdf?: PdfPrinter;
  onProgress?: (p: ReportProgress) => void;
  /** Cancels the report: it then rejects with ReportCancelled and leaves nothing behind. */
  signal?: AbortSignal;
  /** Who asked (cli, app, web): recorded on the audit trail. */
  via?: string;
  /** What the audit trail names as the file, when `out` is a temporary path (web mode downloads). */
  recordAs?: string;
  now?: () => Date;
};

/** A cancelled report: nothing was written and nothing recorded. */
export class ReportCancelled extends SightlineError {
  constructor() {
    super('rejected', 'the report was cancelled: nothing was written');
    this.name = 'ReportCancelled';
  }
}

/** How long a cancelled report thread may take to stop at its next step before it is stopped outright. */
const CANCEL_GRACE_MS = 2000;

function progressOf(deps: ReportDeps, format: ReportFormat) {
  const stages = format === 'pdf' ? REPORT_STAGES : REPORT_STAGES.slice(0, -1);
  return (stage: ReportStage, detail?: string, done = false) => deps.onProgress?.({ step: detail ?? stage, index: Math.max(0, stages.indexOf(stage)), count: stages.length, done });
}

/**
 * Runs one job on a report thread and resolves with its final message's value. A cancel asks the
 * thread to stop at its next step and stops it outright after CANCEL_GRACE_MS (what it was writing is
 * a transaction, rolled back when its connection closes). Resolves only after the thread has exited,
 * so the caller may remove the staging folder at once.
 */
async function onReportThread<T>(job: ReportJob, pick: (m: ReportWorkerMessage) => T | undefined, opts: { signal?: AbortSignal; step?: (stage: ReportStage, detail?: string) => void } = {}): Promise<T> {
  const { signal } = opts;
  if (signal?.aborted) throw new ReportCancelled();
  const worker = spawnWorker('report-worker', job);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let kill: NodeJS.Timeout | undefined;
  const onAbort = () => {
    worker.postMessage({ type: 'cancel' });
    kill = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await workerOutcome<T, ReportWorkerMessage>(
      worker,
      (m) => {
        if (m.type === 'step') return void opts.step?.(m.stage, m.detail);
        if (m.type === 'cancelled') return { error: new ReportCancelled() };
        if (m.type === 'failed') return { error: (errorCodes as readonly string[]).includes(m.code ?? '') ? new SightlineError(m.code as ErrorCode, m.message) : new Error(m.message) };
        const value = pick(m);
        return value === undefined ? undefined : { value };
      },
      (code) => `the report thread stopped unexpectedly (exit code ${code})`,
    );
  } catch (err) {
    if (signal?.aborted) throw new ReportCancelled();
    if (err instanceof SightlineError) throw err;
    throw new Error(`the report could not be made: ${(err as Error).message ?? String(err)}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await exited;
    clearTimeout(kill);
  }
}

export async function writeReport(db: CaseDb, casePath: string, req: ReportRequest, deps: ReportDeps = {}): Promise<ReportResult> {
  const started = Date.now();
  const progress = progressOf(deps, req.format);
  const out = path.resolve(req.out);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new Error(`cannot write the report to ${out}: the folder ${dir} does not exist`);
  let printer: PdfPrinter | null = null;
  if (req.format === 'pdf') {
    if (!deps.printPdf) {
      // Say it before minutes of work, not after.
      const chromium = chromiumStatus();
      if (!chromium.available) throw new SightlineError('unsupported', chromium.detail);
    }
    printer = deps.printPdf ?? chromiumPrinter();
  }
  const { signal } = deps;

  // Beside the report, so moving the files into place is a rename on one file system.
  const staging = fs.mkdtempSync(path.join(dir, `.${path.basename(out)}.sightline-`));
  try {
    const job: ReportJob = { kind: 'write', casePath: path.resolve(casePath), format: req.format, template: req.template, out, staging, now: (deps.now?.() ?? new Date()).toISOString() };
    const built = await onReportThread<BuiltReport>(job, (m) => (m.type === 'built' ? m.built : undefined), { ...(signal ? { signal } : {}), step: (stage, detail) => progress(stage, detail) });

    let staged = built.htmlFile;
    if (printer) {
      progress('printing the PDF');
      staged = path.join(staging, path.basename(out));
      try {
        await printer(built.htmlFile, staged, signal);
      } catch (err) {
        if (signal?.aborted) throw new ReportCancelled();
        throw err;
      }
    }
    // The last moment a cancel counts: from here the report is put in place and recorded.
    if (signal?.aborted) throw new ReportCancelled();
    fs.renameSync(staged, out);
    for (const c of built.companions) fs.renameSync(c.staged, c.final);
    const companions = built.companions.map((c) => c.final);

    const bytes = fs.statSync(out).size;
    const sha256 = await sha256File(out);
    const ms = Date.now() - started;
    appendAudit(db, 'report', {
      via: deps.via ?? 'cli',
      format: req.format,
      template: req.template,
      file: deps.recordAs ?? out,
      sha256,
      bytes,
      companions: companions.map((c) => path.basename(c)),
      findings: built.findings,
      detectionsRan: built.detectionsRan,
      verification: built.verification,
      ms,
    });
    progress(req.format === 'pdf' ? 'printing the PDF' : 'writing the report', undefined, true);
    return { path: out, format: req.format, template: req.template, bytes, companions, detectionsRan: built.detectionsRan, findings: built.findings, verification: built.verification, ms };
  } catch (err) {
    // The last word for whoever shows the progress: it ended, without a report.
    deps.onProgress?.({ step: err instanceof ReportCancelled ? 'cancelled' : 'failed', index: 0, count: 0, done: true });
    throw err;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The report's HTML for the in-app preview, gathered on the report thread: nothing is run, written or audited. */
export function previewReport(casePath: string, template: ReportTemplate): Promise<ReportPreview> {
  return onReportThread<ReportPreview>({ kind: 'preview', casePath: path.resolve(casePath), template }, (m) => (m.type === 'preview' ? m.preview : undefined));
}
