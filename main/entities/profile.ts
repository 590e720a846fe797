// An entity's profile: first and last seen, counts by status and sign-in type, the other entities it
// touched (each with its own counts and the grid filter behind every number), its findings, tags and
// notes, activity over time, and for a user the baseline marks. One indexed pass over the entity's
// sign-ins, aggregated here, so a busy IP costs one read of its rows rather than one per list.
import type { EntityKind, EntityProfile, Outcome, RelatedGroup, RelatedItem, RelatedKind, SignInFilter, StatusCounts } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { userBaseline, type Baseline } from './baseline';
import { entityFilter, entitySql, mergeFilters, normaliseEntity } from './entity';
import { accountKey, accountOf, workloadNames, type Account } from './identity';
import { geoColumns, hasTable } from './schema';

const BUCKETS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
type Bucket = keyof typeof BUCKETS;

/** The widest bucket that still gives a readable chart (at most about 200 bars), as the summary does. */
function bucketFor(spanMs: number): Bucket {
  if (spanMs <= 200 * BUCKETS.minute) return 'minute';
  if (spanMs <= 200 * BUCKETS.hour) return 'hour';
  return 'day';
}

const ORDER: RelatedKind[] = ['user', 'ip', 'country', 'asn', 'app', 'device', 'user-agent'];
const TITLES: Record<RelatedKind, string> = {
  user: 'Accounts',
  ip: 'IP addresses',
  country: 'Countries',
  asn: 'Autonomous systems',
  app: 'Applications',
  device: 'Devices',
  'user-agent': 'User agents',
};
/** What a user's baseline covers (issue: countries, ASNs, devices, user agents and apps). */
const BASELINE_KINDS = new Set<RelatedKind>(['country', 'asn', 'device', 'user-agent', 'app']);

const OUTCOMES: Outcome[] = ['success', 'failure', 'interrupted', 'unknown'];
const outcomeIndex = (o: string) => Math.max(0, OUTCOMES.indexOf(o as Outcome)) as 0 | 1 | 2 | 3;

type Agg = {
  value: string;
  label: string | null;
  entity: RelatedItem['entity'];
  filter: SignInFilter | null;
  counts: [number, number, number, number];
  first: number;
  last: number;
  firstSuccess: number | null;
  /** Sign-ins whose value came from the geo enrichment rather than the record. */
  fromGeo: number;
  /** One sign-in pk, to read a workload identity's name. */
  sample: number;
  account?: Account;
};

type Row = [
  pk: number, created: number, outcome: string, type: string, upn: string | null, display: string | null, userId: string | null,
  appId: string | null, appName: string | null, ip: string | null, country: string | null, geoCountry: string | null, asn: number | null,
  geoAsn: number | null, deviceId: string | null, userAgent: string | null, os: string | null, browser: string | null,
];

export type ProfileOptions = { top?: number };

const counts = (c: [number, number, number, number]): StatusCounts => ({ success: c[0], failure: c[1], interrupted: c[2], unknown: c[3] });
const iso = (ms: number) => new Date(ms).toISOString();

export async function entityProfile(db: CaseDb, kind: EntityKind, rawValue: string, opts: ProfileOptions = {}): Promise<EntityProfile> {
  const top = opts.top ?? 50;
  const value = normaliseEntity(kind, rawValue);
  const { cond, params } = entitySql(db, kind, value);
  const geo = geoColumns(db);
  const rows = db
    .prepare(
      `SELECT s.pk, s.created_ms, s.outcome, s.type, s.user_upn, s.user_display, s.user_id, s.app_id, s.app_name, s.ip, s.country,
              ${geo.geo ? 'g.country_code' : 'NULL'}, s.asn, ${geo.geo ? 'g.asn' : 'NULL'}, s.device_id, s.user_agent, s.os, s.browser
       FROM signins s ${geo.join} WHERE ${cond}`,
    )
    .raw()
    .all(params) as Row[];

  const self = entityFilter(kind, value);
  const groups = new Map<RelatedKind, Map<string, Agg>>(ORDER.filter((k) => k !== kind).map((k) => [k, new Map()]));
  const total: [number, number, number, number] = [0, 0, 0, 0];
  const byType: Record<string, number> = {};
  const labels = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  let firstSuccess: number | null = null;
  let lastSuccess: number | null = null;
  const times = new Float64Array(rows.length);
  const outcomes = new Uint8Array(rows.length);
  let geoCountries = 0;
  let geoAsns = 0;

  const add = (group: RelatedKind, key: string, r: Row, o: 0 | 1 | 2 | 3, make: () => Omit<Agg, 'counts' | 'first' | 'last' | 'firstSuccess' | 'fromGeo' | 'sample'>, fromGeo = false) => {
    const map = groups.get(group);
    if (!map) return;
    let a = map.get(key);
    if (!a) {
      a = { ...make(), counts: [0, 0, 0, 0], first: r[1], last: r[1], firstSuccess: null, fromGeo: 0, sample: r[0] };
      map.set(key, a);
    }
    a.counts[o]++;
    if (r[1] < a.first) a.first = r[1];
    if (r[1] > a.last) a.last = r[1];
    if (o === 0 && (a.firstSuccess === null || r[1] < a.firstSuccess)) a.firstSuccess = r[1];
    if (fromGeo) a.fromGeo++;
  };

  rows.forEach((r, i) => {
    const o = outcomeIndex(r[2]);
    const t = r[1];
    times[i] = t;
    outcomes[i] = o;
    total[o]++;
    byType[r[3]] = (byType[r[3]] ?? 0) + 1;
    if (t < first) first = t;
    if (t > last) last = t;
    if (o === 0) {
      if (firstSuccess === null || t < firstSuccess) firstSuccess = t;
      if (lastSuccess === null || t > lastSuccess) lastSuccess = t;
    }
    // The entity's own name: a user's display name, an app's name, a device's system and browser.
    const label = kind === 'user' ? r[5] : kind === 'app' ? r[8] : kind === 'device' ? [r[16], r[17]].filter(Boolean).join(' · ') || null : null;
    if (label) labels.set(label, (labels.get(label) ?? 0) + 1);

    if (groups.has('user')) {
      const key = accountKey(r[3], r[4], r[5], r[6], r[7], r[8]);
      add('user', key, r, o, () => {
        const account = accountOf({ type: r[3], upn: r[4], display: r[5], userId: r[6], appId: r[7], appName: r[8] });
        return { value: account.value, label: account.label, entity: account.entity, filter: account.filter, account };
      });
    }
    if (r[9]) add('ip', r[9], r, o, () => ({ value: r[9]!, label: null, entity: { kind: 'ip', value: r[9]! }, filter: { ip: r[9]! } }));
    const country = r[10] ?? r[11];
    if (country) {
      if (!r[10]) geoCountries++;
      add('country', country.toUpperCase(), r, o, () => ({ value: country.toUpperCase(), label: null, entity: null, filter: { country: [country.toUpperCase()] } }), !r[10]);
    }
    const asn = r[12] ?? r[13];
    if (asn !== null) {
      if (r[12] === null) geoAsns++;
      add('asn', String(asn), r, o, () => ({ value: String(asn), label: null, entity: { kind: 'asn', value: String(asn) }, filter: { asn: [asn] } }), r[12] === null);
    }
    const app = r[7] ?? r[8];
    if (app) add('app', app, r, o, () => ({ value: app, label: r[8], entity: { kind: 'app', value: app }, filter: { app } }));
    if (r[14]) add('device', r[14], r, o, () => ({ value: r[14]!, label: [r[16], r[17]].filter(Boolean).join(' · ') || null, entity: { kind: 'device', value: r[14]! }, filter: { deviceId: r[14]! } }));
    if (r[15]) add('user-agent', r[15], r, o, () => ({ value: r[15]!, label: null, entity: { kind: 'user-agent', value: r[15]! }, filter: { userAgent: r[15]! } }));
  });

  // An ASN some of whose sign-ins are placed in it only by the IP database has no exact grid filter.
  const selfFilter = kind === 'asn' && geoAsns > 0 ? null : self;
  const baseline: Baseline | null = kind === 'user' ? userBaseline(total[0], firstSuccess, lastSuccess) : null;

  // Workload identities appear under their own names (read from one of their records).
  const users = groups.get('user');
  if (users) {
    // (Cases imported before the service principal name became the UPN.)
    const samples = new Map([...users.values()].filter((a) => a.account && !a.account.key.startsWith('user:')).map((a) => [a.account!.key, a.sample]));
    const names = await workloadNames(db, samples);
    for (const a of users.values()) if (a.account && names.get(a.account.key)) a.label = names.get(a.account.key)!;
  }
  const asnOrgs = asnNames(db);

  const related: RelatedGroup[] = [...groups].map(([group, map]) => {
    const all = [...map.values()].sort((a, b) => b.counts.reduce((x, y) => x + y) - a.counts.reduce((x, y) => x + y) || b.last - a.last);
    const marked = baseline && BASELINE_KINDS.has(group);
    const shown = all.slice(0, top);
    // New values matter most in a baseline: they are listed even when they are not among the busiest.
    if (marked) for (const a of all.slice(top)) if (a.firstSuccess !== null && baseline.warmupEndMs !== null && a.firstSuccess > baseline.warmupEndMs) shown.push(a);
    return {
      kind: group,
      title: TITLES[group],
      distinct: map.size,
      items: shown.map(
        (a): RelatedItem => ({
          value: a.value,
          label: group === 'asn' ? (asnOrgs?.(Number(a.value)) ?? null) : a.label,
          entity: a.entity,
          total: a.counts.reduce((x, y) => x + y),
          byStatus: counts(a.counts),
          first: iso(a.first),
          last: iso(a.last),
          // The grid's filters read the record's own columns: a count that includes values the geo
          // enrichment supplied has no filter that selects exactly it, so it is not a link.
          filter: a.fromGeo > 0 ? null : mergeFilters(selfFilter, a.filter),
          baseline: marked ? baseline.mark({ successes: a.counts[0], firstSuccessMs: a.firstSuccess }) : null,
        }),
      ),
    };
  });

  const notes: string[] = [];
  if (!rows.length) notes.push(`No sign-in in this case has this ${kind === 'user-agent' ? 'user agent' : kind === 'app' ? 'application' : kind}.`);
  if (geoCountries || geoAsns)
    notes.push(
      `For ${[geoCountries ? `${geoCountries.toLocaleString('en-US')} sign-ins the country` : '', geoAsns ? `${geoAsns.toLocaleString('en-US')} the ASN` : ''].filter(Boolean).join(' and for ')} comes from the offline IP database, not the record; the grid's country and ASN filters read the records' own values, so those counts have no link.`,
    );
  if (kind === 'user' && otherUsersContain(db, value)) notes.push('The grid’s user filter matches part of a UPN or display name, and other accounts’ names contain this UPN: the grid shows theirs too.');

  const labelled = [...labels].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return {
    kind,
    value,
    label: kind === 'asn' ? (asnOrgs?.(Number(value)) ?? null) : labelled,
    filter: selfFilter,
    total: rows.length,
    first: rows.length ? iso(first) : null,
    last: rows.length ? iso(last) : null,
    byStatus: counts(total),
    byType,
    related,
    baseline: baseline ? { successes: baseline.successes, warmupEnd: baseline.warmupEndMs === null ? null : iso(baseline.warmupEndMs), rareShare: baseline.rareShare } : null,
    findings: entityFindings(db, kind, value, cond, params),
    annotations: entityAnnotations(db, kind, value),
    activity: activity(times, outcomes, first, last),
    notes,
  };
}

function activity(times: Float64Array, outcomes: Uint8Array, first: number, last: number): EntityProfile['activity'] {
  if (!times.length) return { bucket: 'day', points: [] };
  const bucket = bucketFor(last - first);
  const width = BUCKETS[bucket];
  const byStart = new Map<number, [number, number, number, number]>();
  for (let i = 0; i < times.length; i++) {
    const start = Math.floor(times[i]! / width) * width;
    const c = byStart.get(start) ?? [0, 0, 0, 0];
    c[outcomes[i]!]!++;
    byStart.set(start, c);
  }
  return { bucket, points: [...byStart].sort((a, b) => a[0] - b[0]).map(([start, c]) => ({ start: iso(start), ...counts(c) })) };
}

/** Whether the `user` filter (a substring of UPN or display name) would select other accounts too. */
function otherUsersContain(db: CaseDb, upn: string): boolean {
  return db.prepare('SELECT 1 FROM users WHERE lower(upn) != @v AND (instr(lower(upn), @v) > 0 OR instr(lower(display), @v) > 0) LIMIT 1').get({ v: upn }) !== undefined;
}

/** AS names from the geo enrichment's ip_info table, when the case has it. */
function asnNames(db: CaseDb): ((asn: number) => string | null) | null {
  if (!hasTable(db, 'ip_info')) return null;
  const stmt = db.prepare('SELECT as_org FROM ip_info WHERE asn = ? AND as_org IS NOT NULL LIMIT 1');
  return (asn) => (stmt.get(asn) as { as_org: string } | undefined)?.as_org ?? null;
}

/** Findings whose evidence includes the entity's sign-ins, or that name the user or IP; null without the findings tables. */
function entityFindings(db: CaseDb, kind: EntityKind, value: string, cond: string, params: Record<string, unknown>): EntityProfile['findings'] {
  if (!hasTable(db, 'findings') || !hasTable(db, 'finding_signins')) return null;
  const named = kind === 'user' ? 'OR EXISTS (SELECT 1 FROM json_each(f.users) WHERE lower(value) = @named)' : kind === 'ip' ? 'OR EXISTS (SELECT 1 FROM json_each(f.ips) WHERE value = @named)' : '';
  const rows = db
    .prepare(
      `SELECT f.id, f.detection, f.title, f.severity, f.triage, f.start_ms, f.end_ms FROM findings f
       WHERE f.id IN (SELECT fs.finding_id FROM finding_signins fs WHERE fs.signin_pk IN (SELECT s.pk FROM signins s WHERE ${cond})) ${named}
       ORDER BY f.start_ms DESC LIMIT 500`,
    )
    .all({ ...params, ...(named ? { named: value } : {}) }) as { id: string; detection: string | null; title: string | null; severity: string | null; triage: string | null; start_ms: number | null; end_ms: number | null }[];
  return rows.map((r) => ({
    id: r.id,
    detection: r.detection,
    title: r.title,
    severity: r.severity === null ? null : String(r.severity),
    triage: r.triage,
    start: typeof r.start_ms === 'number' ? iso(r.start_ms) : null,
    end: typeof r.end_ms === 'number' ? iso(r.end_ms) : null,
  }));
}

/** Tags and notes on a user or an IP (the annotation targets that name entities); null without the table. */
function entityAnnotations(db: CaseDb, kind: EntityKind, value: string): EntityProfile['annotations'] {
  if (!hasTable(db, 'annotations')) return null;
  if (kind !== 'user' && kind !== 'ip') return [];
  const rows = db
    .prepare(
      `SELECT kind, value, analyst, created_at FROM annotations
       WHERE target_kind = @kind AND (target = @value OR (@kind = 'user' AND lower(target) = @value)) AND removed_at IS NULL AND kind IN ('tag', 'note')
       ORDER BY created_at`,
    )
    .all({ kind, value }) as { kind: string; value: string | null; analyst: string | null; created_at: string | null }[];
  return rows.map((r) => ({ kind: r.kind, value: r.value, analyst: r.analyst, createdAt: r.created_at }));
}
