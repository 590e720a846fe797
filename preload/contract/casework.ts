// The analyst's work on a case: case details, recent cases, evidence hashes / coverage / removal,
// annotations (tags, notes, bookmarks on sign-ins, findings, users and IPs), the audit trail, and
// the case exports (Timesketch, findings). Spread into `contract` (channels.ts) as `...caseworkChannels`.
import { z } from 'zod';
import { IsoTime, SignInType } from './domain';
import { SignInFilter } from './filters';

const Empty = z.object({}).strict().default({});

// ---------------------------------------------------------------------------------------------
// Case details and recent cases

/** An IANA zone name (checked against the runtime's zone list in main), or UTC. */
const ZoneName = z.string().trim().max(64).regex(/^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*)$/, 'an IANA time zone such as Europe/Berlin, or UTC');

/** What identifies the case in a report: stored in the case file. Empty text means "not set". */
export const CaseDetails = z.object({
  name: z.string().trim().max(200),
  number: z.string().trim().max(100),
  /** Who works the case; when set, it is the analyst recorded on the audit trail. */
  analyst: z.string().trim().max(200),
  /** Client, or the tenant investigated. */
  client: z.string().trim().max(200),
  /** The zone the analyst reports in (display only: everything is stored in UTC). */
  timeZone: z.union([z.literal(''), ZoneName]),
  description: z.string().max(20_000),
});
export type CaseDetails = z.infer<typeof CaseDetails>;
export const CASE_DETAIL_KEYS = ['name', 'number', 'analyst', 'client', 'timeZone', 'description'] as const satisfies readonly (keyof CaseDetails)[];

export const RecentCase = z.object({
  path: z.string(),
  /** The case's details name when it had one, else the file name. */
  name: z.string(),
  openedAt: IsoTime,
  /** Whether the file is still there. */
  exists: z.boolean(),
});
export type RecentCase = z.infer<typeof RecentCase>;

export const RecentCases = z.object({
  /** Web mode serves the one case it was started with: switching is not offered. */
  fixed: z.boolean(),
  cases: z.array(RecentCase),
});

// ---------------------------------------------------------------------------------------------
// Evidence: hashes, coverage, removal

export const EvidenceVerification = z.object({
  evidenceId: z.number().int(),
  name: z.string(),
  /** The SHA-256 recorded at import. */
  recorded: z.string(),
  /** The SHA-256 computed now (null when the file could not be read). */
  actual: z.string().nullable(),
  /**
   * match: the bytes are the ones imported; mismatch: the file changed; missing: no file at the
   * recorded path; unreadable: it could not be read. Collections are checked against their stored pages.
   */
  status: z.enum(['match', 'mismatch', 'missing', 'unreadable']),
  checkedAt: IsoTime,
});
export type EvidenceVerification = z.infer<typeof EvidenceVerification>;

export const TimeSpan = z.object({ start: IsoTime, end: IsoTime });

export const CoverageGap = TimeSpan.extend({
  /** silence: no sign-ins where some were expected; not-collected: a collection window never finished. */
  reason: z.enum(['silence', 'not-collected']),
  /** Sign-ins this lane would have been expected to hold in a silence (see Coverage.rule). */
  expected: z.number().nullable(),
});

export const CoverageLane = z.object({
  evidenceId: z.number().int(),
  name: z.string(),
  source: z.enum(['file', 'graph']),
  /** File: first to last sign-in of this type in it. Collection: the range it was asked for. */
  start: IsoTime,
  end: IsoTime,
  count: z.number().int().nonnegative(),
  gaps: z.array(CoverageGap),
});
export type CoverageLane = z.infer<typeof CoverageLane>;

export const CoverageByType = z.object({
  type: SignInType,
  count: z.number().int().nonnegative(),
  lanes: z.array(CoverageLane),
  /** Stretches of the case's range that no evidence of any kind covers for this type. */
  uncovered: z.array(TimeSpan),
});

export const Coverage = z.object({
  /** First to last sign-in of the case (collections' asked ranges included); null for an empty case. */
  range: TimeSpan.nullable(),
  /** The gap rule in words, for the UI and the report. */
  rule: z.string(),
  minExpected: z.number(),
  types: z.array(CoverageByType),
});
export type Coverage = z.infer<typeof Coverage>;

/** What removing an evidence row does (or, from the preview, would do). */
export const EvidenceRemoval = z.object({
  evidenceId: z.number().int(),
  name: z.string(),
  sha256: z.string(),
  /** Sign-ins only this evidence held: removed. */
  signInsRemoved: z.number().int().nonnegative(),
  /** Sign-ins it held that another evidence holds too: kept, read again from the remaining sources. */
  signInsKept: z.number().int().nonnegative(),
  /** Sightings (duplicates) and superseded versions it contributed. */
  sightingsRemoved: z.number().int().nonnegative(),
  versionsRemoved: z.number().int().nonnegative(),
  /** Live annotations on removed sign-ins (kept, by request id: they return if the evidence is imported again). */
  annotatedSignInsRemoved: z.number().int().nonnegative(),
  /** Evidence files that must be re-read to keep shared sign-ins, and whether they can be. */
  rereads: z.array(z.object({ evidenceId: z.number().int(), name: z.string(), records: z.number().int(), available: z.boolean(), reason: z.string().nullable() })),
  ms: z.number().nonnegative(),
});
export type EvidenceRemoval = z.infer<typeof EvidenceRemoval>;

// ---------------------------------------------------------------------------------------------
// Annotations

export const TAG_PRESETS = ['suspicious', 'compromised', 'benign', 'attacker-infrastructure'] as const;

export const AnnotationTargetKind = z.enum(['signin', 'finding', 'user', 'ip']);
export type AnnotationTargetKind = z.infer<typeof AnnotationTargetKind>;
export const AnnotationKind = z.enum(['tag', 'note', 'bookmark']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

/** A tag: lower-cased by main; letters, digits, spaces and - _ . : / only, so it reads the same everywhere. */
export const TagValue = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:/-]*$/u, 'a tag starts with a letter or digit and holds letters, digits, spaces and - _ . : /');
export const NoteText = z.string().trim().min(1).max(20_000);

const Target = z.string().trim().min(1).max(512);
/** One target, or a grid selection (bounded so one call stays one quick transaction). */
const Targets = z.array(Target).min(1).max(10_000);

export const Annotation = z.object({
  id: z.number().int(),
  targetKind: AnnotationTargetKind,
  target: z.string(),
  kind: AnnotationKind,
  value: z.string().nullable(),
  analyst: z.string(),
  createdAt: IsoTime,
  removedAt: IsoTime.nullable(),
  removedBy: z.string().nullable(),
});
export type Annotation = z.infer<typeof Annotation>;

/** The live annotations of one target, for a grid row or a details pane. */
export const AnnotationSummary = z.object({
  targetKind: AnnotationTargetKind,
  target: z.string(),
  tags: z.array(z.string()),
  /** Live notes, newest first. */
  notes: z.array(z.object({ id: z.number().int(), text: z.string(), analyst: z.string(), createdAt: IsoTime })),
  bookmarked: z.boolean(),
});
export type AnnotationSummary = z.infer<typeof AnnotationSummary>;

export const AddAnnotations = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tag'), targetKind: AnnotationTargetKind, targets: Targets, value: TagValue }).strict(),
  z.object({ kind: z.literal('note'), targetKind: AnnotationTargetKind, targets: Targets, value: NoteText }).strict(),
  z.object({ kind: z.literal('bookmark'), targetKind: AnnotationTargetKind, targets: Targets }).strict(),
]);
export type AddAnnotations = z.infer<typeof AddAnnotations>;

/** Remove by id (a note), or a tag / the bookmark from targets (a selection). History is kept. */
export const RemoveAnnotations = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000) }).strict(),
  z.object({ kind: z.enum(['tag', 'bookmark']), targetKind: AnnotationTargetKind, targets: Targets, value: TagValue.optional() }).strict(),
]);
export type RemoveAnnotations = z.infer<typeof RemoveAnnotations>;

export const AnnotationQuery = z
  .object({
    targetKind: AnnotationTargetKind.optional(),
    targets: Targets.optional(),
    kind: AnnotationKind.optional(),
    /** Removed annotations too (the history). */
    includeRemoved: z.boolean().default(false),
    limit: z.number().int().positive().max(10_000).default(1000),
    offset: z.number().int().nonnegative().default(0),
  })
  .strict();

export const TagCount = z.object({ value: z.string(), count: z.number().int().nonnegative(), preset: z.boolean() });

// ---------------------------------------------------------------------------------------------
// Audit trail

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  analyst: z.string(),
  action: z.string(),
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ total: z.number().int().nonnegative(), actions: z.array(z.string()), entries: z.array(AuditEntry) });
export type AuditPage = z.infer<typeof AuditPage>;

// ---------------------------------------------------------------------------------------------
// Case exports

/** timesketch: JSON lines; timesketch-csv: the same rows as CSV; csv / xlsx: findings as a table. */
export const CaseExportFormat = z.enum(['timesketch', 'timesketch-csv', 'csv', 'xlsx']);
export type CaseExportFormat = z.infer<typeof CaseExportFormat>;

export const CaseExportRequest = z
  .object({
    /** Sign-ins (the filter selects them; e.g. {tag: ['*']} for every tagged one) or findings. */
    what: z.enum(['signins', 'findings']),
    format: CaseExportFormat,
    filter: SignInFilter.default({}),
  })
  .strict()
  .refine((r) => r.what === 'findings' || r.format === 'timesketch' || r.format === 'timesketch-csv', {
    message: 'sign-ins export as timesketch or timesketch-csv here (CSV, JSON and XLSX: signins.export)',
  });
export type CaseExportRequest = z.infer<typeof CaseExportRequest>;

export const CaseExportResult = z.object({ path: z.string(), what: z.enum(['signins', 'findings']), format: CaseExportFormat, rows: z.number().int().nonnegative() });

export const caseworkChannels = {
  'case.details': { input: Empty, output: CaseDetails },
  /** Changes the given details; recorded on the audit trail as case.update. */
  'case.setDetails': { input: CaseDetails.partial().strict(), output: CaseDetails },
  /** Recently opened cases (kept in the app's user settings, not in a case). */
  'case.recent': { input: Empty, output: RecentCases },
  'case.forgetRecent': { input: z.object({ path: z.string().min(1) }).strict(), output: RecentCases },

  /** Re-computes each evidence hash (files from disk, collections from their stored pages). */
  'evidence.verify': { input: z.object({ ids: z.array(z.number().int()).optional() }).strict().default({}), output: z.array(EvidenceVerification) },
  'evidence.coverage': { input: z.object({ minExpected: z.number().positive().max(1000).optional() }).strict().default({}), output: Coverage },
  /** What removing an evidence row would do, without doing it (for the confirmation). */
  'evidence.removalPreview': { input: z.object({ id: z.number().int() }).strict(), output: EvidenceRemoval },
  /** Removes an evidence row and what only it holds, in one transaction; audited as evidence.remove. */
  'evidence.remove': { input: z.object({ id: z.number().int() }).strict(), output: EvidenceRemoval },

  'annotations.add': { input: AddAnnotations, output: z.object({ added: z.number().int().nonnegative(), skipped: z.number().int().nonnegative() }) },
  'annotations.remove': { input: RemoveAnnotations, output: z.object({ removed: z.number().int().nonnegative() }) },
  /** Replaces a note's text (the old text stays in the history). */
  'annotations.editNote': { input: z.object({ id: z.number().int().positive(), value: NoteText }).strict(), output: Annotation },
  'annotations.list': { input: AnnotationQuery, output: z.object({ total: z.number().int().nonnegative(), annotations: z.array(Annotation) }) },
  /** Live tags, notes and bookmark of each target (grid rows, details pane). */
  'annotations.summaries': { input: z.object({ targetKind: AnnotationTargetKind, targets: Targets }).strict(), output: z.array(AnnotationSummary) },
  /** Tags in use with their counts, presets first. */
  'annotations.tags': { input: Empty, output: z.array(TagCount) },

  'audit.list': {
    input: z
      .object({ action: z.string().max(64).optional(), limit: z.number().int().positive().max(5000).default(500), offset: z.number().int().nonnegative().default(0) })
      .strict()
      .default({ limit: 500, offset: 0 }),
    output: AuditPage,
  },

  /** Writes a case export to a path the host can write; audited as export. */
  'case.export': { input: z.object({ request: CaseExportRequest, path: z.string().min(1) }).strict(), output: CaseExportResult },
  /** Native save dialog (Electron only), then export. Null when cancelled. */
  'case.exportDialog': { input: z.object({ request: CaseExportRequest }).strict(), output: CaseExportResult.nullable() },
} as const;
