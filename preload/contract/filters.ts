// Every sign-in filter, defined once: its key in SignInFilter, its flag (CLI `--flag`, REST
// `?flag=`, UI `filter-<flag>`), its label and how its value reads. UI, CLI and API build their
// controls from this list, so they cannot drift apart.
import { z } from 'zod';

export type FilterKind =
  /** ISO time; `from` is inclusive, `to` exclusive. */
  | 'time'
  /** Case-insensitive substring. */
  | 'text'
  /** One exact value (case-insensitive for names). */
  | 'exact'
  /** A comma list of values; a row matches any of them. */
  | 'list'
  /** A comma list of whole numbers. */
  | 'int-list'
  /** yes/no. */
  | 'bool'
  /** Exact address, a prefix ending in `.` or `:`, or a CIDR block. */
  | 'ip';

export type FilterSpec = { key: string; flag: string; label: string; kind: FilterKind; help: string; values?: readonly string[] };

export const OUTCOMES = ['success', 'failure', 'interrupted', 'unknown'] as const;
export const SIGN_IN_TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown'] as const;

export const FILTERS = [
  { key: 'from', flag: 'from', label: 'From', kind: 'time', help: 'sign-ins at or after this time (ISO, or a date, UTC)' },
  { key: 'to', flag: 'to', label: 'To', kind: 'time', help: 'sign-ins before this time (exclusive)' },
  { key: 'user', flag: 'user', label: 'User', kind: 'text', help: 'part of the UPN or display name' },
  { key: 'userId', flag: 'user-id', label: 'User ID', kind: 'exact', help: 'the user object id' },
  { key: 'app', flag: 'app', label: 'Application', kind: 'text', help: 'part of the application name, or its id' },
  { key: 'resource', flag: 'resource', label: 'Resource', kind: 'text', help: 'part of the resource name, or its id' },
  { key: 'status', flag: 'status', label: 'Status', kind: 'list', help: 'success, failure, interrupted', values: OUTCOMES },
  { key: 'errorCode', flag: 'error-code', label: 'Error code', kind: 'int-list', help: 'sign-in error codes, e.g. 50126,50053' },
  { key: 'failureReason', flag: 'failure-reason', label: 'Failure reason', kind: 'text', help: 'part of the failure reason' },
  { key: 'ip', flag: 'ip', label: 'IP address', kind: 'ip', help: 'an address, a prefix ending in . or :, or a CIDR block (IPv4 or IPv6)' },
  { key: 'country', flag: 'country', label: 'Country', kind: 'list', help: 'two-letter country codes' },
  { key: 'state', flag: 'state', label: 'State', kind: 'exact', help: 'state or region' },
  { key: 'city', flag: 'city', label: 'City', kind: 'exact', help: 'city' },
  { key: 'clientApp', flag: 'client-app', label: 'Client app', kind: 'list', help: 'client apps, e.g. Browser,IMAP4' },
  { key: 'os', flag: 'os', label: 'Operating system', kind: 'text', help: 'part of the operating system' },
  { key: 'browser', flag: 'browser', label: 'Browser', kind: 'text', help: 'part of the browser' },
  { key: 'deviceId', flag: 'device-id', label: 'Device ID', kind: 'exact', help: 'the device id' },
  { key: 'userAgent', flag: 'user-agent', label: 'User agent', kind: 'exact', help: 'the user agent string, exactly' },
  { key: 'compliant', flag: 'compliant', label: 'Compliant', kind: 'bool', help: 'yes or no' },
  { key: 'managed', flag: 'managed', label: 'Managed', kind: 'bool', help: 'yes or no' },
  { key: 'joinType', flag: 'join-type', label: 'Join type', kind: 'list', help: 'device trust types' },
  { key: 'authRequirement', flag: 'auth-requirement', label: 'Authentication requirement', kind: 'list', help: 'singleFactorAuthentication, multiFactorAuthentication' },
  { key: 'mfa', flag: 'mfa', label: 'MFA result', kind: 'text', help: 'part of the MFA result text' },
  { key: 'caStatus', flag: 'ca-status', label: 'Conditional Access', kind: 'list', help: 'success, failure, notApplied' },
  { key: 'risk', flag: 'risk', label: 'Risk level', kind: 'list', help: 'risk level during sign-in or aggregated: none, low, medium, high, hidden' },
  { key: 'riskState', flag: 'risk-state', label: 'Risk state', kind: 'list', help: 'e.g. atRisk, confirmedCompromised, remediated, dismissed' },
  { key: 'riskEventType', flag: 'risk-event-type', label: 'Risk event type', kind: 'list', help: 'e.g. unfamiliarFeatures, anonymizedIPAddress' },
  { key: 'incomingTokenType', flag: 'incoming-token-type', label: 'Incoming token type', kind: 'list', help: 'e.g. primaryRefreshToken, refreshToken' },
  { key: 'authProtocol', flag: 'auth-protocol', label: 'Authentication protocol', kind: 'list', help: 'e.g. deviceCode, ropc, none' },
  { key: 'asn', flag: 'asn', label: 'ASN', kind: 'int-list', help: 'autonomous system numbers' },
  { key: 'userType', flag: 'user-type', label: 'User type', kind: 'list', help: 'member, guest' },
  { key: 'crossTenant', flag: 'cross-tenant', label: 'Cross-tenant access', kind: 'list', help: 'e.g. none, b2bCollaboration' },
  { key: 'type', flag: 'type', label: 'Sign-in type', kind: 'list', help: 'interactiveUser, nonInteractiveUser, servicePrincipal, managedIdentity', values: SIGN_IN_TYPES },
  { key: 'requestId', flag: 'request-id', label: 'Request ID', kind: 'exact', help: 'the sign-in (request) id' },
  { key: 'correlationId', flag: 'correlation-id', label: 'Correlation ID', kind: 'exact', help: 'the correlation id' },
  { key: 'sessionId', flag: 'session-id', label: 'Session ID', kind: 'exact', help: 'the session id' },
  { key: 'tenant', flag: 'tenant', label: 'Tenant', kind: 'list', help: 'tenant ids' },
  { key: 'search', flag: 'search', label: 'Search', kind: 'text', help: 'words anywhere in the text fields (full-text)' },
  // Annotations (the analyst's own): a tag on the sign-in itself, or on its user or its IP.
  { key: 'tag', flag: 'tag', label: 'Tag', kind: 'list', help: 'tagged with any of these tags (on the sign-in, its user or its IP); * for any tag' },
  { key: 'bookmarked', flag: 'bookmarked', label: 'Bookmarked', kind: 'bool', help: 'yes: bookmarked sign-ins only; no: the others' },
  // Findings (0004): the evidence sign-ins of one finding.
  { key: 'finding', flag: 'finding', label: 'Finding', kind: 'exact', help: 'the evidence sign-ins of a finding (its id, from sightline detect)' },
] as const satisfies readonly FilterSpec[];

export type FilterKey = (typeof FILTERS)[number]['key'];

const IsoTimeLoose = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO UTC time with milliseconds');
const nonEmpty = z.string().trim().min(1);

function schemaOf(spec: FilterSpec): z.ZodType {
  switch (spec.kind) {
    case 'time':
      return IsoTimeLoose;
    case 'text':
    case 'exact':
    case 'ip':
      return nonEmpty;
    case 'list':
      return spec.values ? z.array(z.enum(spec.values as unknown as [string, ...string[]])).min(1) : z.array(nonEmpty).min(1);
    case 'int-list':
      return z.array(z.number().int()).min(1);
    case 'bool':
      return z.boolean();
  }
}

export const SignInFilter = z
  .object(Object.fromEntries(FILTERS.map((f) => [f.key, schemaOf(f).optional()])) as Record<FilterKey, z.ZodOptional<z.ZodType>>)
  .strict() as unknown as z.ZodType<SignInFilterValue, SignInFilterValue>;

type ValueOf<K extends FilterSpec['kind']> = K extends 'list' ? string[] : K extends 'int-list' ? number[] : K extends 'bool' ? boolean : string;
export type SignInFilterValue = { [F in (typeof FILTERS)[number] as F['key']]?: F extends { values: readonly string[] } ? F['values'][number][] : ValueOf<F['kind']> };
export type SignInFilter = SignInFilterValue;

export const filterByFlag = new Map<string, FilterSpec>(FILTERS.map((f) => [f.flag, f]));
