// A canonical sign-in as the row the `signins` table stores: typed columns for filtering, and the
// raw record it was read from (the canonical record itself is re-read from raw when needed). Pure,
// so the parse worker prepares rows and the writer only writes them.
import type { SignIn } from '../../preload/contract';
import { ipHex } from './ip';

export type SignInRow = {
  id: string;
  created_ms: number;
  created_raw: string;
  ingested_ms: number | null;
  type: string;
  outcome: string;
  error_code: number | null;
  user_upn: string | null;
  user_display: string | null;
  user_id: string | null;
  app_name: string | null;
  app_id: string | null;
  resource_name: string | null;
  resource_id: string | null;
  ip: string | null;
  country: string | null;
  state: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  client_app: string | null;
  user_agent: string | null;
  correlation_id: string | null;
  session_id: string | null;
  tenant_id: string | null;
  failure_reason: string | null;
  mfa_result: string | null;
  os: string | null;
  browser: string | null;
  device_id: string | null;
  is_compliant: number | null;
  is_managed: number | null;
  trust_type: string | null;
  auth_requirement: string | null;
  ca_status: string | null;
  risk_during: string | null;
  risk_aggregated: string | null;
  risk_state: string | null;
  risk_events: string | null;
  incoming_token_type: string | null;
  auth_protocol: string | null;
  asn: number | null;
  user_type: string | null;
  cross_tenant: string | null;
  ip_hex: string | null;
  source_format: string;
  raw: string;
  src_evidence: number;
  src_index: number;
  src_line: number;
  /** Only for a record merged from two formats (no single raw record yields it). */
  merged: string | null;
};

export const SIGNIN_COLUMNS = [
  'id', 'created_ms', 'created_raw', 'ingested_ms', 'type', 'outcome', 'error_code', 'user_upn', 'user_display', 'user_id', 'app_name', 'app_id',
  'resource_name', 'resource_id', 'ip', 'country', 'state', 'city', 'latitude', 'longitude', 'client_app', 'user_agent', 'correlation_id',
  'session_id', 'tenant_id', 'failure_reason', 'mfa_result', 'os', 'browser', 'device_id', 'is_compliant', 'is_managed', 'trust_type',
  'auth_requirement', 'ca_status', 'risk_during', 'risk_aggregated', 'risk_state', 'risk_events', 'incoming_token_type', 'auth_protocol',
  'asn', 'user_type', 'cross_tenant', 'ip_hex', 'source_format', 'raw', 'src_evidence', 'src_index', 'src_line', 'merged',
] as const satisfies readonly (keyof SignInRow)[];

export type RowSource = { evidence: number; index: number; line: number };

/** A row as its values in SIGNIN_COLUMNS order: what the parse thread sends and the writer binds. */
export type RowValues = unknown[];

/** Where each column sits in RowValues. */
export const COLUMN_AT = Object.fromEntries(SIGNIN_COLUMNS.map((c, i) => [c, i])) as { readonly [K in keyof SignInRow]: number };

/**
 * The values in SIGNIN_COLUMNS order, for positional binding (measurably faster than named). Spelled
 * out rather than mapped over the names: the parse thread runs it for every row, and the literal
 * takes a third of the time. A test holds it to SIGNIN_COLUMNS.
 */
export function rowValues(r: SignInRow): RowValues {
  return [
    r.id, r.created_ms, r.created_raw, r.ingested_ms, r.type, r.outcome, r.error_code, r.user_upn, r.user_display, r.user_id,
    r.app_name, r.app_id, r.resource_name, r.resource_id, r.ip, r.country, r.state, r.city, r.latitude, r.longitude,
    r.client_app, r.user_agent, r.correlation_id, r.session_id, r.tenant_id, r.failure_reason, r.mfa_result, r.os, r.browser,
    r.device_id, r.is_compliant, r.is_managed, r.trust_type, r.auth_requirement, r.ca_status, r.risk_during, r.risk_aggregated,
    r.risk_state, r.risk_events, r.incoming_token_type, r.auth_protocol, r.asn, r.user_type, r.cross_tenant, r.ip_hex,
    r.source_format, r.raw, r.src_evidence, r.src_index, r.src_line, r.merged,
  ];
}

/** The row back from its values (only the writer's rare paths need the named form). */
export function rowFromValues(values: RowValues): SignInRow {
  return Object.fromEntries(SIGNIN_COLUMNS.map((c, i) => [c, values[i]])) as SignInRow;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const flag = (v: unknown): number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : null);

/** The service principal (or managed identity) a workload sign-in was made by; nulls for user sign-ins. */
export function workloadPrincipal(signIn: SignIn): { name: string | null; id: string | null } {
  if (signIn.type !== 'servicePrincipal' && signIn.type !== 'managedIdentity') return { name: null, id: null };
  const f = signIn as Record<string, unknown>;
  return { name: text(f['servicePrincipalName']), id: text(f['servicePrincipalId']) };
}

/** `signIn` carries no ingestion time (the normalizers keep it apart). */
export function toRow(signIn: SignIn, createdRaw: string, raw: string, ingestedMs: number | null, src: RowSource, merged = false): SignInRow {
  // Only plottable coordinates reach the columns the map and travel math read (never 0,0 or {}).
  const geo = signIn['geo'] as { latitude: number | null; longitude: number | null } | undefined;
  const f = signIn as Record<string, unknown>;
  const d = signIn.deviceDetail;
  const principal = workloadPrincipal(signIn);
  const riskEvents = Array.isArray(f['riskEventTypes_v2']) ? f['riskEventTypes_v2'] : Array.isArray(f['riskEventTypes']) ? f['riskEventTypes'] : null;
  return {
    id: signIn.id,
    created_ms: Date.parse(signIn.createdDateTime),
    created_raw: createdRaw,
    ingested_ms: ingestedMs,
    type: signIn.type,
    outcome: signIn.outcome,
    error_code: signIn.status?.errorCode ?? null,
    // A workload sign-in has no user: its principal stands in ("service principal name or id where
    // there is no UPN"), so the user filter, grouping, entities and detections name it.
    user_upn: (signIn.userPrincipalName ?? principal.name ?? principal.id)?.toLowerCase() ?? null,
    user_display: signIn.userDisplayName ?? principal.name,
    user_id: signIn.userId ?? principal.id,
    app_name: signIn.appDisplayName ?? null,
    app_id: signIn.appId ?? null,
    resource_name: signIn.resourceDisplayName ?? null,
    resource_id: signIn.resourceId ?? null,
    ip: signIn.ipAddress ?? null,
    country: signIn.location?.countryOrRegion ?? null,
    state: signIn.location?.state ?? null,
    city: signIn.location?.city ?? null,
    latitude: geo?.latitude ?? null,
    longitude: geo?.longitude ?? null,
    client_app: signIn.clientAppUsed ?? null,
    user_agent: signIn.userAgent ?? null,
    correlation_id: signIn.correlationId ?? null,
    session_id: text(f['sessionId']),
    tenant_id: signIn.tenantId ?? null,
    failure_reason: signIn.status?.failureReason ?? null,
    mfa_result: signIn.status?.additionalDetails ?? null,
    os: d?.operatingSystem || null,
    browser: d?.browser || null,
    device_id: d?.deviceId || null,
    is_compliant: flag(d?.isCompliant),
    is_managed: flag(d?.isManaged),
    trust_type: d?.trustType || null,
    auth_requirement: signIn.authenticationRequirement ?? null,
    ca_status: signIn.conditionalAccessStatus ?? null,
    risk_during: signIn.riskLevelDuringSignIn ?? null,
    risk_aggregated: signIn.riskLevelAggregated ?? null,
    risk_state: signIn.riskState ?? null,
    risk_events: riskEvents && riskEvents.length ? JSON.stringify(riskEvents) : null,
    incoming_token_type: text(f['incomingTokenType']),
    auth_protocol: text(f['authenticationProtocol']),
    asn: typeof f['autonomousSystemNumber'] === 'number' ? f['autonomousSystemNumber'] : null,
    user_type: text(f['userType']),
    cross_tenant: text(f['crossTenantAccessType']),
    ip_hex: ipHex(signIn.ipAddress),
    source_format: String(signIn['sourceFormat'] ?? ''),
    raw,
    src_evidence: src.evidence,
    src_index: src.index,
    src_line: src.line,
    merged: merged ? JSON.stringify(signIn) : null,
  };
}

/** A sign-in with its ingestion time restored. */
export function withIngested(signIn: SignIn, ingestedMs: number | null): SignIn {
  return ingestedMs === null ? signIn : { ...signIn, ingestedDateTime: new Date(ingestedMs).toISOString() };
}

/** Content equality that ignores key order (a merged record may list keys in another order). */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
