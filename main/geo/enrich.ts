// Geo enrichment: places every sign-in that has no place yet (new, or changed by a newer version of
// the record; see the trigger in 0003_geo.sql). Set-based, so a 1M-sign-in case takes seconds:
//   1. the unplaced sign-ins' few geo fields are copied into a narrow temp table (the one read of
//      the wide signins rows), a slice of primary keys at a time;
//   2. each distinct new IP is looked up once (class, AS, network kind, IP-database place) -> ip_info;
//      each distinct "City, State, CC" text without coordinates once in the gazetteer;
//   3. one INSERT ... SELECT per slice picks, per row, the record's own coordinates, else the
//      gazetteer's city, else the IP database, else the gazetteer's country (ARCHITECTURE.md, Geo),
//      with its source and radius. signin_geo also keeps the few sign-in fields the map and travel
//      read, so they never touch the wide rows again.
// Private and reserved addresses are never placed, whatever else the record says.
import { createHash } from 'node:crypto';
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { CITY_RADIUS_KM } from './distance';
import { lookupPlace } from './gazetteer';
import type { IpDatabase } from './ipdb';
import { lookupIp } from './lookup';
import { applyAsnKinds, asnKinds, loadAsnKindsTable } from './networks';
import { ipDatabaseFor } from './settings';

export type EnrichPhase = 'addresses' | 'places' | 'sign-ins' | 'done';

export type EnrichProgress = { phase: EnrichPhase; processed: number; total: number; finished: boolean };

export type EnrichResult = {
  mode: 'pending' | 'full';
  /** Sign-ins placed (or found not locatable) by this pass. */
  signIns: number;
  /** Located sign-ins in the case after the pass, and those that cannot be placed. */
  located: number;
  notLocated: number;
  /** Distinct addresses looked up by this pass (the rest were cached). */
  addresses: number;
  /** Distinct place texts looked up in the gazetteer. */
  places: number;
  ms: number;
  ipDb: string;
};

export type EnrichOptions = {
  /** Forget every cached answer and place every sign-in again (e.g. after switching IP database). */
  full?: boolean;
  /** Defaults to the case's database (setting `geo.mmdb`, else the bundled DB-IP). */
  database?: IpDatabase;
  onProgress?: (p: EnrichProgress) => void;
  signal?: AbortSignal;
  /** Who asked: an analyst's run is recorded on the audit trail; the pass after an import is part of the import. */
  trigger?: 'import' | 'analyst';
  /** Sign-ins per slice (and transaction). */
  sliceSize?: number;
};

export class EnrichCancelled extends Error {
  constructor() {
    super('geo enrichment cancelled; the sign-ins placed so far are kept and the rest are placed next time');
  }
}

const count = (db: CaseDb, sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

/** Sign-ins without a place (signin_geo rows exist only for existing sign-ins). */
export function pendingSignIns(db: CaseDb): number {
  return count(db, 'SELECT count(*) AS n FROM signins') - count(db, 'SELECT count(*) AS n FROM signin_geo');
}

function kindsFingerprint(db: CaseDb): string {
  const kinds = [...asnKinds(db)].sort((a, b) => a[0] - b[0]);
  return createHash('sha256').update(JSON.stringify(kinds)).digest('hex').slice(0, 16);
}

const KINDS_APPLIED = 'geo.asnKindsApplied';

/** Re-applies the ASN classification to cached rows when the curated list or the case's overrides changed. */
function refreshKindsIfChanged(db: CaseDb): void {
  const now = kindsFingerprint(db);
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KINDS_APPLIED) as { value: string } | undefined;
  if (row && JSON.parse(row.value) === now) return;
  if (row) applyAsnKinds(db);
  markAsnKindsApplied(db);
}

/** Marks the classification as applied (after a set-based re-apply by an edit). */
export function markAsnKindsApplied(db: CaseDb): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KINDS_APPLIED, JSON.stringify(kindsFingerprint(db)));
}

const PLACE_KEY = (a: string) => `coalesce(${a}.city, '') || char(31) || coalesce(${a}.state, '') || char(31) || coalesce(${a}.country, '')`;
/** 1 when the record's own coordinates can be plotted (finite, on the globe, not 0,0), else 0 (never NULL). */
const RECORD_PLOTTABLE = `coalesce(x.latitude BETWEEN -90 AND 90 AND x.longitude BETWEEN -180 AND 180 AND NOT (x.latitude = 0 AND x.longitude = 0), 0)`;

/** The narrow copy of the unplaced sign-ins (step 1). */
const PENDING_TABLE = `CREATE TEMP TABLE geo_pending (pk INTEGER PRIMARY KEY, user_key TEXT, created_ms INTEGER, type TEXT, outcome TEXT, ip TEXT, app TEXT,
  latitude REAL, longitude REAL, city TEXT, state TEXT, country TEXT, asn INTEGER)`;
const COPY_PENDING = `INSERT INTO temp.geo_pending
  SELECT pk, coalesce(user_upn, lower(user_id)), created_ms, type, outcome, nullif(trim(ip), ''), app_name, latitude, longitude,
    nullif(trim(city), ''), nullif(trim(state), ''), nullif(upper(trim(country)), ''), asn
  FROM signins s WHERE s.pk > @lo AND s.pk <= @hi AND NOT EXISTS (SELECT 1 FROM signin_geo g WHERE g.signin_pk = s.pk)`;

export function enrichGeo(db: CaseDb, opts: EnrichOptions = {}): EnrichResult {
  const started = performance.now();
  const database = opts.database ?? ipDatabaseFor(db);
  const report = (phase: EnrichPhase, processed: number, total: number, finished = false) => opts.onProgress?.({ phase, processed, total, finished });
  const checkCancel = () => {
    if (opts.signal?.aborted) throw new EnrichCancelled();
  };

  // Answers from another IP database are stale as a whole: start again.
  const otherDb = db.prepare('SELECT 1 FROM ip_info WHERE ip_db <> ? LIMIT 1').get(database.id) !== undefined;
  const full = opts.full === true || otherDb;
  const mode = full ? 'full' : 'pending';
  refreshKindsIfChanged(db);
  const done = (signIns: number, addresses: number, places: number): EnrichResult => {
    const located = count(db, 'SELECT count(*) AS n FROM signin_geo WHERE lat IS NOT NULL');
    return { mode, signIns, located, notLocated: count(db, 'SELECT count(*) AS n FROM signin_geo') - located, addresses, places, ms: Math.round(performance.now() - started), ipDb: database.id };
  };
  if (!full && pendingSignIns(db) === 0) {
    report('done', 0, 0, true);
    return done(0, 0, 0);
  }

  const runId = Number(db.prepare("INSERT INTO geo_runs (started_at, mode, ip_db, status) VALUES (?, ?, ?, 'running')").run(new Date().toISOString(), mode, database.id).lastInsertRowid);
  // Every row written comes from `signins` itself, so the foreign key holds by construction; checking
  // it costs a read of the wide signins row per insert (most of a 1M pass). On again afterwards.
  const fkWas = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  // The narrow copy (about 100 bytes a sign-in) stays in memory: spilled to a temp file, writing and
  // reading it back cost more than the one read of the wide rows it saves. (Switching temp_store
  // drops temp objects, so only on a connection that holds none: the geo and import threads.)
  const tempStoreWas = db.pragma('temp_store', { simple: true }) as number;
  const ownTemp = (db.prepare("SELECT count(*) AS n FROM temp.sqlite_master WHERE name NOT LIKE 'geo\_%' ESCAPE '\\'").get() as { n: number }).n === 0;
  if (ownTemp && tempStoreWas !== 2) db.pragma('temp_store = MEMORY');
  try {
    if (full) db.exec('DELETE FROM signin_geo; DELETE FROM ip_info;');
    // Which sign-ins (a covering-index scan, not the wide rows), cut into slices of primary keys: a
    // pass after a small import reads only around the new rows.
    const slice = opts.sliceSize ?? 100_000;
    const slices: [number, number][] = [];
    if (full) {
      // Everything: plain ranges of primary keys.
      const { lo, hi } = db.prepare('SELECT coalesce(min(pk), 1) - 1 AS lo, coalesce(max(pk), 0) AS hi FROM signins').get() as { lo: number; hi: number };
      for (let from = lo; from < hi; from += slice) slices.push([from, Math.min(hi, from + slice)]);
    } else {
      const pending = db.prepare('SELECT pk FROM signins s WHERE NOT EXISTS (SELECT 1 FROM signin_geo g WHERE g.signin_pk = s.pk)').pluck().all() as number[];
      pending.sort((a, b) => a - b);
      for (let i = 0; i < pending.length; i += slice) slices.push([pending[i]! - 1, pending[Math.min(pending.length, i + slice) - 1]!]);
    }
    // Progress over the two passes over the slices (copy, then place): 2 steps per slice.
    const steps = slices.length * 2;

    // 1. The narrow copy of what is to be placed.
    db.exec('DROP TABLE IF EXISTS temp.geo_pending');
    db.exec(PENDING_TABLE);
    const copy = db.prepare(COPY_PENDING);
    report('sign-ins', 0, steps);
    for (const [k, [from, to]] of slices.entries()) {
      checkCancel();
      copy.run({ lo: from, hi: to });
      report('sign-ins', k + 1, steps);
    }

    // 2a. Each distinct address not cached yet.
    const ips = db.prepare('SELECT DISTINCT x.ip FROM temp.geo_pending x WHERE x.ip IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ip_info i WHERE i.ip = x.ip)').pluck().all() as string[];
    const kinds = asnKinds(db);
    const insertIp = db.prepare(`INSERT OR REPLACE INTO ip_info (ip, ip_class, asn, as_org, network_kind, country_code, region, city, lat, lon, radius_km, ip_db)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let i = 0; i < ips.length; i += 5000) {
      checkCancel();
      const batch = ips.slice(i, i + 5000).map((ip) => lookupIp(ip, database, kinds));
      db.transaction(() => {
        for (const r of batch) insertIp.run(r.ip, r.ipClass, r.asn, r.asOrg, r.networkKind, r.countryCode, r.region, r.city, r.lat, r.lon, r.radiusKm, r.ipDb);
      })();
      report('addresses', Math.min(ips.length, i + 5000), ips.length);
    }

    // 2b. Each distinct place text of sign-ins without usable coordinates of their own.
    db.exec('DROP TABLE IF EXISTS temp.geo_places');
    db.exec('CREATE TEMP TABLE geo_places (key TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL, radius_km REAL NOT NULL, country_code TEXT, level TEXT NOT NULL) WITHOUT ROWID');
    const texts = db.prepare(`SELECT DISTINCT x.city, x.state, x.country FROM temp.geo_pending x WHERE (x.city IS NOT NULL OR x.country IS NOT NULL) AND NOT ${RECORD_PLOTTABLE}`).all() as { city: string | null; state: string | null; country: string | null }[];
    const insertPlace = db.prepare('INSERT OR REPLACE INTO temp.geo_places (key, lat, lon, radius_km, country_code, level) VALUES (?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const t of texts) {
        const hit = lookupPlace(t.city, t.state, t.country);
        if (hit) insertPlace.run(`${t.city ?? ''}\u001f${t.state ?? ''}\u001f${t.country ?? ''}`, hit.lat, hit.lon, hit.radiusKm, hit.countryCode, hit.level);
      }
    })();
    report('places', texts.length, texts.length);
    loadAsnKindsTable(db);

    // 3. Place them, slice by slice.
    const place = db.prepare(PLACE_SQL);
    let placed = 0;
    for (const [k, [from, to]] of slices.entries()) {
      checkCancel();
      placed += db.transaction(() => place.run({ lo: from, hi: to }).changes)();
      report('sign-ins', slices.length + k + 1, steps);
    }
    db.exec('DROP TABLE temp.geo_pending; DROP TABLE temp.geo_places;');

    const result = done(placed, ips.length, texts.length);
    db.prepare("UPDATE geo_runs SET finished_at = ?, status = 'completed', signins = ?, located = ?, ips = ?, ms = ? WHERE id = ?")
      .run(new Date().toISOString(), result.signIns, result.located, result.addresses, result.ms, runId);
    if (opts.trigger === 'analyst') appendAudit(db, 'geo.enrich', { mode, ipDb: database.id, signIns: result.signIns, located: result.located, addresses: result.addresses });
    report('done', result.signIns, result.signIns, true);
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.exec('DROP TABLE IF EXISTS temp.geo_pending; DROP TABLE IF EXISTS temp.geo_places;');
    db.prepare("UPDATE geo_runs SET finished_at = ?, status = 'failed', error = ? WHERE id = ?").run(new Date().toISOString(), (err as Error).message, runId);
    throw err;
  } finally {
    db.pragma(`foreign_keys = ${fkWas ? 'ON' : 'OFF'}`);
    if (ownTemp && tempStoreWas !== 2) db.pragma(`temp_store = ${tempStoreWas}`);
  }
}

/**
 * The per-row choice. `src`: 0 not locatable (a private or reserved address, or nothing known),
 * 1 the record's coordinates, 2 the gazetteer's city, 3 the IP database, 4 the gazetteer's country.
 */
const PLACE_SQL = `INSERT INTO signin_geo (signin_pk, lat, lon, radius_km, source, place, country_code, asn, network_kind, user_key, created_ms, type, outcome, ip, app)
  SELECT pk,
    CASE src WHEN 1 THEN rlat WHEN 2 THEN plat WHEN 3 THEN ilat WHEN 4 THEN plat END,
    CASE src WHEN 1 THEN rlon WHEN 2 THEN plon WHEN 3 THEN ilon WHEN 4 THEN plon END,
    CASE src WHEN 1 THEN ${CITY_RADIUS_KM} WHEN 2 THEN pradius WHEN 3 THEN iradius WHEN 4 THEN pradius END,
    CASE src WHEN 1 THEN 'record' WHEN 2 THEN 'gazetteer' WHEN 3 THEN 'ipdb' WHEN 4 THEN 'gazetteer' END,
    CASE src
      WHEN 1 THEN coalesce(rplace, iplace, printf('%.2f, %.2f', rlat, rlon))
      WHEN 2 THEN coalesce(rplace, pcc)
      WHEN 3 THEN iplace
      WHEN 4 THEN pcc
      ELSE coalesce(rplace, iplace)
    END,
    CASE src WHEN 2 THEN coalesce(pcc, rcc) WHEN 3 THEN coalesce(icc, rcc) WHEN 4 THEN coalesce(pcc, rcc) ELSE coalesce(rcc, icc) END,
    asn, kind, user_key, created_ms, type, outcome, ip, app
  FROM (
    SELECT x.pk AS pk, x.latitude AS rlat, x.longitude AS rlon, x.country AS rcc,
      CASE WHEN x.city IS NOT NULL AND x.country IS NOT NULL THEN x.city || ', ' || x.country ELSE coalesce(x.city, x.country) END AS rplace,
      p.lat AS plat, p.lon AS plon, p.radius_km AS pradius, p.country_code AS pcc,
      i.lat AS ilat, i.lon AS ilon, i.radius_km AS iradius,
      -- What the IP database says counts only for public addresses.
      CASE WHEN i.ip_class = 'public' THEN i.country_code END AS icc,
      CASE WHEN i.ip_class <> 'public' THEN NULL WHEN i.city IS NOT NULL AND i.country_code IS NOT NULL THEN i.city || ', ' || i.country_code ELSE coalesce(i.city, i.country_code) END AS iplace,
      coalesce(x.asn, i.asn) AS asn, k.kind AS kind,
      x.user_key AS user_key, x.created_ms AS created_ms, x.type AS type, x.outcome AS outcome, x.ip AS ip, x.app AS app,
      CASE
        WHEN i.ip_class IN ('private', 'reserved') THEN 0
        WHEN ${RECORD_PLOTTABLE} THEN 1
        WHEN p.level = 'city' THEN 2
        WHEN i.lat IS NOT NULL THEN 3
        WHEN p.lat IS NOT NULL THEN 4
        ELSE 0
      END AS src
    FROM temp.geo_pending x
    LEFT JOIN ip_info i ON i.ip = x.ip
    LEFT JOIN temp.geo_places p ON p.key = ${PLACE_KEY('x')}
    LEFT JOIN temp.geo_asn_kinds k ON k.asn = coalesce(x.asn, i.asn)
    WHERE x.pk > @lo AND x.pk <= @hi
  )`;

/**
 * The pass at the end of an import (in the import's worker): places the new and changed sign-ins.
 * A failure (e.g. the analyst's .mmdb went missing) is reported as progress with an error, never
 * as a failed import: the sign-ins are in, and the analyst can re-run enrichment.
 */
export function enrichAfterImport(db: CaseDb, signal: AbortSignal | undefined, onProgress: (p: EnrichProgress & { error: string | null }) => void): EnrichResult | null {
  try {
    return enrichGeo(db, { signal, trigger: 'import', onProgress: (p) => onProgress({ ...p, error: null }) });
  } catch (err) {
    onProgress({ phase: 'done', processed: 0, total: 0, finished: true, error: (err as Error).message ?? String(err) });
    return null;
  }
}

/**
 * Whether a pass is due: unplaced sign-ins, or answers cached from another IP database than the
 * case now uses. (A database that cannot be opened is not a reason: the pass would fail.)
 */
export function enrichmentDue(db: CaseDb): boolean {
  if (pendingSignIns(db) > 0) return true;
  try {
    return db.prepare('SELECT 1 FROM ip_info WHERE ip_db <> ? LIMIT 1').get(ipDatabaseFor(db).id) !== undefined;
  } catch {
    return false;
  }
}

/** Places what is not placed yet (detections and commands that read signin_geo call this first). */
export function ensureEnriched(db: CaseDb): void {
  if (pendingSignIns(db) > 0) enrichGeo(db);
}
