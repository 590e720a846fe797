// A canonical sign-in as the row the `signins` table stores: typed columns for filtering, and the
// raw record it was read from (the canonical record itself is re-read from raw when needed). Pure,
// so the parse worker prepares rows and the writer only writes them.
import type { SignIn } from '../../preload/contract';

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
  tenant_id: string | null;
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
  'tenant_id', 'source_format', 'raw', 'src_evidence', 'src_index', 'src_line', 'merged',
] as const satisfies readonly (keyof SignInRow)[];

export type RowSource = { evidence: number; index: number; line: number };

/** The values in SIGNIN_COLUMNS order, for positional binding (measurably faster than named). */
export function rowValues(row: SignInRow): unknown[] {
  return SIGNIN_COLUMNS.map((c) => row[c]);
}

/** `signIn` carries no ingestion time (the normalizers keep it apart). */
export function toRow(signIn: SignIn, createdRaw: string, raw: string, ingestedMs: number | null, src: RowSource, merged = false): SignInRow {
  // Only plottable coordinates reach the columns the map and travel math read (never 0,0 or {}).
  const geo = signIn['geo'] as { latitude: number | null; longitude: number | null } | undefined;
  return {
    id: signIn.id,
    created_ms: Date.parse(signIn.createdDateTime),
    created_raw: createdRaw,
    ingested_ms: ingestedMs,
    type: signIn.type,
    outcome: signIn.outcome,
    error_code: signIn.status?.errorCode ?? null,
    user_upn: signIn.userPrincipalName?.toLowerCase() ?? null,
    user_display: signIn.userDisplayName ?? null,
    user_id: signIn.userId ?? null,
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
    tenant_id: signIn.tenantId ?? null,
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
