// Detections and their findings: the shapes of their channels and events (spread into channels.ts and
// events.ts). Finding text (titles, explanations) is built from log values: render it as text only.
import { z } from 'zod';
import { IsoTime, SignInType } from './domain';

export const Severity = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof Severity>;

export const TriageState = z.enum(['open', 'confirmed', 'false_positive', 'needs_review']);
export type TriageState = z.infer<typeof TriageState>;

export const SuppressionKind = z.enum(['user', 'ip', 'asn']);
export type SuppressionKind = z.infer<typeof SuppressionKind>;

/** A threshold's value: a number, text, a switch, or a list of text values (codes, app ids, user agents). */
export const ParamValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);
export type ParamValue = z.infer<typeof ParamValue>;

const DetectionId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a detection id such as password-spray').max(80);
const FindingId = z.string().regex(/^[0-9a-f]{16}$/, 'a finding id (16 hex digits)');

export const DetectionParam = z.object({
  name: z.string(),
  help: z.string(),
  default: ParamValue,
  /** The value this case runs with (the default unless overridden). */
  value: ParamValue,
  overridden: z.boolean(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});
export type DetectionParam = z.infer<typeof DetectionParam>;

export const DetectionInfo = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number().int(),
  severity: Severity,
  attack: z.array(z.string()),
  appliesTo: z.array(SignInType),
  params: z.array(DetectionParam),
  /** The same logic in KQL for Sentinel / Log Analytics. Not run by Sightline. */
  kql: z.string(),
});
export type DetectionInfo = z.infer<typeof DetectionInfo>;

export const DetectionRunResult = z.object({
  detection: z.string(),
  title: z.string(),
  ms: z.number().int().nonnegative(),
  findings: z.number().int().nonnegative(),
  /** Sign-ins the detection applies to but could not judge (a field it needs is missing). */
  notEvaluable: z.number().int().nonnegative(),
  error: z.string().nullable(),
});
export type DetectionRunResult = z.infer<typeof DetectionRunResult>;

export const DetectionRun = z.object({
  id: z.number().int(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  status: z.enum(['running', 'completed', 'cancelled', 'failed']),
  results: z.array(DetectionRunResult),
});
export type DetectionRun = z.infer<typeof DetectionRun>;

export const FindingSummary = z.object({
  id: z.string(),
  detection: z.string(),
  detectionTitle: z.string(),
  detectionVersion: z.number().int(),
  severity: Severity,
  attack: z.array(z.string()),
  title: z.string(),
  explanation: z.string(),
  users: z.array(z.string()),
  ips: z.array(z.string()),
  asns: z.array(z.number().int()),
  start: IsoTime,
  end: IsoTime,
  signInCount: z.number().int().nonnegative(),
  triage: TriageState,
  triageNote: z.string().nullable(),
  triagedAt: IsoTime.nullable(),
  triagedBy: z.string().nullable(),
  /** The latest run of its detection no longer raised it; kept because it was triaged. */
  stale: z.boolean(),
  /** Active suppressions cover it (every user, every IP or every ASN of it). */
  suppressed: z.boolean(),
});
export type FindingSummary = z.infer<typeof FindingSummary>;

export const Suppression = z.object({
  id: z.number().int(),
  detection: z.string(),
  kind: SuppressionKind,
  value: z.string(),
  note: z.string().nullable(),
  findingId: z.string().nullable(),
  createdAt: IsoTime,
  createdBy: z.string(),
  removedAt: IsoTime.nullable(),
  removedBy: z.string().nullable(),
});
export type Suppression = z.infer<typeof Suppression>;

export const FindingDetail = FindingSummary.extend({
  params: z.record(z.string(), ParamValue),
  facts: z.record(z.string(), z.unknown()),
  /** The evidence sign-ins' ids, oldest first. */
  signInIds: z.array(z.string()),
  kql: z.string(),
  /** Active suppressions that cover this finding. */
  suppressions: z.array(Suppression),
});
export type FindingDetail = z.infer<typeof FindingDetail>;

export const FindingQuery = z
  .object({
    detection: z.array(DetectionId).optional(),
    severity: z.array(Severity).optional(),
    triage: z.array(TriageState).optional(),
    includeSuppressed: z.boolean().default(false),
    includeStale: z.boolean().default(true),
  })
  .strict();
export type FindingQuery = z.input<typeof FindingQuery>;

export const SuppressRequest = z
  .object({ detection: DetectionId, kind: SuppressionKind, value: z.string().trim().min(1).max(400), note: z.string().max(4000).nullable().optional(), findingId: FindingId.optional() })
  .strict();

export const findingChannels = {
  /** Every detection: metadata, this case's parameters (defaults shown) and the KQL twin. */
  'detections.list': { input: z.object({}).strict().default({}), output: z.array(DetectionInfo) },
  /**
   * Runs the detections (all, or `only`), stores their findings (re-running keeps ids and triage) and
   * returns what each did. Progress arrives as `detect.progress`; `detections.cancel` stops between detections.
   */
  'detections.run': { input: z.object({ only: z.array(DetectionId).optional() }).strict().default({}), output: DetectionRun },
  'detections.cancel': { input: z.object({}).strict().default({}), output: z.object({ cancelled: z.boolean() }) },
  /** The latest run (its per-detection times, finding counts and "not evaluable" counts), or null. */
  'detections.lastRun': { input: z.object({}).strict().default({}), output: DetectionRun.nullable() },
  /** Sets this case's parameters of one detection; a null value restores the default. */
  'detections.setParams': {
    input: z.object({ detection: DetectionId, params: z.record(z.string(), ParamValue.nullable()) }).strict(),
    output: DetectionInfo,
  },
  /** Findings by severity (high first), then newest first. */
  'findings.list': { input: FindingQuery.default({ includeSuppressed: false, includeStale: true }), output: z.object({ findings: z.array(FindingSummary), total: z.number().int().nonnegative() }) },
  'findings.get': { input: z.object({ id: FindingId }).strict(), output: FindingDetail },
  /** Triage with a note (logged on the case); a false positive may also suppress (detection, user / IP / ASN). */
  'findings.triage': {
    input: z
      .object({
        id: FindingId,
        triage: TriageState,
        note: z.string().max(4000).nullable().optional(),
        suppress: z.object({ kind: SuppressionKind, value: z.string().trim().min(1).max(400) }).strict().optional(),
      })
      .strict(),
    output: FindingDetail,
  },
  'findings.suppress': { input: SuppressRequest, output: Suppression },
  'findings.unsuppress': { input: z.object({ id: z.number().int().positive() }).strict(), output: Suppression },
  /** Every suppression of the case, active and removed, newest first. */
  'findings.suppressions': { input: z.object({}).strict().default({}), output: z.array(Suppression) },
} as const;

export const DetectProgress = z.object({
  runId: z.number().int(),
  /** The detection starting now; null once all are done. */
  detection: z.string().nullable(),
  title: z.string().nullable(),
  index: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  done: z.boolean(),
});
export type DetectProgress = z.infer<typeof DetectProgress>;

export const findingEvents = {
  'detect.progress': DetectProgress,
} as const;
