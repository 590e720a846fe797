// The heavy half of making a report, as the report thread (report-worker.ts) runs it on its own
// connection to the case: run the detections if they never ran (all or nothing), gather what the
// report states (evidence re-hashed file by file), render the HTML and the companion CSV files into a
// staging folder. Nothing here touches the report's final path: the calling thread prints the PDF
// (Electron's printToPDF must run in the main process), moves the files into place and audits.
import fs from 'node:fs';
import path from 'node:path';
import type { ReportFormat, ReportTemplate } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { lastRun } from '../case/findings';
import { runCaseDetections } from '../detect/case-run';
import { DetectionsCancelled } from '../detect/runner';
import { companionNames, writeCompanions } from './companions';
import { reportHtml } from './document';
import { gatherReport } from './gather';

/** The steps of making a report, in order; the PDF adds the last one. */
export const REPORT_STAGES = [
  'running detections',
  'counting sign-ins',
  'reading findings',
  'reading annotations',
  'drawing the map and the timeline',
  're-verifying evidence hashes',
  'reading the audit trail',
  'writing the report',
  'printing the PDF',
] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** Told each stage, and within a long one what it is at ("re-verifying evidence 2/5"). */
export type StepSink = (stage: ReportStage, detail?: string) => void;

export type BuildJob = { format: ReportFormat; template: ReportTemplate; out: string; staging: string; now: Date };

/** What the report thread hands back: staged files (moved into place by the caller) and the facts the audit entry records. */
export type BuiltReport = {
  /** The rendered HTML in the staging folder (the report itself for HTML; the printer's input for PDF). */
  htmlFile: string;
  companions: { staged: string; final: string }[];
  detectionsRan: boolean;
  findings: number;
  verification: { checked: number; passed: number; failed: number };
};

/**
 * Runs every detection when none ever ran on the case; true when it did. All or nothing: a cancel
 * (the signal) or a failure stores no run and no finding, so the next report runs them again.
 */
export async function ensureDetections(db: CaseDb, o: { signal?: AbortSignal; step?: StepSink } = {}): Promise<boolean> {
  if (lastRun(db) !== null) return false;
  try {
    await runCaseDetections(db, {
      atomic: true,
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (p) => {
        if (p.detection) o.step?.('running detections', `running detections ${p.index + 1}/${p.count}: ${p.detection.id}`);
      },
    });
  } catch (err) {
    if (err instanceof DetectionsCancelled) o.signal?.throwIfAborted();
    throw err;
  }
  return true;
}

const isStage = (s: string): s is ReportStage => (REPORT_STAGES as readonly string[]).includes(s);

export async function buildReport(db: CaseDb, casePath: string, job: BuildJob, o: { signal?: AbortSignal; step?: StepSink } = {}): Promise<BuiltReport> {
  const step: StepSink = (stage, detail) => o.step?.(stage, detail);
  step('running detections');
  const detectionsRan = await ensureDetections(db, o);
  const data = await gatherReport(db, {
    template: job.template,
    caseFile: casePath,
    detectionsRanNow: detectionsRan,
    step: (name, detail) => (isStage(name) ? step(name, detail) : undefined),
    ...(o.signal ? { signal: o.signal } : {}),
    now: job.now,
  });
  step('writing the report');
  o.signal?.throwIfAborted();
  const names = companionNames(data, job.out);
  const htmlFile = path.join(job.staging, job.format === 'pdf' ? 'report.html' : path.basename(job.out));
  fs.writeFileSync(htmlFile, reportHtml(data, names));
  o.signal?.throwIfAborted();
  const companions = writeCompanions(db, data, names, job.staging).map((staged) => ({ staged, final: path.join(path.dirname(job.out), path.basename(staged)) }));
  const checks = data.evidence.verification;
  return {
    htmlFile,
    companions,
    detectionsRan,
    findings: data.findings.length,
    verification: { checked: checks.length, passed: checks.filter((v) => v.status === 'match').length, failed: checks.filter((v) => v.status !== 'match').length },
  };
}

/** The report's HTML for the in-app preview: nothing is run, written, hashed or audited. */
export async function buildPreview(db: CaseDb, casePath: string, template: ReportTemplate): Promise<{ html: string; detectionsRan: boolean; at: string }> {
  const data = await gatherReport(db, { template, caseFile: casePath, detectionsRanNow: false, verify: false });
  return { html: reportHtml(data, companionNames(data, 'report.html')), detectionsRan: false, at: data.generatedAt };
}
