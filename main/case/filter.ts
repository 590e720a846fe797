// A SignInFilter compiled to one parameterised WHERE clause. Values are bound, never spliced into
// the SQL. Each key of the contract's FILTERS list has exactly one clause here.
import type { FilterKey, SignInFilter } from '../../preload/contract';
import { GUID_COLUMNS } from './fts';
import { cidrRange, ipHex } from './ip';

export type CompiledFilter = { where: string; params: Record<string, unknown> };

/** A prefix ending in `.` (whole IPv4 octets) or `:` (whole IPv6 hextets) as the CIDR block it means. */
export function prefixAsCidr(prefix: string): string | null {
  if (/^(\d{1,3}\.){1,3}$/.test(prefix)) {
    const octets = prefix.slice(0, -1).split('.');
    return `${[...octets, ...Array<string>(4 - octets.length).fill('0')].join('.')}/${octets.length * 8}`;
  }
  if (/^([0-9a-f]{1,4}:)+$/i.test(prefix) && !prefix.includes('::')) {
    const hextets = prefix.slice(0, -1).split(':');
    if (hextets.length >= 8) return null;
    return `${hextets.join(':')}::/${hextets.length * 16}`;
  }
  return null;
}

/** Words as an FTS5 query: each a quoted prefix term, all required (no FTS syntax reaches the engine). */
export function ftsQuery(search: string | string[]): string | null {
  const words = (typeof search === 'string' ? search.split(/\s+/) : search).filter(Boolean).map((w) => `"${w.replace(/"/g, '""')}"*`);
  return words.length ? words.join(' AND ') : null;
}

/** A whole GUID or its start (at least the first 8 hex digits), as an analyst pastes an id. */
const GUID_PREFIX = /^[0-9a-f]{8}(-[0-9a-f]{0,4}){0,3}(-[0-9a-f]{0,12})?$/i;
export const isGuidPrefix = (word: string) => GUID_PREFIX.test(word) && word.length <= 36;

/** The half-open range of strings that start with `prefix`: an index serves it, unlike substr or LIKE. */
function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

export function compileFilter(filter: SignInFilter): CompiledFilter {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  let n = 0;
  const bind = (value: unknown) => {
    const name = `p${n++}`;
    params[name] = value;
    return `@${name}`;
  };
  const list = (values: readonly unknown[]) => values.map(bind).join(', ');
  const lowerList = (values: readonly string[]) => list(values.map((v) => v.toLowerCase()));
  /** Case-insensitive membership that a NOCASE index on the column can serve. */
  const nocaseIn = (column: string, values: readonly string[]) => `${column} COLLATE NOCASE IN (${list(values)})`;
  const contains = (column: string, value: string) => `instr(lower(${column}), ${bind(value.toLowerCase())}) > 0`;

  const compilers: { [K in FilterKey]: (v: NonNullable<SignInFilter[K]>) => string } = {
    from: (v) => `created_ms >= ${bind(Date.parse(v))}`,
    to: (v) => `created_ms < ${bind(Date.parse(v))}`,
    // Through the users lookup, so the signins_user index serves it; rows without a UPN are few.
    user: (v) => {
      const p = bind(v.toLowerCase());
      return `(user_upn IN (SELECT upn FROM users WHERE instr(lower(upn), ${p}) > 0 OR instr(lower(display), ${p}) > 0) OR (user_upn IS NULL AND instr(lower(user_display), ${p}) > 0))`;
    },
    userId: (v) => `user_id = ${bind(v)}`,
    app: (v) => `(${contains('app_name', v)} OR app_id = ${bind(v)})`,
    resource: (v) => `(${contains('resource_name', v)} OR resource_id = ${bind(v)})`,
    status: (v) => `outcome IN (${list(v)})`,
    errorCode: (v) => `error_code IN (${list(v)})`,
    failureReason: (v) => contains('failure_reason', v),
    ip: (v) => {
      const value = v.trim();
      const cidr = value.includes('/') ? value : prefixAsCidr(value);
      if (cidr) {
        const range = cidrRange(cidr);
        if (!range) return '0';
        return `ip_hex BETWEEN ${bind(range.low)} AND ${bind(range.high)}`;
      }
      if (value.endsWith('.') || value.endsWith(':')) return `substr(ip, 1, ${bind(value.length)}) = ${bind(value)}`;
      const hex = ipHex(value);
      return hex ? `ip_hex = ${bind(hex)}` : `ip = ${bind(value)}`;
    },
    country: (v) => `country IN (${list(v.map((c) => c.toUpperCase()))})`,
    state: (v) => `lower(state) = ${bind(v.toLowerCase())}`,
    city: (v) => `lower(city) = ${bind(v.toLowerCase())}`,
    clientApp: (v) => nocaseIn('client_app', v),
    os: (v) => contains('os', v),
    browser: (v) => contains('browser', v),
    deviceId: (v) => `device_id = ${bind(v)}`,
    userAgent: (v) => `user_agent = ${bind(v)}`,
    compliant: (v) => `is_compliant = ${bind(v ? 1 : 0)}`,
    managed: (v) => `is_managed = ${bind(v ? 1 : 0)}`,
    joinType: (v) => `lower(trust_type) IN (${lowerList(v)})`,
    authRequirement: (v) => `lower(auth_requirement) IN (${lowerList(v)})`,
    mfa: (v) => contains('mfa_result', v),
    caStatus: (v) => nocaseIn('ca_status', v),
    risk: (v) => {
      const values = lowerList(v);
      return `(lower(risk_during) IN (${values}) OR lower(risk_aggregated) IN (${values}))`;
    },
    riskState: (v) => `lower(risk_state) IN (${lowerList(v)})`,
    riskEventType: (v) => `EXISTS (SELECT 1 FROM json_each(signins.risk_events) WHERE lower(value) IN (${lowerList(v)}))`,
    incomingTokenType: (v) => nocaseIn('incoming_token_type', v),
    authProtocol: (v) => nocaseIn('auth_protocol', v),
    asn: (v) => `asn IN (${list(v)})`,
    userType: (v) => `lower(user_type) IN (${lowerList(v)})`,
    crossTenant: (v) => `lower(cross_tenant) IN (${lowerList(v)})`,
    type: (v) => `type IN (${list(v)})`,
    requestId: (v) => `id = ${bind(v)}`,
    correlationId: (v) => `correlation_id = ${bind(v)}`,
    sessionId: (v) => `session_id = ${bind(v)}`,
    tenant: (v) => `tenant_id IN (${list(v)})`,
    // Words go to the full-text index; an id-shaped word may also be (the start of) one of the ids
    // the full-text index leaves out, found through their own indexes (in either letter case).
    search: (v) => {
      const words = v.split(/\s+/).filter(Boolean);
      const plain = ftsQuery(words.filter((w) => !isGuidPrefix(w)));
      const clauses = plain ? [`pk IN (SELECT rowid FROM signins_fts WHERE signins_fts MATCH ${bind(plain)})`] : [];
      for (const w of words.filter(isGuidPrefix)) {
        // One list of pks, each branch served by its own index (an OR of ranges made the planner scan by time).
        const cases = [...new Set([w.toLowerCase(), w.toUpperCase()])].map(prefixRange);
        const ids = GUID_COLUMNS.flatMap((c) => cases.map(([low, high]) => `SELECT pk FROM signins WHERE ${c} >= ${bind(low)} AND ${c} < ${bind(high)}`));
        clauses.push(`pk IN (SELECT rowid FROM signins_fts WHERE signins_fts MATCH ${bind(ftsQuery([w])!)} UNION ALL ${ids.join(' UNION ALL ')})`);
      }
      return clauses.length ? clauses.join(' AND ') : '1';
    },
    // Annotations (0005): live tags on the sign-in, its user or its IP; tags are stored lower-case.
    tag: (v) => {
      const any = v.includes('*');
      const tags = any ? '' : `AND value IN (${lowerList(v.filter((t) => t !== '*').map((t) => t.trim().replace(/\s+/g, ' ')))})`;
      const tagged = (kind: string) => `SELECT target FROM annotations WHERE target_kind = '${kind}' AND kind = 'tag' ${tags} AND removed_at IS NULL`;
      return `(id IN (${tagged('signin')}) OR user_upn IN (${tagged('user')}) OR ip IN (${tagged('ip')}))`;
    },
    bookmarked: (v) => `${v ? '' : 'NOT '}id IN (SELECT target FROM annotations WHERE target_kind = 'signin' AND kind = 'bookmark' AND value IS NULL AND removed_at IS NULL)`,
    // Findings (0004): the evidence sign-ins of one finding.
    finding: (v) => `pk IN (SELECT signin_pk FROM finding_signins WHERE finding_id = ${bind(v)})`,
  };

  for (const [key, value] of Object.entries(filter) as [FilterKey, unknown][]) {
    if (value === undefined) continue;
    clauses.push((compilers[key] as (v: unknown) => string)(value));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
