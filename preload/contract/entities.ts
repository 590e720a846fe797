// Entities and scope: the profile of a user, IP, ASN, application, device or user agent, and the
// scope of a compromise (every account that touched any of the analyst's indicators). Spread into
// channels.ts as `...entityChannels`.
import { z } from 'zod';
import { IsoTime } from './domain';
import { SignInFilter } from './filters';

/** The kinds of entity with a profile; the CLI's names (`sightline entity <case> KIND VALUE`). */
export const EntityKind = z.enum(['user', 'ip', 'asn', 'app', 'device', 'user-agent']);
export type EntityKind = z.infer<typeof EntityKind>;
export const ENTITY_KINDS = EntityKind.options;

/** What a profile lists as related: the entity kinds plus the country (which has no profile of its own). */
export const RelatedKind = z.enum(['user', 'ip', 'country', 'asn', 'app', 'device', 'user-agent']);
export type RelatedKind = z.infer<typeof RelatedKind>;

export const EntityRef = z.object({ kind: EntityKind, value: z.string().trim().min(1).max(4096) }).strict();
export type EntityRef = z.infer<typeof EntityRef>;

const Count = z.number().int().nonnegative();

export const StatusCounts = z.object({ success: Count, failure: Count, interrupted: Count, unknown: Count });
export type StatusCounts = z.infer<typeof StatusCounts>;

/**
 * How a value sits in a user's baseline: its share of the user's successful sign-ins over the case,
 * when it first succeeded, `rare` below the rare share, `isNew` when it first succeeded after the
 * user's warm-up (their first days in the case), i.e. it was not part of what they did before.
 */
export const BaselineMark = z.object({
  share: z.number().min(0).max(1),
  successes: Count,
  firstSuccess: IsoTime.nullable(),
  status: z.enum(['normal', 'rare', 'none']),
  isNew: z.boolean(),
});
export type BaselineMark = z.infer<typeof BaselineMark>;

export const RelatedItem = z.object({
  /** The value as stored (lower-cased UPN, IP, ASN as text, app id, device id, user agent, country code). */
  value: z.string(),
  /** A readable name where the value is an id (the app's or service principal's name, a user's display name). */
  label: z.string().nullable(),
  /** The profile this item opens, if it has one. */
  entity: EntityRef.nullable(),
  total: Count,
  byStatus: StatusCounts,
  first: IsoTime,
  last: IsoTime,
  /** The grid filter selecting these sign-ins (the entity's and this item's); null when no filter can express it. */
  filter: SignInFilter.nullable(),
  /** Users' profiles only: this value against the user's baseline. */
  baseline: BaselineMark.nullable(),
});
export type RelatedItem = z.infer<typeof RelatedItem>;

export const RelatedGroup = z.object({
  kind: RelatedKind,
  title: z.string(),
  /** How many distinct values there are; `items` holds the busiest of them. */
  distinct: Count,
  items: z.array(RelatedItem),
});
export type RelatedGroup = z.infer<typeof RelatedGroup>;

export const EntityFinding = z.object({
  id: z.string(),
  detection: z.string().nullable(),
  title: z.string().nullable(),
  severity: z.string().nullable(),
  triage: z.string().nullable(),
  start: IsoTime.nullable(),
  end: IsoTime.nullable(),
});

export const EntityAnnotation = z.object({ kind: z.string(), value: z.string().nullable(), analyst: z.string().nullable(), createdAt: z.string().nullable() });

export const ActivityPoint = z.object({ start: IsoTime, success: Count, failure: Count, interrupted: Count, unknown: Count });

export const EntityProfile = z.object({
  kind: EntityKind,
  /** The value normalised (lower-cased UPN, the ASN as digits ...). */
  value: z.string(),
  label: z.string().nullable(),
  /** The grid filter selecting this entity's sign-ins; null when no filter can express it. */
  filter: SignInFilter.nullable(),
  total: Count,
  first: IsoTime.nullable(),
  last: IsoTime.nullable(),
  byStatus: StatusCounts,
  byType: z.record(z.string(), Count),
  related: z.array(RelatedGroup),
  /** Users only: what the baseline was built from. */
  baseline: z
    .object({
      successes: Count,
      /** Values first seen before this time are the user's established ones (never `isNew`). */
      warmupEnd: IsoTime.nullable(),
      rareShare: z.number(),
    })
    .nullable(),
  /** null when the case has no findings table yet (detections not run in this build). */
  findings: z.array(EntityFinding).nullable(),
  /** Tags and notes on this entity; null when the case has no annotations table. */
  annotations: z.array(EntityAnnotation).nullable(),
  activity: z.object({ bucket: z.enum(['minute', 'hour', 'day']), points: z.array(ActivityPoint) }),
  /** Plain-language caveats (e.g. where an ASN came from). */
  notes: z.array(z.string()),
});
export type EntityProfile = z.infer<typeof EntityProfile>;

/** Indicator kinds; `ip` takes an address, a CIDR block (IPv4 or IPv6) or a prefix ending in `.` or `:`. */
export const IndicatorKind = z.enum(['ip', 'asn', 'user-agent', 'device-id', 'session-id']);
export type IndicatorKind = z.infer<typeof IndicatorKind>;

export const Indicator = z.object({ kind: IndicatorKind, value: z.string().trim().min(1).max(4096) }).strict();
export type Indicator = z.infer<typeof Indicator>;

export const ParsedIndicators = z.object({
  indicators: z.array(Indicator),
  /** Pieces of the pasted text that are not indicators, with why. */
  rejected: z.array(z.object({ text: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
});
export type ParsedIndicators = z.infer<typeof ParsedIndicators>;

export const ScopeMatch = z.object({
  /** The sign-in attribute that matched. */
  kind: IndicatorKind,
  /** The sign-in's value (the address, for a CIDR indicator). */
  value: z.string(),
  /** The indicator as entered. */
  indicator: z.string(),
  /** The grid filter for this account's sign-ins with this value. */
  filter: SignInFilter.nullable(),
});

export const ScopeAccount = z.object({
  /** The lower-cased UPN (a workload identity's lower-cased service principal name, as the import writes it). */
  user: z.string(),
  /** The display name (a service principal's name as written). */
  label: z.string().nullable(),
  kind: z.enum(['user', 'servicePrincipal', 'managedIdentity']),
  /** The profile this account opens. */
  entity: EntityRef.nullable(),
  successes: Count,
  failures: Count,
  interrupted: Count,
  first: IsoTime,
  last: IsoTime,
  matched: z.array(ScopeMatch),
});
export type ScopeAccount = z.infer<typeof ScopeAccount>;

export const ScopeResult = z.object({
  at: IsoTime,
  indicators: z.array(Indicator.extend({ signIns: Count, accounts: Count })),
  /** Sorted by successes (most first), then last time (newest first). */
  accounts: z.array(ScopeAccount),
});
export type ScopeResult = z.infer<typeof ScopeResult>;

const Indicators = z.object({ indicators: z.array(Indicator).min(1).max(5000) }).strict();
export const ScopeExportFormat = z.enum(['csv', 'json']);

/** The tag presets of the case (0005_case.sql); tagging scope matches writes one of them. */
export const ScopeTag = z.enum(['suspicious', 'compromised', 'benign', 'attacker-infrastructure']);
export type ScopeTag = z.infer<typeof ScopeTag>;

export const entityChannels = {
  'entities.profile': { input: EntityRef, output: EntityProfile },
  /** Pasted text -> indicators, kinds detected where unambiguous (GUIDs are looked up in the case). */
  'scope.parse': { input: z.object({ text: z.string().max(1_000_000) }).strict(), output: ParsedIndicators },
  /** IPs tagged attacker-infrastructure, as indicators (empty without annotations). */
  'scope.fromTags': { input: z.object({}).strict().default({}), output: z.object({ indicators: z.array(Indicator), available: z.boolean() }) },
  /** Every account that touched any indicator; recorded on the audit trail as `scope`. */
  'scope.run': { input: Indicators, output: ScopeResult },
  /** Tags every matched account (and the matched IPs as attacker-infrastructure). */
  'scope.tag': { input: Indicators.extend({ tag: ScopeTag.default('compromised') }).strict(), output: z.object({ accounts: Count, ips: Count }) },
  /** Stores the scope result for the report under the `report.scope` setting. */
  'scope.addToReport': { input: Indicators, output: z.object({ key: z.string(), accounts: Count }) },
  /** The indicators and their matches as CSV or JSON text (web mode downloads it). */
  'scope.export': { input: Indicators.extend({ format: ScopeExportFormat }).strict(), output: z.object({ name: z.string(), mime: z.string(), content: z.string(), accounts: Count }) },
  /** Native save dialog (Electron only), then the file is written by main. Null when cancelled. */
  'scope.exportDialog': { input: Indicators.extend({ format: ScopeExportFormat }).strict(), output: z.object({ path: z.string(), accounts: Count }).nullable() },
} as const;
