// Scope of a compromise: every account that touched any of the indicators (IPs, CIDR blocks, ASNs,
// user agents, device IDs, session IDs), with its successes and failures, first and last time and
// which indicator matched; sorted by successes (most first), then last time (newest first). Each
// indicator is one indexed query; a sign-in that matches several indicators counts once.
import { SightlineError, type Indicator, type ScopeAccount, type ScopeResult, type SignInFilter } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { prefixAsCidr } from '../case/filter';
import { cidrRange, ipHex } from '../case/ip';
import { mergeFilters } from './entity';
import { accountKey, accountOf, workloadNames, type Account } from './identity';
import { indicatorError, normaliseIndicator } from './indicators';
import { hasTable } from './schema';

type IndicatorSql = { cond: string; params: Record<string, unknown>; value: string; filter: (v: string) => SignInFilter | null };

function indicatorSql(db: CaseDb, ind: Indicator): IndicatorSql {
  const v = ind.value;
  switch (ind.kind) {
    case 'ip': {
      const cidr = v.includes('/') ? v : v.endsWith('.') || v.endsWith(':') ? prefixAsCidr(v) : null;
      if (cidr) {
        const range = cidrRange(cidr)!;
        return { cond: 's.ip_hex BETWEEN @low AND @high', params: { low: range.low, high: range.high }, value: 's.ip', filter: (ip) => ({ ip }) };
      }
      return { cond: 's.ip_hex = @hex', params: { hex: ipHex(v) }, value: 's.ip', filter: (ip) => ({ ip }) };
    }
    case 'asn': {
      // Sign-ins whose record names this ASN; those naming none are found by address (runScope).
      const n = Number(v);
      return { cond: 's.asn = @n', params: { n }, value: 'CAST(s.asn AS TEXT)', filter: () => ({ asn: [n] }) };
    }
    case 'user-agent':
      return { cond: 's.user_agent = @v', params: { v }, value: 's.user_agent', filter: (ua) => ({ userAgent: ua }) };
    // GUIDs are written in either case: try the value as given and in both cases (all index lookups).
    case 'device-id':
      return { cond: 's.device_id IN (@v, @lower, @upper)', params: { v, lower: v.toLowerCase(), upper: v.toUpperCase() }, value: 's.device_id', filter: (d) => ({ deviceId: d }) };
    case 'session-id':
      return { cond: 's.session_id IN (@v, @lower, @upper)', params: { v, lower: v.toLowerCase(), upper: v.toUpperCase() }, value: 's.session_id', filter: (id) => ({ sessionId: id }) };
  }
}

/**
 * The sign-ins of an IP or CIDR indicator from the signins_ip_scope index alone (0006): who, how it
 * ended and when, never the large rows. Rows without a UPN (workload identities, a few failures)
 * read the rest of their account from the row; the address text is read once per address.
 */
function ipRowReader(db: CaseDb) {
  const details = db.prepare('SELECT type, user_display, user_id, app_id, app_name FROM signins WHERE pk = ?').raw();
  const addressText = db.prepare('SELECT ip FROM signins WHERE ip_hex = ? LIMIT 1').pluck();
  const texts = new Map<string, string>();
  /** `value`: what matched, when it is not the address (an ASN found through its addresses). */
  return (sql: IndicatorSql, value?: string): Row[] =>
    (db.prepare(`SELECT s.pk, s.created_ms, s.outcome, s.user_upn, s.ip_hex FROM signins s WHERE ${sql.cond}`).raw().all(sql.params) as [number, number, string, string | null, string][]).map(
      ([pk, created, outcome, upn, hex]) => {
        let ip = value;
        if (ip === undefined && (ip = texts.get(hex)) === undefined) texts.set(hex, (ip = (addressText.get(hex) as string | undefined) ?? hex));
        // The type is read later, once per account (a UPN decides the account on its own).
        if (upn) return [pk, created, outcome, 'user', upn, null, null, null, null, ip];
        const [type, display, userId, appId, appName] = details.get(pk) as [string, string | null, string | null, string | null, string | null];
        return [pk, created, outcome, type, null, display, userId, appId, appName, ip];
      },
    );
}

/** Indicators checked and in their stored form; duplicates dropped. A bad one is a bad request. */
export function checkIndicators(indicators: Indicator[]): Indicator[] {
  const out: Indicator[] = [];
  const seen = new Set<string>();
  for (const raw of indicators) {
    const error = indicatorError(raw.kind, raw.value);
    if (error) throw new SightlineError('bad-request', `${raw.kind} indicator: ${error}`);
    const ind = normaliseIndicator(raw.kind, raw.value);
    const key = `${ind.kind}\u0000${ind.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ind);
  }
  return out;
}

type Acc = {
  account: Account;
  counts: [number, number, number];
  first: number;
  last: number;
  sample: number;
  /** What matched, and which batch of rows (record or address) first found it. */
  matched: Map<string, { batch: number; match: ScopeAccount['matched'][number] }>;
};

type Row = [pk: number, created: number, outcome: string, type: string, upn: string | null, display: string | null, userId: string | null, appId: string | null, appName: string | null, value: string | number | null];

export async function runScope(db: CaseDb, input: Indicator[], now = () => new Date()): Promise<ScopeResult> {
  const indicators = checkIndicators(input);
  const accounts = new Map<string, Acc>();
  const perIndicator: ScopeResult['indicators'] = [];
  /** Sign-ins already counted (each belongs to one account). */
  const counted = new Set<number>();

  const rowsOf = ipRowReader(db);
  const asnAddresses = hasTable(db, 'ip_info') ? db.prepare('SELECT ip FROM ip_info WHERE asn = ?').pluck() : null;
  for (const ind of indicators) {
    const sql = indicatorSql(db, ind);
    // Batches of matching rows, each with how its matched value reads as a grid filter.
    const batches: [Row[], (value: string) => SignInFilter | null][] = [
      [
        ind.kind === 'ip'
          ? rowsOf(sql)
          : (db
              .prepare(`SELECT s.pk, s.created_ms, s.outcome, s.type, s.user_upn, s.user_display, s.user_id, s.app_id, s.app_name, ${sql.value} FROM signins s WHERE ${sql.cond}`)
              .raw()
              .all(sql.params) as Row[]),
        sql.filter,
      ],
    ];
    // An ASN also matches the sign-ins without one of their own whose address the IP database places
    // in it (the geo enrichment's signin_geo.asn), found address by address in the scope index. The
    // grid's ASN filter reads the record's own ASN only, so these matches have no filter.
    if (ind.kind === 'asn' && asnAddresses) {
      const viaAddress: Row[] = [];
      for (const ip of asnAddresses.all(Number(ind.value)) as string[]) {
        const hex = ipHex(ip);
        if (hex) viaAddress.push(...rowsOf({ cond: 's.ip_hex = @hex AND s.asn IS NULL', params: { hex }, value: '', filter: () => null }, ind.value));
      }
      batches.push([viaAddress, () => null]);
    }
    const touched = new Set<string>();
    let signIns = 0;
    batches.forEach(([rows, filterOf], batch) => {
      signIns += rows.length;
      for (const r of rows) {
        const key = accountKey(r[3], r[4], r[5], r[6], r[7], r[8]);
        let acc = accounts.get(key);
        if (!acc) {
          acc = { account: accountOf({ type: r[3], upn: r[4], display: r[5], userId: r[6], appId: r[7], appName: r[8] }), counts: [0, 0, 0], first: r[1], last: r[1], sample: r[0], matched: new Map() };
          accounts.set(key, acc);
        }
        touched.add(key);
        const value = r[9] === null ? '' : String(r[9]);
        const mkey = `${ind.kind}\u0000${value}\u0000${ind.value}`;
        const seen = acc.matched.get(mkey);
        if (!seen) acc.matched.set(mkey, { batch, match: { kind: ind.kind, value, indicator: ind.value, filter: value ? mergeFilters(acc.account.filter, filterOf(value)) : null } });
        // Found both by the record and through its address: no one filter selects both.
        else if (seen.batch !== batch) seen.match.filter = null;
        // A sign-in that several indicators match counts once.
        if (counted.has(r[0])) continue;
        counted.add(r[0]);
        if (r[2] === 'success') acc.counts[0]++;
        else if (r[2] === 'failure') acc.counts[1]++;
        else if (r[2] === 'interrupted') acc.counts[2]++;
        if (r[1] < acc.first) acc.first = r[1];
        if (r[1] > acc.last) acc.last = r[1];
      }
    });
    perIndicator.push({ ...ind, signIns, accounts: touched.size });
  }

  // The index-only IP lookups do not read the sign-in type or display name: one row per account does.
  const sampleRow = db.prepare('SELECT type, user_display FROM signins WHERE pk = ?').raw();
  for (const a of accounts.values()) {
    if (!a.account.key.startsWith('user:')) continue;
    const [type, display] = sampleRow.get(a.sample) as [string, string | null];
    a.account = accountOf({ type, upn: a.account.value, display, userId: null, appId: null, appName: null });
  }
  // Workload identities of cases imported before their name was the UPN: named from their records.
  const workloads = new Map([...accounts.values()].filter((a) => !a.account.key.startsWith('user:')).map((a) => [a.account.key, a.sample]));
  const names = await workloadNames(db, workloads);

  const list: ScopeAccount[] = [...accounts.values()].map((a) => ({
    user: a.account.key.startsWith('user:') ? a.account.value : (names.get(a.account.key) ?? a.account.label ?? a.account.value),
    label: a.account.key.startsWith('user:') ? a.account.label : null,
    kind: a.account.kind,
    entity: a.account.entity,
    successes: a.counts[0],
    failures: a.counts[1],
    interrupted: a.counts[2],
    first: new Date(a.first).toISOString(),
    last: new Date(a.last).toISOString(),
    matched: [...a.matched.values()].map((m) => m.match).sort((x, y) => x.indicator.localeCompare(y.indicator) || x.value.localeCompare(y.value)),
  }));
  list.sort((x, y) => y.successes - x.successes || (x.last < y.last ? 1 : x.last > y.last ? -1 : 0) || x.user.localeCompare(y.user));
  return { at: now().toISOString(), indicators: perIndicator, accounts: list };
}

/** The shape the CLI prints and the report stores: the fields, without grid filters. */
export function scopeJson(result: ScopeResult) {
  return {
    accounts: result.accounts.map((a) => ({
      user: a.user,
      kind: a.kind,
      successes: a.successes,
      failures: a.failures,
      interrupted: a.interrupted,
      first: a.first,
      last: a.last,
      matched: a.matched.map((m) => ({ kind: m.kind, value: m.value, indicator: m.indicator })),
    })),
    indicators: result.indicators,
  };
}
