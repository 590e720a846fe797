// What the detection modules share: reading parameters, SQL fragments over the indexed columns of
// `signins`, re-reading raw records for the few fields only the raw record carries, counting the
// sign-ins a detection cannot judge, and small text helpers for explanations.
import type { SignIn, SignInType } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { evidenceMeta, materialize, type StoredRecord } from '../case/records';
import type { ParamValue } from './types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// ---- parameters (validated against the specs by ./params.ts before a detection runs) ----

export const num = (p: Record<string, ParamValue>, name: string): number => p[name] as number;
export const bool = (p: Record<string, ParamValue>, name: string): boolean => p[name] as boolean;
export const text = (p: Record<string, ParamValue>, name: string): string => p[name] as string;
export const list = (p: Record<string, ParamValue>, name: string): string[] => p[name] as string[];
/** A list parameter of error codes ("50126") as numbers. */
export const codes = (p: Record<string, ParamValue>, name: string): number[] => list(p, name).map(Number).filter(Number.isInteger);

// ---- SQL ----

/** `?, ?, ?` for n bound values. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** The user key of the reference (detections.md): the lower-cased UPN, else the object id. */
export const USER = `COALESCE(user_upn, lower(user_id))`;

/** The sign-in's ASN: the record's own, else the offline lookup (ip_info, filled by geo enrichment). */
export const ASN = `COALESCE(asn, (SELECT i.asn FROM ip_info i WHERE i.ip = signins.ip))`;

/** hosting | vpn | anonymizer | NULL for the sign-in's address, from the geo enrichment. */
export const NETWORK_KIND = `(SELECT i.network_kind FROM ip_info i WHERE i.ip = signins.ip)`;

export const typeClause = (types: readonly SignInType[]): { sql: string; args: string[] } => ({ sql: `type IN (${marks(types.length)})`, args: [...types] });

/**
 * How many sign-ins of the given types match `condition` on one indexed column (e.g. `auth_protocol IS
 * NULL`). Counted on the column's index, minus the few rows of other types (found through the type
 * index: the unary + keeps the planner off the column's index), so a large case is not scanned.
 */
export function countWhere(db: CaseDb, column: string, test: string, types: readonly SignInType[], args: unknown[] = []): number {
  const all = (db.prepare(`SELECT count(*) AS n FROM signins WHERE ${column} ${test}`).get(...args) as { n: number }).n;
  if (all === 0) return 0;
  const others = (['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown'] as const).filter((t) => !types.includes(t));
  if (others.length === 0) return all;
  const other = (db.prepare(`SELECT count(*) AS n FROM signins WHERE type IN (${marks(others.length)}) AND +${column} ${test}`).get(...others, ...args) as { n: number }).n;
  return all - other;
}

/** How many sign-ins of the given types lack `column` (see countWhere). */
export const countMissing = (db: CaseDb, column: string, types: readonly SignInType[]): number => countWhere(db, column, 'IS NULL', types);

/** The canonical records of some sign-ins (re-read from raw), by pk. */
export async function readRecords(db: CaseDb, pks: number[]): Promise<Map<number, SignIn>> {
  const out = new Map<number, SignIn>();
  const unique = [...new Set(pks)];
  for (let i = 0; i < unique.length; i += 2000) {
    const chunk = unique.slice(i, i + 2000);
    const rows = db.prepare(`SELECT pk, raw, src_evidence, merged, ingested_ms FROM signins WHERE pk IN (${marks(chunk.length)})`).all(...chunk) as (StoredRecord & { pk: number })[];
    const records = await materialize(db, rows);
    rows.forEach((r, k) => out.set(r.pk, records[k]!));
  }
  return out;
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * One field of many sign-ins straight from their raw records, by any of its names in the sources
 * (Graph / LA JSON keys, or CSV headers such as the portal's "Credential key id"): a CSV row's cell under
 * its file's header, a JSON record's top-level (or Azure Monitor `properties`) key. Far cheaper than
 * re-reading whole records; records whose source names the field otherwise are re-read in full.
 */
export async function rawField(db: CaseDb, pks: number[], names: string[]): Promise<Map<number, string | null>> {
  const wanted = new Set(names.map(squash));
  const out = new Map<number, string | null>();
  const slow: number[] = [];
  const cellIndex = new Map<number, number | null>();
  const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
  const unique = [...new Set(pks)];
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    const rows = db.prepare(`SELECT pk, raw, src_evidence AS evidence, merged FROM signins WHERE pk IN (${marks(chunk.length)})`).all(...chunk) as { pk: number; raw: string; evidence: number; merged: string | null }[];
    for (const r of rows) {
      const record = r.merged ?? r.raw;
      const columns = r.merged ? null : evidenceMeta(db, r.evidence).columns;
      if (columns) {
        if (!cellIndex.has(r.evidence)) {
          const at = columns.findIndex((c) => wanted.has(squash(c)));
          cellIndex.set(r.evidence, at === -1 ? null : at);
        }
        const at = cellIndex.get(r.evidence)!;
        if (at === null) slow.push(r.pk);
        else out.set(r.pk, text((JSON.parse(record) as string[])[at]) || null);
        continue;
      }
      const o = JSON.parse(record) as Record<string, unknown>;
      const scopes = [o, o['properties'] && typeof o['properties'] === 'object' ? (o['properties'] as Record<string, unknown>) : {}];
      const key = scopes.flatMap((x) => Object.keys(x).filter((k) => wanted.has(squash(k))).map((k) => x[k]));
      if (key.length) out.set(r.pk, text(key[0]) || null);
      else slow.push(r.pk);
    }
  }
  if (slow.length) {
    const records = await readRecords(db, slow);
    for (const pk of slow) {
      const rec = records.get(pk) as Record<string, unknown> | undefined;
      const key = rec ? Object.keys(rec).find((k) => wanted.has(squash(k))) : undefined;
      out.set(pk, key ? text(rec![key]) || null : null);
    }
  }
  return out;
}

/** authenticationDetails[].authenticationStepResultDetail of a canonical record (any source's casing). */
export function stepResults(signIn: SignIn | undefined): string[] {
  if (!signIn) return [];
  const f = signIn as Record<string, unknown>;
  let steps = f['authenticationDetails'] ?? f['AuthenticationDetails'];
  if (typeof steps === 'string') {
    try {
      steps = JSON.parse(steps);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(steps)) return [];
  return steps
    .map((s) => (s && typeof s === 'object' ? (s as Record<string, unknown>)['authenticationStepResultDetail'] : null))
    .filter((s): s is string => typeof s === 'string');
}

/**
 * Whether a user's other sign-ins (not from the `exclude` apps) used an address: the user's own network.
 * Looked up around the time first (the user index, a few rows), then over the whole case; cached.
 */
export function userAddressBook(db: CaseDb, exclude: string[], successOnly = false): (user: string, ip: string, t: number) => boolean {
  const apps = exclude.length ? exclude : [''];
  const cond = `+ip = ? AND (app_id IS NULL OR app_id NOT IN (${marks(apps.length)}))${successOnly ? ' AND +error_code = 0' : ''}`;
  const near = db.prepare(`SELECT 1 FROM signins WHERE user_upn = ? AND created_ms BETWEEN ? AND ? AND ${cond} LIMIT 1`);
  const ever = db.prepare(`SELECT 1 FROM signins WHERE user_upn = ? AND ${cond} LIMIT 1`);
  const known = new Map<string, boolean>();
  return (user, ip, t) => {
    const key = `${user}\u0000${ip}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const found = near.get(user, t - DAY, t + DAY, ip, ...apps) !== undefined || ever.get(user, ip, ...apps) !== undefined;
    known.set(key, found);
    return found;
  };
}

// ---- grouping ----

export type Timed = { t: number };

/**
 * Clusters of events (sorted by time) where a window of `windowMs` starting at an event satisfies
 * `hit`. A hit window is extended while the next window starting inside it also hits, so one burst
 * makes one cluster; events after it start afresh. Sliding windows catch a burst that a fixed bin
 * boundary would cut in two.
 */
export function slidingClusters<T extends Timed>(events: T[], windowMs: number, hit: (window: T[]) => boolean): T[][] {
  const out: T[][] = [];
  let i = 0;
  while (i < events.length) {
    let j = i;
    while (j + 1 < events.length && events[j + 1]!.t - events[i]!.t < windowMs) j++;
    const window = events.slice(i, j + 1);
    if (!hit(window)) {
      i++;
      continue;
    }
    // Grow while a window starting at a later event of the cluster still hits.
    let end = j;
    for (let k = i + 1; k <= end; k++) {
      let m = end;
      while (m + 1 < events.length && events[m + 1]!.t - events[k]!.t < windowMs) m++;
      if (m > end && hit(events.slice(k, m + 1))) end = m;
    }
    out.push(events.slice(i, end + 1));
    i = end + 1;
  }
  return out;
}

export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Runs of time-sorted events no further apart than `gapMs`. */
export function bursts<T extends Timed>(events: T[], gapMs: number): T[][] {
  const out: T[][] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && e.t - last.at(-1)!.t <= gapMs) last.push(e);
    else out.push([e]);
  }
  return out;
}

export const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];
export const defined = <T>(xs: Iterable<T | null | undefined>): T[] => [...xs].filter((x): x is T => x !== null && x !== undefined && x !== '');

// ---- text ----

export const iso = (ms: number): string => new Date(ms).toISOString();

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** "a, b and 3 more" for explanations. */
export function listText(items: string[], max = 3): string {
  if (items.length <= max) return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function minutes(ms: number): string {
  const m = Math.round(ms / MINUTE);
  return m < 120 ? plural(m, 'minute') : plural(Math.round(m / 60), 'hour');
}

/** The network block the success-then-fail rule compares: the first two octets (IPv4) or hextets (IPv6). */
export function ipBlock(ip: string): string {
  if (ip.includes(':')) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return ipBlock(mapped[1]!);
    return ip.toLowerCase().split(':').slice(0, 2).join(':');
  }
  return ip.split('.').slice(0, 2).join('.');
}
