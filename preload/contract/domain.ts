// Domain shapes shared by main and renderer. Vocabulary is Graph beta's signIn
// (../shared/reference/formats.md §10, §15) plus Sightline's own fields.
import { z } from 'zod';
import { SignInFilter } from './filters';

/** ISO 8601 UTC with milliseconds, the only time format that crosses the contract. */
export const IsoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO UTC time with milliseconds');

export const SignInType = z.enum(['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown']);
export type SignInType = z.infer<typeof SignInType>;

/** `unknown` only where the source carries no status at all (a flattened PowerShell export). */
export const Outcome = z.enum(['success', 'failure', 'interrupted', 'unknown']);
export type Outcome = z.infer<typeof Outcome>;

export const SourceFormat = z.enum(['portal-csv', 'portal-json', 'graph-json', 'la-csv', 'la-json', 'azure-monitor-jsonl', 'powershell-csv', 'ual']);
export type SourceFormat = z.infer<typeof SourceFormat>;

const GeoCoordinates = z.object({ latitude: z.number().nullable(), longitude: z.number().nullable() }).partial();

export const SignInLocation = z.object({
  city: z.string().nullable(),
  state: z.string().nullable(),
  countryOrRegion: z.string().nullable(),
  geoCoordinates: GeoCoordinates.nullable(),
}).partial();

export const SignInStatus = z.object({
  errorCode: z.number().int().nullable(),
  failureReason: z.string().nullable(),
  additionalDetails: z.string().nullable(),
}).partial();

export const DeviceDetail = z.object({
  deviceId: z.string().nullable(),
  displayName: z.string().nullable(),
  operatingSystem: z.string().nullable(),
  browser: z.string().nullable(),
  isCompliant: z.boolean().nullable(),
  isManaged: z.boolean().nullable(),
  trustType: z.string().nullable(),
}).partial();

/**
 * The canonical sign-in. The named fields are the ones Sightline reads; every other Graph beta
 * property a source carries rides along unchanged (catchall), so nothing is lost.
 */
export const SignIn = z.object({
  id: z.string(),
  createdDateTime: IsoTime,
  type: SignInType,
  outcome: Outcome,
  userPrincipalName: z.string().nullable().optional(),
  userDisplayName: z.string().nullable().optional(),
  userId: z.string().nullable().optional(),
  appDisplayName: z.string().nullable().optional(),
  appId: z.string().nullable().optional(),
  resourceDisplayName: z.string().nullable().optional(),
  resourceId: z.string().nullable().optional(),
  correlationId: z.string().nullable().optional(),
  tenantId: z.string().nullable().optional(),
  ipAddress: z.string().nullable().optional(),
  location: SignInLocation.nullable().optional(),
  status: SignInStatus.nullable().optional(),
  clientAppUsed: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
  deviceDetail: DeviceDetail.nullable().optional(),
  conditionalAccessStatus: z.string().nullable().optional(),
  authenticationRequirement: z.string().nullable().optional(),
  riskLevelAggregated: z.string().nullable().optional(),
  riskLevelDuringSignIn: z.string().nullable().optional(),
  riskState: z.string().nullable().optional(),
}).catchall(z.unknown());
export type SignIn = z.infer<typeof SignIn>;

export const Case = z.object({
  path: z.string(),
  name: z.string(),
  createdAt: IsoTime,
  signIns: z.number().int().nonnegative(),
  evidence: z.number().int().nonnegative(),
});
export type Case = z.infer<typeof Case>;

export const RejectedRow = z.object({ line: z.number().int().positive(), reason: z.string() });

export const Evidence = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: SourceFormat,
  source: z.enum(['file', 'graph']),
  importedAt: IsoTime,
  records: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejectedRows: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  /** The rows the import could not read (the first 1000; rejectedRows counts them all). */
  rejected: z.array(RejectedRow),
});
export type Evidence = z.infer<typeof Evidence>;


/** One file's import outcome; field names are the CLI's JSON (import issue, item 8). */
export const FileImportResult = z.object({
  path: z.string(),
  sha256: z.string().nullable(),
  format: SourceFormat.nullable(),
  status: z.enum(['imported', 'rejected']),
  error: z.string().nullable(),
  warnings: z.array(z.string()),
  records: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejectedRows: z.number().int().nonnegative(),
  rejected: z.array(RejectedRow),
});
export type FileImportResult = z.infer<typeof FileImportResult>;

export const ImportSummary = z.object({
  files: z.array(FileImportResult),
  totals: z.object({
    records: z.number().int().nonnegative(),
    inserted: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    duplicates: z.number().int().nonnegative(),
    rejectedRows: z.number().int().nonnegative(),
    rejectedFiles: z.number().int().nonnegative(),
  }),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** Columns the grid may sort by; each maps to one indexed SQL column in main/case. */
export const SortField = z.enum([
  'createdDateTime', 'userPrincipalName', 'userDisplayName', 'appDisplayName', 'resourceDisplayName', 'outcome', 'errorCode', 'ipAddress',
  'country', 'city', 'clientAppUsed', 'type', 'operatingSystem', 'browser', 'conditionalAccessStatus', 'riskLevelDuringSignIn',
]);
export type SortField = z.infer<typeof SortField>;

export const SignInQuery = z.object({
  filter: SignInFilter.default({}),
  sort: z.object({ field: SortField, dir: z.enum(['asc', 'desc']) }).default({ field: 'createdDateTime', dir: 'desc' }),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(100),
  /**
   * false: skip the total (returned as -1). A first page then costs only its rows; the grid asks
   * 'signins.count' separately, so a slow count never delays the rows.
   */
  withTotal: z.boolean().default(true),
});
export type SignInQuery = z.input<typeof SignInQuery>;

export const SignInPage = z.object({ total: z.number().int().min(-1), rows: z.array(SignIn) });
export type SignInPage = z.infer<typeof SignInPage>;

export const SignInProvenance = z.object({
  evidenceId: z.number().int(),
  evidenceName: z.string(),
  sha256: z.string(),
  format: SourceFormat,
  /** True for the records that carry the current version; false for superseded versions' sources. */
  current: z.boolean(),
  line: z.number().int().positive().nullable(),
  recordIndex: z.number().int().nonnegative().nullable(),
});

export const SignInVersion = z.object({ supersededAt: IsoTime, signIn: SignIn, raw: z.string() });

export const SignInDetail = z.object({
  signIn: SignIn,
  /** The source record exactly as read, for the Raw tab. */
  raw: z.string(),
  provenance: z.array(SignInProvenance),
  /** Older versions this sign-in replaced (nothing is lost), newest first. */
  versions: z.array(SignInVersion),
});
export type SignInDetail = z.infer<typeof SignInDetail>;

/**
 * Error codes the portal shows as "Interrupted" rather than "Failure" (formats.md §13: the codes
 * Microsoft names "…Interrupt"). The one place this list lives; import and filters both read it.
 */
export const INTERRUPTED_ERROR_CODES: readonly number[] = [50072, 50074, 50125, 50140, 50199];

export function outcomeOf(errorCode: number | null | undefined): Outcome {
  if (errorCode === null || errorCode === undefined) return 'unknown';
  if (errorCode === 0) return 'success';
  if (INTERRUPTED_ERROR_CODES.includes(errorCode)) return 'interrupted';
  return 'failure';
}

const Counted = z.object({ value: z.string().nullable(), count: z.number().int().nonnegative() });

/** Counts for the summary panel, always over the current filter. */
export const SignInSummary = z.object({
  total: z.number().int().nonnegative(),
  byStatus: z.record(z.string(), z.number().int()),
  byType: z.record(z.string(), z.number().int()),
  topFailureReasons: z.array(z.object({ errorCode: z.number().int().nullable(), failureReason: z.string().nullable(), count: z.number().int() })),
  topApps: z.array(Counted),
  topUsers: z.array(Counted),
  topIps: z.array(Counted),
  topCountries: z.array(Counted),
  /** Sign-ins per time bucket, stacked by status; `bucket` is the bucket width. */
  overTime: z.object({
    bucket: z.enum(['minute', 'hour', 'day']),
    points: z.array(z.object({ start: IsoTime, success: z.number().int(), failure: z.number().int(), interrupted: z.number().int(), unknown: z.number().int() })),
  }),
});
export type SignInSummary = z.infer<typeof SignInSummary>;

export const ExportFormat = z.enum(['csv', 'json', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;
