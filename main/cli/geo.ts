// sightline geo <ip>... | travel <case>: offline IP lookups and travel legs, from a script.
import { parseArgs } from 'node:util';
import type { TravelLeg, TravelPoint } from '../../preload/contract';
import { CaseSession } from '../case/session';
import { enrichGeo, enrichmentDue } from '../geo/enrich';
import { formatNumber } from '../geo/format';
import { parseIp } from '../geo/ip-class';
import { bundledIpDatabase, customIpDatabase, GeoDatabaseError, type IpDatabase } from '../geo/ipdb';
import { lookupIp, type IpInfo } from '../geo/lookup';
import { CURATED_ASNS } from '../geo/networks';
import { ipDatabaseFor, setCustomMmdb, travelThresholds } from '../geo/settings';
import { loadTrusted } from '../geo/trusted';
import { NON_INTERACTIVE_CAVEAT, travelLegs } from '../geo/travel';
import { note, printJson, progressLine, UsageError, userPath } from './io';

export const geoUsage = 'sightline geo <ip>... [--mmdb FILE] [--json]';
export const travelUsage = 'sightline travel <case> [--user U] [--all] [--include-failures] [--include-noninteractive] [--mmdb FILE] [--json]';

function database(mmdb: string | undefined): IpDatabase {
  try {
    return mmdb ? customIpDatabase(userPath(mmdb)) : bundledIpDatabase();
  } catch (err) {
    if (err instanceof GeoDatabaseError) throw new UsageError(`--mmdb: ${err.message}`);
    throw err;
  }
}

function describeIp(r: IpInfo): string {
  const as = r.asn ? `AS${r.asn}${r.asOrg ? ` ${r.asOrg}` : ''}${r.networkKind ? ` [${r.networkKind}]` : ''}` : 'no AS';
  const where = r.lat !== null && r.lon !== null
    ? `${[r.city, r.region, r.countryCode].filter(Boolean).join(', ') || 'somewhere'} (${r.lat.toFixed(4)}, ${r.lon.toFixed(4)}, ±${formatNumber(r.radiusKm ?? 0)} km)`
    : r.ipClass === 'public' ? 'not in the IP database' : 'not located';
  return `${r.ip}  ${r.ipClass}  ${as}  ${where}`;
}

export async function runGeo(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, mmdb: { type: 'string' } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError(`usage: ${geoUsage}`);
  const bad = positionals.filter((ip) => parseIp(ip).class === 'invalid');
  if (bad.length) throw new UsageError(`not an IP address: ${bad.map((b) => `"${b}"`).join(', ')}`);
  const db = database(values.mmdb);
  const kinds = new Map(CURATED_ASNS.map((e) => [e.asn, e.kind]));
  const results = positionals.map((ip) => {
    const { version: _version, ...info } = lookupIp(ip.trim(), db, kinds);
    return info;
  });
  if (values.json) printJson({ results });
  else for (const r of results) process.stdout.write(describeIp({ ...r, version: null }) + '\n');
  return 0;
}

/** The leg as the issue's `travel --json` shape: exactly these fields. */
function legJson(leg: TravelLeg) {
  const end = (p: TravelPoint) => ({ time: p.time, ip: p.ip, place: p.place, lat: p.lat, lon: p.lon, source: p.source, radiusKm: p.radiusKm });
  return { user: leg.user, from: end(leg.from), to: end(leg.to), km: leg.km, minutes: leg.minutes, kmh: leg.kmh, impossible: leg.impossible, reason: leg.reason };
}

/** Places what is not placed yet (or everything, with another IP database) before legs are read. */
function ensureEnriched(session: CaseSession, mmdb: string | undefined): void {
  const db = session.db;
  if (mmdb) {
    try {
      const custom = setCustomMmdb(db, userPath(mmdb));
      note(`this case now uses ${custom.id} (kept as its setting)`);
    } catch (err) {
      if (err instanceof GeoDatabaseError) throw new UsageError(`--mmdb: ${err.message}`);
      throw err;
    }
  }
  if (!enrichmentDue(db)) return;
  const database = ipDatabaseFor(db);
  const progress = progressLine();
  const r = enrichGeo(db, { database, onProgress: (p) => progress.update(`placing sign-ins: ${p.phase} ${p.processed.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`) });
  progress.done();
  note(`placed ${r.signIns.toLocaleString('en-US')} sign-ins (${r.located.toLocaleString('en-US')} located in the case) with ${r.ipDb}`);
}

export async function runTravel(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      user: { type: 'string' },
      all: { type: 'boolean', default: false },
      'include-failures': { type: 'boolean', default: false },
      'include-noninteractive': { type: 'boolean', default: false },
      mmdb: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${travelUsage}`);
  if (values.user !== undefined && !values.user.trim()) throw new UsageError('--user needs a user principal name');
  const session = CaseSession.open(userPath(casePath), { mustExist: true });
  try {
    ensureEnriched(session, values.mmdb);
    const db = session.db;
    const thresholds = travelThresholds(db);
    const includeNonInteractive = values['include-noninteractive'];
    const { legs, classes, signIns, notLocated } = travelLegs(db, {
      user: values.user?.trim(),
      includeFailures: values['include-failures'],
      includeNonInteractive,
      thresholds,
      trusted: loadTrusted(db),
      withPath: false,
      withIds: false,
      // Without --all only the impossible legs are printed, so only they are described.
      keep: values.all ? undefined : (c) => c === 'impossible',
    });
    const shown = legs;
    if (values.json) printJson({ legs: shown.map(legJson) });
    else {
      for (const l of shown) process.stdout.write(`${l.from.time}  ${l.user}  ${l.speedClass.toUpperCase()}  ${l.reason}\n`);
    }
    const total = Object.values(classes).reduce((a, b) => a + b, 0);
    note(`${total.toLocaleString('en-US')} legs (${classes.impossible.toLocaleString('en-US')} impossible, ${classes.fast.toLocaleString('en-US')} fast, ${classes['not-travel'].toLocaleString('en-US')} within the uncertainty) from ${signIns.toLocaleString('en-US')} located sign-ins; ${notLocated.toLocaleString('en-US')} without a location`);
    if (includeNonInteractive) note(NON_INTERACTIVE_CAVEAT);
    return 0;
  } finally {
    session.close();
  }
}
