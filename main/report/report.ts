// Making a report: run the detections first if they never ran on the case, gather what the report
// states, write the self-contained HTML (or print it to PDF), write the companion CSV files of any
// capped table, and record the report on the audit trail with its SHA-256. One function for the CLI,
// the desktop app and web mode; only the PDF printer differs (Electron's printToPDF or Chromium).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportFormat, ReportProgress, ReportResult, ReportTemplate } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { lastRun } from '../case/findings';
import { runCaseDetections } from '../detect/case-run';
import { companionNames, writeCompanions } from './companions';
import { reportHtml } from './document';
import { gatherReport } from './gather';
import { chromiumPrinter, type PdfPrinter } from './pdf';

export type ReportRequest = { format: ReportFormat; template: ReportTemplate; out: string };

export type ReportDeps = {
  /** Prints HTML to PDF: Electron's printToPDF in the desktop app; Chromium otherwise. */
  printPdf?: PdfPrinter;
  onProgress?: (p: ReportProgress) => void;
  /** Who asked (cli, app, web): recorded on the audit trail. */
  via?: string;
  /** What the audit trail names as the file, when `out` is a temporary path (web mode downloads). */
  recordAs?: string;
  now?: () => Date;
};

const STEPS = ['running detections', 'counting sign-ins', 'reading findings', 'reading annotations', 'drawing the map and the timeline', 're-verifying evidence hashes', 'reading the audit trail', 'writing the report', 'printing the PDF'];

/** Runs every detection when none ever ran on the case; true when it did. */
export async function ensureDetections(db: CaseDb): Promise<boolean> {
  if (lastRun(db) !== null) return false;
  await runCaseDetections(db);
  return true;
}

function progressOf(deps: ReportDeps, format: ReportFormat) {
  const steps = format === 'pdf' ? STEPS : STEPS.slice(0, -1);
  return (step: string, done = false) => deps.onProgress?.({ step, index: Math.max(0, steps.indexOf(step)), count: steps.length, done });
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Writes `content` to `file` through a temporary sibling, so a reader never sees half a report. */
function writeAtomically(file: string, write: (tmp: string) => Promise<void> | void): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  return Promise.resolve(write(tmp)).then(
    () => fs.renameSync(tmp, file),
    (err: unknown) => {
      fs.rmSync(tmp, { force: true });
      throw err;
    },
  );
}

export async function writeReport(db: CaseDb, casePath: string, req: ReportRequest, deps: ReportDeps = {}): Promise<ReportResult> {
  const started = Date.now();
  const progress = progressOf(deps, req.format);
  const out = path.resolve(req.out);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new Error(`cannot write the report to ${out}: the folder ${dir} does not exist`);
  const printer = req.format === 'pdf' ? (deps.printPdf ?? chromiumPrinter()) : null;

  progress('running detections');
  const detectionsRan = await ensureDetections(db);
  const data = await gatherReport(db, { template: req.template, caseFile: casePath, detectionsRanNow: detectionsRan, step: (s) => progress(s), now: deps.now?.() ?? new Date() });
  progress('writing the report');
  const names = companionNames(data, out);
  const doc = reportHtml(data, names);

  if (printer) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-report-'));
    try {
      const htmlFile = path.join(work, 'report.html');
      fs.writeFileSync(htmlFile, doc);
      progress('printing the PDF');
      await writeAtomically(out, (tmp) => printer(htmlFile, tmp));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  } else {
    await writeAtomically(out, (tmp) => fs.writeFileSync(tmp, doc));
  }
  const companions = writeCompanions(db, data, names, dir);

  const verification = {
    checked: data.evidence.verification.length,
    passed: data.evidence.verification.filter((v) => v.status === 'match').length,
    failed: data.evidence.verification.filter((v) => v.status !== 'match').length,
  };
  const bytes = fs.statSync(out).size;
  const ms = Date.now() - started;
  appendAudit(db, 'report', {
    via: deps.via ?? 'cli',
    format: req.format,
    template: req.template,
    file: deps.recordAs ?? out,
    sha256: sha256(out),
    bytes,
    companions: companions.map((c) => path.basename(c)),
    findings: data.findings.length,
    detectionsRan,
    verification,
    ms,
  });
  progress(req.format === 'pdf' ? 'printing the PDF' : 'writing the report', true);
  return { path: out, format: req.format, template: req.template, bytes, companions, detectionsRan, findings: data.findings.length, verification, ms };
}

/** The report's HTML for the in-app preview: nothing is run, written or audited. */
export async function previewReport(db: CaseDb, casePath: string, template: ReportTemplate): Promise<{ html: string; detectionsRan: boolean; at: string }> {
  const data = await gatherReport(db, { template, caseFile: casePath, detectionsRanNow: false, verify: false });
  return { html: reportHtml(data, companionNames(data, 'report.html')), detectionsRan: false, at: data.generatedAt };
}
