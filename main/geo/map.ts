// The map's data: the sign-ins matching the grid's filter, grouped by distinct location, with
// what happened there (counts by outcome, the top IPs, users and apps). Reads signin_geo (the
// narrow copy of what the map needs); a filter beyond time, type and status goes through signins.
import type { GeoSource, MapLocation, MapLocations, SignInFilter } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { compileFilter } from '../case/filter';
import type { NetworkKind } from './networks';
import type { TrustedSet } from './trusted';

const TOP = 5;

/** The WHERE clause over signin_geo `g` for a filter (time, type and status on g, the rest through signins). */
function scope(filter: SignInFilter): { where: string; params: Record<string, unknown> } {
  const { from, to, type, status, ...rest } = filter;
  const params: Record<string, unknown> = {};
  const clauses: string[] = ['1'];
  const list = (name: string, values: readonly string[]) => values.map((v, i) => ((params[`${name}${i}`] = v), `@${name}${i}`)).join(', ');
  if (from) clauses.push(`g.created_ms >= ${((params['fromMs'] = Date.parse(from)), '@fromMs')}`);
  if (to) clauses.push(`g.created_ms < ${((params['toMs'] = Date.parse(to)), '@toMs')}`);
  if (type) clauses.push(`g.type IN (${list('t', type)})`);
  if (status) clauses.push(`g.outcome IN (${list('o', status)})`);
  if (Object.values(rest).some((v) => v !== undefined)) {
    const f = compileFilter(rest);
    clauses.push(`g.signin_pk IN (SELECT pk FROM signins ${f.where})`);
    Object.assign(params, f.params);
  }
  return { where: clauses.join(' AND '), params };
}

type Acc = {
  lat: number; lon: number; radius: number; place: string | null; cc: string | null; sources: Set<GeoSource>;
  n: number; ok: number; bad: number; intr: number;
  ips: Map<string, number>; users: Map<string, number>; apps: Map<string, number>;
};

type Row = [lat: number, lon: number, radius: number, place: string | null, cc: string | null, source: GeoSource, outcome: string, ip: string | null, user: string | null, app: string | null];

function top<K>(counts: Map<K, number>): [K, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, TOP);
}

/**
 * One pass over the matching located sign-ins, grouped in memory per distinct point (there are far
 * fewer points than sign-ins), which is cheaper than one grouped query per top list.
 */
export function mapLocations(db: CaseDb, filter: SignInFilter, limit: number, trusted: TrustedSet): MapLocations {
  const s = scope(filter);
  const totals = db.prepare(`SELECT count(*) AS total, count(g.lat) AS located FROM signin_geo g WHERE ${s.where}`).get(s.params) as { total: number; located: number };
  // Sign-ins matching the filter that have no signin_geo row yet (only through signins: time, type, status are on g).
  const f = compileFilter(filter);
  const all = (db.prepare(`SELECT count(*) AS n FROM signins ${f.where}`).get(f.params) as { n: number }).n;

  // Keyed by latitude, then longitude: numbers as keys, no string per row.
  const byPoint = new Map<number, Map<number, Acc>>();
  const points: Acc[] = [];
  const it = db
    .prepare(`SELECT lat, lon, radius_km, place, country_code, source, outcome, ip, user_key, app FROM signin_geo g WHERE g.lat IS NOT NULL AND ${s.where}`)
    .raw()
    .iterate(s.params) as IterableIterator<Row>;
  for (const [lat, lon, radius, place, cc, source, outcome, ip, user, app] of it) {
    let row = byPoint.get(lat);
    if (!row) byPoint.set(lat, (row = new Map()));
    let a = row.get(lon);
    if (!a) {
      row.set(lon, (a = { lat, lon, radius, place, cc, sources: new Set(), n: 0, ok: 0, bad: 0, intr: 0, ips: new Map(), users: new Map(), apps: new Map() }));
      points.push(a);
    }
    a.n++;
    if (outcome === 'success') a.ok++;
    else if (outcome === 'failure') a.bad++;
    else if (outcome === 'interrupted') a.intr++;
    if (radius > a.radius) a.radius = radius;
    if (place !== null && (a.place === null || place < a.place)) a.place = place;
    a.sources.add(source);
    if (ip) a.ips.set(ip, (a.ips.get(ip) ?? 0) + 1);
    if (user) a.users.set(user, (a.users.get(user) ?? 0) + 1);
    if (app) a.apps.set(app, (a.apps.get(app) ?? 0) + 1);
  }
  const ranked = points.sort((x, y) => y.n - x.n || x.lat - y.lat || x.lon - y.lon);
  const shown = ranked.slice(0, limit);

  const ipInfo = db.prepare('SELECT asn, as_org AS org, network_kind AS kind FROM ip_info WHERE ip = ?');
  const locations: MapLocation[] = shown.map((a) => ({
    lat: a.lat, lon: a.lon, radiusKm: a.radius, place: a.place, countryCode: a.cc,
    sources: [...a.sources].sort(),
    count: a.n, success: a.ok, failure: a.bad, interrupted: a.intr,
    topIps: top(a.ips).map(([ip, count]) => {
      const i = ipInfo.get(ip) as { asn: number | null; org: string | null; kind: NetworkKind | null } | undefined;
      return { ip, count, asn: i?.asn ?? null, asOrg: i?.org ?? null, networkKind: i?.kind ?? null, trusted: trusted.ipLabel(ip) };
    }),
    topUsers: top(a.users).map(([user, count]) => ({ user, count })),
    topApps: top(a.apps).map(([app, count]) => ({ app, count })),
    distinctIps: a.ips.size,
    distinctUsers: a.users.size,
    trustedPlace: trusted.placeLabel(a.lat, a.lon),
  }));
  return { locations, total: all, located: totals.located, notLocated: all - totals.located, pending: all - totals.total, truncated: ranked.length > limit };
}
