// Every canonical sign-in field as a grid column: where its value lives in the nested Graph-beta
// shape, how it reads as text, which SortField (if any) sorts it in SQL, and which filter a cell's
// value can narrow to. The grid, the column chooser and copy all read this one list.
import type { FilterKey, SignIn, SortField } from '../../../preload/contract';
import { CA_LABELS, OUTCOME_LABELS, TYPE_LABELS } from '../../filterModel';
import { annotationsOf } from '../annotations/gridAnnotations';
import { locationText } from '../../format';
import { formatTime, zoneShort, type TimeZoneMode } from '../../time';

export type ColumnKind = 'text' | 'mono' | 'num' | 'time' | 'status' | 'risk' | 'ca' | 'bool';

export type ColumnSpec = {
  id: string;
  header: string;
  group: string;
  kind: ColumnKind;
  /** The raw value (text, number, boolean, list or object). */
  get(s: SignIn): unknown;
  sort?: SortField;
  /** Shown by default, in this order (the portal's default columns). */
  default?: boolean;
  width?: number;
  /** The filter a value of this column narrows to ("Filter to this value"). */
  filter?: { key: FilterKey; value(s: SignIn): unknown };
};

type Rec = Record<string, unknown>;
const at = (s: SignIn, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined), s);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asList = (v: string | undefined) => (v ? [v] : undefined);

function col(id: string, header: string, group: string, kind: ColumnKind, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { id, header, group, kind, get: (s) => at(s, id), ...extra };
}

/** Summaries of the array-valued fields, for a grid cell (the details pane shows them in full). */
function stepsText(v: unknown): string {
  if (!Array.isArray(v)) return '';
  return v
    .map((st: Rec) => `${String(st['authenticationMethod'] ?? '?')}${st['succeeded'] === true ? ' ✓' : st['succeeded'] === false ? ' ✗' : ''}`)
    .join(' → ');
}
function policiesText(v: unknown): string {
  if (!Array.isArray(v)) return '';
  const counts = new Map<string, number>();
  for (const p of v as Rec[]) counts.set(String(p['result'] ?? 'unknown'), (counts.get(String(p['result'] ?? 'unknown')) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).join(', ');
}
function pairsText(v: unknown): string {
  if (!Array.isArray(v)) return '';
  return (v as Rec[]).map((p) => `${String(p['key'] ?? '')}=${String(p['value'] ?? '')}`).join('; ');
}

export const COLUMNS: ColumnSpec[] = [
  // The portal's default columns, in its order.
  { id: 'createdDateTime', header: 'Date', group: 'Sign-in', kind: 'time', get: (s) => s.createdDateTime, sort: 'createdDateTime', default: true, width: 200 },
  {
    id: 'userPrincipalName', header: 'User', group: 'User', kind: 'text', default: true, width: 240, sort: 'userPrincipalName',
    get: (s) => s.userPrincipalName ?? s.userDisplayName ?? at(s, 'servicePrincipalName'),
    filter: { key: 'user', value: (s) => str(s.userPrincipalName) ?? str(s.userDisplayName) },
  },
  col('appDisplayName', 'Application', 'Application', 'text', { sort: 'appDisplayName', default: true, width: 200, filter: { key: 'app', value: (s) => str(s.appDisplayName) ?? str(s.appId) } }),
  { id: 'outcome', header: 'Status', group: 'Status', kind: 'status', get: (s) => s.outcome, sort: 'outcome', default: true, width: 160, filter: { key: 'status', value: (s) => [s.outcome] } },
  col('ipAddress', 'IP address', 'Network', 'mono', { sort: 'ipAddress', default: true, width: 160, filter: { key: 'ip', value: (s) => str(s.ipAddress) } }),
  { id: 'location', header: 'Location', group: 'Network', kind: 'text', get: (s) => locationText(s), sort: 'country', default: true, width: 200, filter: { key: 'country', value: (s) => asList(str(s.location?.countryOrRegion)) } },
  col('clientAppUsed', 'Client app', 'Client', 'text', { sort: 'clientAppUsed', default: true, width: 170, filter: { key: 'clientApp', value: (s) => asList(str(s.clientAppUsed)) } }),
  col('authenticationRequirement', 'Authentication requirement', 'Authentication', 'text', { default: true, width: 200, filter: { key: 'authRequirement', value: (s) => asList(str(s.authenticationRequirement)) } }),
  col('status.additionalDetails', 'MFA result', 'Authentication', 'text', { default: true, width: 220 }),
  col('conditionalAccessStatus', 'Conditional Access', 'Conditional Access', 'ca', { sort: 'conditionalAccessStatus', default: true, width: 150, filter: { key: 'caStatus', value: (s) => asList(str(s.conditionalAccessStatus)) } }),
  col('riskLevelDuringSignIn', 'Risk', 'Risk', 'risk', { sort: 'riskLevelDuringSignIn', default: true, width: 110, filter: { key: 'risk', value: (s) => asList(str(s.riskLevelDuringSignIn)) } }),

  // The analyst's annotations (features/annotations: fetched beside each page of rows).
  {
    id: 'annotations.tags', header: 'Tags', group: 'Annotations', kind: 'text', default: true, width: 170,
    get: (s) => annotationsOf(s)?.tags,
    filter: { key: 'tag', value: (s) => (annotationsOf(s)?.tags.length ? annotationsOf(s)!.tags : undefined) },
  },
  {
    id: 'annotations.note', header: 'Note', group: 'Annotations', kind: 'text', default: true, width: 220,
    get: (s) => {
      const notes = annotationsOf(s)?.notes ?? [];
      return notes.length ? `${notes[0]!.text}${notes.length > 1 ? ` (+${notes.length - 1} more)` : ''}` : undefined;
    },
  },
  {
    id: 'annotations.bookmark', header: 'Bookmark', group: 'Annotations', kind: 'text', default: true, width: 100,
    get: (s) => (annotationsOf(s)?.bookmarked ? '★ Bookmarked' : undefined),
    filter: { key: 'bookmarked', value: (s) => (annotationsOf(s)?.bookmarked ? true : undefined) },
  },

  // Sign-in and ids
  col('id', 'Request ID', 'Sign-in', 'mono', { width: 290, filter: { key: 'requestId', value: (s) => str(s.id) } }),
  col('correlationId', 'Correlation ID', 'Sign-in', 'mono', { width: 290, filter: { key: 'correlationId', value: (s) => str(s.correlationId) } }),
  col('sessionId', 'Session ID', 'Sign-in', 'mono', { width: 290, filter: { key: 'sessionId', value: (s) => str(at(s, 'sessionId')) } }),
  col('originalRequestId', 'Original request ID', 'Sign-in', 'mono', { width: 290 }),
  col('uniqueTokenIdentifier', 'Unique token identifier', 'Sign-in', 'mono', { width: 220 }),
  { id: 'type', header: 'Sign-in type', group: 'Sign-in', kind: 'text', get: (s) => TYPE_LABELS[s.type] ?? s.type, sort: 'type', width: 150, filter: { key: 'type', value: (s) => [s.type] } },
  col('isInteractive', 'Interactive', 'Sign-in', 'bool', { width: 100 }),
  col('signInEventTypes', 'Sign-in event types', 'Sign-in', 'text', { width: 180 }),
  col('sourceFormat', 'Source format', 'Sign-in', 'text', { width: 130 }),
  { id: 'ingestedDateTime', header: 'Ingested', group: 'Sign-in', kind: 'time', get: (s) => at(s, 'ingestedDateTime'), width: 200 },
  col('processingTimeInMilliseconds', 'Latency (ms)', 'Sign-in', 'num', { width: 110 }),
  col('flaggedForReview', 'Flagged for review', 'Sign-in', 'bool', { width: 130 }),
  col('tenantId', 'Tenant ID', 'Sign-in', 'mono', { width: 290, filter: { key: 'tenant', value: (s) => asList(str(s.tenantId)) } }),

  // User
  col('userDisplayName', 'User display name', 'User', 'text', { sort: 'userDisplayName', width: 180, filter: { key: 'user', value: (s) => str(s.userDisplayName) } }),
  col('userId', 'User ID', 'User', 'mono', { width: 290, filter: { key: 'userId', value: (s) => str(s.userId) } }),
  col('userType', 'User type', 'User', 'text', { width: 100, filter: { key: 'userType', value: (s) => asList(str(at(s, 'userType'))) } }),
  col('signInIdentifier', 'Sign-in identifier', 'User', 'text', { width: 220 }),
  col('signInIdentifierType', 'Sign-in identifier type', 'User', 'text', { width: 160 }),
  col('homeTenantId', 'Home tenant ID', 'User', 'mono', { width: 290 }),
  col('homeTenantName', 'Home tenant name', 'User', 'text', { width: 160 }),
  col('crossTenantAccessType', 'Cross tenant access type', 'User', 'text', { width: 170, filter: { key: 'crossTenant', value: (s) => asList(str(at(s, 'crossTenantAccessType'))) } }),

  // Application and resource
  col('appId', 'Application ID', 'Application', 'mono', { width: 290, filter: { key: 'app', value: (s) => str(s.appId) } }),
  col('appOwnerTenantId', 'App owner tenant ID', 'Application', 'mono', { width: 290 }),
  col('resourceDisplayName', 'Resource', 'Application', 'text', { sort: 'resourceDisplayName', width: 200, filter: { key: 'resource', value: (s) => str(s.resourceDisplayName) ?? str(s.resourceId) } }),
  col('resourceId', 'Resource ID', 'Application', 'mono', { width: 290, filter: { key: 'resource', value: (s) => str(s.resourceId) } }),
  col('resourceTenantId', 'Resource tenant ID', 'Application', 'mono', { width: 290 }),
  col('resourceOwnerTenantId', 'Resource owner tenant ID', 'Application', 'mono', { width: 290 }),
  col('resourceServicePrincipalId', 'Resource service principal ID', 'Application', 'mono', { width: 290 }),
  col('servicePrincipalId', 'Service principal ID', 'Service principal', 'mono', { width: 290 }),
  col('servicePrincipalName', 'Service principal name', 'Service principal', 'text', { width: 200 }),
  col('servicePrincipalCredentialKeyId', 'Credential key ID', 'Service principal', 'mono', { width: 290 }),
  col('servicePrincipalCredentialThumbprint', 'Credential thumbprint', 'Service principal', 'mono', { width: 290 }),
  col('clientCredentialType', 'Client credential type', 'Service principal', 'text', { width: 160 }),
  col('managedServiceIdentity.msiType', 'Managed identity type', 'Service principal', 'text', { width: 160 }),
  col('managedServiceIdentity.associatedResourceId', 'Associated resource ID', 'Service principal', 'mono', { width: 290 }),
  col('managedServiceIdentity.federatedTokenId', 'Federated token ID', 'Service principal', 'mono', { width: 220 }),
  col('managedServiceIdentity.federatedTokenIssuer', 'Federated token issuer', 'Service principal', 'text', { width: 220 }),
  col('agent.agentType', 'Agent type', 'Service principal', 'text', { width: 140 }),

  // Status
  col('status.errorCode', 'Sign-in error code', 'Status', 'num', { sort: 'errorCode', width: 140, filter: { key: 'errorCode', value: (s) => (typeof s.status?.errorCode === 'number' ? [s.status.errorCode] : undefined) } }),
  col('status.failureReason', 'Failure reason', 'Status', 'text', { width: 280, filter: { key: 'failureReason', value: (s) => str(s.status?.failureReason) } }),

  // Network and location
  col('ipAddressFromResourceProvider', 'IP address (seen by resource)', 'Network', 'mono', { width: 170 }),
  col('autonomousSystemNumber', 'ASN', 'Network', 'num', { width: 90, filter: { key: 'asn', value: (s) => (typeof at(s, 'autonomousSystemNumber') === 'number' ? [at(s, 'autonomousSystemNumber')] : undefined) } }),
  col('location.city', 'City', 'Network', 'text', { sort: 'city', width: 140, filter: { key: 'city', value: (s) => str(s.location?.city) } }),
  col('location.state', 'State', 'Network', 'text', { width: 140, filter: { key: 'state', value: (s) => str(s.location?.state) } }),
  col('location.countryOrRegion', 'Country', 'Network', 'text', { sort: 'country', width: 90, filter: { key: 'country', value: (s) => asList(str(s.location?.countryOrRegion)) } }),
  col('location.geoCoordinates.latitude', 'Latitude', 'Network', 'num', { width: 100 }),
  col('location.geoCoordinates.longitude', 'Longitude', 'Network', 'num', { width: 100 }),
  col('isThroughGlobalSecureAccess', 'Through Global Secure Access', 'Network', 'bool', { width: 120 }),
  col('globalSecureAccessIpAddress', 'Global Secure Access IP address', 'Network', 'mono', { width: 170 }),
  { id: 'networkLocationDetails', header: 'Network location details', group: 'Network', kind: 'text', get: (s) => at(s, 'networkLocationDetails'), width: 220 },

  // Client and device
  col('userAgent', 'User agent', 'Client', 'text', { width: 320, filter: { key: 'userAgent', value: (s) => str(s.userAgent) } }),
  col('deviceDetail.deviceId', 'Device ID', 'Device', 'mono', { width: 290, filter: { key: 'deviceId', value: (s) => str(s.deviceDetail?.deviceId) } }),
  col('deviceDetail.displayName', 'Device name', 'Device', 'text', { width: 160 }),
  col('deviceDetail.operatingSystem', 'Operating system', 'Device', 'text', { sort: 'operatingSystem', width: 140, filter: { key: 'os', value: (s) => str(s.deviceDetail?.operatingSystem) } }),
  col('deviceDetail.browser', 'Browser', 'Device', 'text', { sort: 'browser', width: 150, filter: { key: 'browser', value: (s) => str(s.deviceDetail?.browser) } }),
  col('deviceDetail.isCompliant', 'Compliant', 'Device', 'bool', { width: 100, filter: { key: 'compliant', value: (s) => (typeof s.deviceDetail?.isCompliant === 'boolean' ? s.deviceDetail.isCompliant : undefined) } }),
  col('deviceDetail.isManaged', 'Managed', 'Device', 'bool', { width: 100, filter: { key: 'managed', value: (s) => (typeof s.deviceDetail?.isManaged === 'boolean' ? s.deviceDetail.isManaged : undefined) } }),
  col('deviceDetail.trustType', 'Join type', 'Device', 'text', { width: 160, filter: { key: 'joinType', value: (s) => asList(str(s.deviceDetail?.trustType)) } }),

  // Authentication
  col('authenticationProtocol', 'Authentication protocol', 'Authentication', 'text', { width: 170, filter: { key: 'authProtocol', value: (s) => asList(str(at(s, 'authenticationProtocol'))) } }),
  col('incomingTokenType', 'Incoming token type', 'Authentication', 'text', { width: 170, filter: { key: 'incomingTokenType', value: (s) => asList(str(at(s, 'incomingTokenType'))) } }),
  col('originalTransferMethod', 'Original transfer method', 'Authentication', 'text', { width: 170 }),
  col('authenticationMethodsUsed', 'Authentication methods used', 'Authentication', 'text', { width: 200 }),
  { id: 'authenticationDetails', header: 'Authentication steps', group: 'Authentication', kind: 'text', get: (s) => stepsText(at(s, 'authenticationDetails')), width: 260 },
  col('mfaDetail.authMethod', 'MFA auth method', 'Authentication', 'text', { width: 180 }),
  col('mfaDetail.authDetail', 'MFA auth detail', 'Authentication', 'text', { width: 160 }),
  { id: 'authenticationProcessingDetails', header: 'Authentication processing details', group: 'Authentication', kind: 'text', get: (s) => pairsText(at(s, 'authenticationProcessingDetails')), width: 260 },
  { id: 'authenticationRequirementPolicies', header: 'Authentication requirement policies', group: 'Authentication', kind: 'text', get: (s) => ((at(s, 'authenticationRequirementPolicies') as Rec[] | undefined) ?? []).map((p) => String(p['detail'] ?? p['requirementProvider'] ?? '')).join(', '), width: 220 },
  col('tokenIssuerType', 'Token issuer type', 'Authentication', 'text', { width: 140 }),
  col('tokenIssuerName', 'Token issuer name', 'Authentication', 'text', { width: 160 }),
  col('tokenProtectionStatusDetails.signInSessionStatus', 'Token protection - sign-in session', 'Authentication', 'text', { width: 200 }),
  col('tokenProtectionStatusDetails.signInSessionStatusCode', 'Token protection - status code', 'Authentication', 'num', { width: 170 }),

  // Conditional Access
  { id: 'appliedConditionalAccessPolicies', header: 'Conditional Access policies', group: 'Conditional Access', kind: 'text', get: (s) => policiesText(at(s, 'appliedConditionalAccessPolicies')), width: 240 },
  { id: 'sessionLifetimePolicies', header: 'Session lifetime policies', group: 'Conditional Access', kind: 'text', get: (s) => ((at(s, 'sessionLifetimePolicies') as Rec[] | undefined) ?? []).map((p) => String(p['expirationRequirement'] ?? '')).join(', '), width: 200 },
  col('isTenantRestricted', 'Tenant restricted', 'Conditional Access', 'bool', { width: 120 }),

  // Risk
  col('riskLevelAggregated', 'Aggregated risk level', 'Risk', 'risk', { width: 150, filter: { key: 'risk', value: (s) => asList(str(s.riskLevelAggregated)) } }),
  col('riskState', 'Risk state', 'Risk', 'text', { width: 140, filter: { key: 'riskState', value: (s) => asList(str(s.riskState)) } }),
  col('riskDetail', 'Risk detail', 'Risk', 'text', { width: 200 }),
  { id: 'riskEventTypes_v2', header: 'Risk event types', group: 'Risk', kind: 'text', get: (s) => at(s, 'riskEventTypes_v2') ?? at(s, 'riskEventTypes'), width: 200 },
];

export const columnById = new Map(COLUMNS.map((c) => [c.id, c]));
export const DEFAULT_COLUMN_IDS = COLUMNS.filter((c) => c.default).map((c) => c.id);

export function headerOf(c: ColumnSpec, tz: TimeZoneMode): string {
  return c.kind === 'time' ? `${c.header} (${zoneShort(tz)})` : c.header;
}

/** A value as the text a cell shows (and copy copies). Never HTML: the grid renders it as text. */
export function displayText(c: ColumnSpec, s: SignIn, tz: TimeZoneMode): string {
  const v = c.get(s);
  if (v === undefined || v === null || v === '') return '';
  switch (c.kind) {
    case 'time':
      return formatTime(String(v), tz);
    case 'status':
      return `${OUTCOME_LABELS[String(v)] ?? String(v)}${typeof s.status?.errorCode === 'number' && s.status.errorCode !== 0 ? ` ${s.status.errorCode}` : ''}`;
    case 'ca':
      return CA_LABELS[String(v)] ?? String(v);
    case 'bool':
      return v === true ? 'Yes' : v === false ? 'No' : String(v);
  }
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
