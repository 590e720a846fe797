// The case report (spread into channels.ts as `...reportChannels`, events as `...reportEvents`):
// a self-contained HTML document, or a PDF printed from it (Electron's printToPDF in the desktop app,
// Chromium found through SIGHTLINE_CHROMIUM in web mode and the CLI).
import { z } from 'zod';
import { IsoTime } from './domain';

const Count = z.number().int().nonnegative();

export const ReportTemplate = z.enum(['full', 'summary']);
export type ReportTemplate = z.infer<typeof ReportTemplate>;
export const ReportFormat = z.enum(['html', 'pdf']);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const ReportOptions = z.object({ format: ReportFormat, template: ReportTemplate.default('full') }).strict();

/** What the report view shows before a report is made. */
export const ReportStatus = z.object({
  /** Whether detections ever ran on this case (a report runs them first when not). */
  detectionsRun: z.boolean(),
  findings: Count,
  evidence: Count,
  /** Whether a PDF can be printed here, and if not, why (e.g. no Chromium at SIGHTLINE_CHROMIUM). */
  pdf: z.object({ available: z.boolean(), via: z.enum(['electron', 'chromium']), detail: z.string() }),
  /** The newest `report` entry on the audit trail. */
  last: z.object({ at: z.string(), analyst: z.string(), file: z.string().nullable(), format: z.string().nullable() }).nullable(),
});
export type ReportStatus = z.infer<typeof ReportStatus>;

/** Evidence re-verification as the report states it. */
export const ReportVerification = z.object({ checked: Count, passed: Count, failed: Count });

export const ReportResult = z.object({
  path: z.string(),
  format: ReportFormat,
  template: ReportTemplate,
  bytes: Count,
  /** Companion files written beside the report (full lists of capped tables), as paths. */
  companions: z.array(z.string()),
  /** True when this report ran the detections first (they had never run on the case). */
  detectionsRan: z.boolean(),
  findings: Count,
  verification: ReportVerification,
  ms: Count,
});
export type ReportResult = z.infer<typeof ReportResult>;

/** A report handed to the browser (web mode downloads it): text for HTML and CSV, base64 for PDF. */
export const ReportFile = z.object({ name: z.string(), mime: z.string(), encoding: z.enum(['utf8', 'base64']), content: z.string() });
export type ReportFile = z.infer<typeof ReportFile>;

export const ReportProgress = z.object({ step: z.string(), index: Count, count: Count, done: z.boolean() });
export type ReportProgress = z.infer<typeof ReportProgress>;

export const reportChannels = {
  'report.status': { input: z.object({}).strict().default({}), output: ReportStatus },
  /** The HTML of the report, for the in-app preview (shown in a sandboxed frame). Not audited. */
  'report.preview': { input: z.object({ template: ReportTemplate.default('full') }).strict(), output: z.object({ html: z.string(), detectionsRan: z.boolean(), at: IsoTime }) },
  /** Writes the report (and its companion CSV files) to a path the host can write; audited as `report`. */
  'report.write': { input: ReportOptions.extend({ path: z.string().min(1) }).strict(), output: ReportResult },
  /** Native save dialog (Electron only), then write. Null when cancelled. */
  'report.writeDialog': { input: ReportOptions, output: ReportResult.nullable() },
  /** Web mode: the report and its companions as file contents for the browser to download; audited as `report`. */
  'report.render': { input: ReportOptions, output: z.object({ result: ReportResult, files: z.array(ReportFile) }) },
  /**
   * Cancels the report being made (write, writeDialog or render): it stops at its next step, leaves no
   * file and no audit entry, and its call fails with a `rejected` error. False when none was running.
   */
  'report.cancel': { input: z.object({}).strict().default({}), output: z.object({ cancelled: z.boolean() }) },
} as const;

export const reportEvents = {
  /** Progress of the report being made (detections, gathering, verification, printing). */
  'report.progress': ReportProgress,
} as const;
