// One entity (a user, IP, ASN, application, device or user agent) as SQL over `signins s` and as the
// grid filter that selects the same sign-ins. Values are bound, never spliced into the SQL.
import { SightlineError, type EntityKind, type SignInFilter } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { ipHex } from '../case/ip';
import { hasTable } from './schema';

export type EntitySql = { cond: string; params: Record<string, unknown> };

/** An ASN as people write it: 20473, AS20473, ASN 20473. */
export function parseAsn(text: string): number | null {
  const m = /^\s*(?:asn?\s*)?(\d{1,10})\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 && n <= 4_294_967_295 ? n : null;
}

/** The value as stored: a UPN lower-cased, an ASN as digits, an IP checked; anything else trimmed. */
export function normaliseEntity(kind: EntityKind, value: string): string {
  const v = value.trim();
  if (!v) throw new SightlineError('bad-request', `an entity needs a value`);
  switch (kind) {
    case 'user':
      return v.toLowerCase();
    case 'ip':
      if (!ipHex(v)) throw new SightlineError('bad-request', `not an IP address: "${v}"`);
      return v;
    case 'asn': {
      const n = parseAsn(v);
      if (n === null) throw new SightlineError('bad-request', `not an AS number: "${v}" (e.g. 20473 or AS20473)`);
      return String(n);
    }
    default:
      return v;
  }
}

/** The WHERE condition (over `signins s`) of an entity's sign-ins. */
export function entitySql(db: CaseDb, kind: EntityKind, value: string): EntitySql {
  switch (kind) {
    case 'user':
      return { cond: 's.user_upn = @v', params: { v: value } };
    case 'ip':
      return { cond: 's.ip_hex = @v', params: { v: ipHex(value) } };
    case 'asn':
      // The record's ASN, else the IP database's for its address: what the geo enrichment writes to
      // signin_geo.asn (coalesce(record, ip_info)), looked up by address so the signins_ip index serves it.
      return {
        cond: hasTable(db, 'ip_info') ? '(s.asn = @v OR (s.asn IS NULL AND s.ip IN (SELECT ip FROM ip_info WHERE asn = @v)))' : 's.asn = @v',
        params: { v: Number(value) },
      };
    case 'app':
      // An application id, or its display name exactly.
      return { cond: '(s.app_id = @v OR s.app_name = @v)', params: { v: value } };
    case 'device':
      return { cond: 's.device_id = @v', params: { v: value } };
    case 'user-agent':
      return { cond: 's.user_agent = @v', params: { v: value } };
  }
}

/** The grid filter of an entity (the FILTERS keys); the `user` filter is a substring, so a full UPN selects that user. */
export function entityFilter(kind: EntityKind, value: string): SignInFilter {
  switch (kind) {
    case 'user':
      return { user: value };
    case 'ip':
      return { ip: value };
    case 'asn':
      return { asn: [Number(value)] };
    case 'app':
      return { app: value };
    case 'device':
      return { deviceId: value };
    case 'user-agent':
      return { userAgent: value };
  }
}

/** Two filters ANDed; null when they set one key to different values (no single filter says both). */
export function mergeFilters(a: SignInFilter | null, b: SignInFilter | null): SignInFilter | null {
  if (!a || !b) return null;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k in out && JSON.stringify(out[k]) !== JSON.stringify(v)) return null;
    out[k] = v;
  }
  return out as SignInFilter;
}
