// Per-case geo settings, kept in the case's `settings` table: the travel-speed thresholds and the
// analyst's own IP database (a MaxMind .mmdb used instead of the bundled DB-IP file).
import type { CaseDb } from '../case/db';
import { bundledIpDatabase, customIpDatabase, type IpDatabase } from './ipdb';

export class GeoSettingError extends Error {}

export type TravelThresholds = {
  /** A leg at least this fast (after uncertainty) needs a plane: "fast". */
  fastKmh: number;
  /** At least this fast AND at least `minKm` apart (after uncertainty): "impossible". */
  impossibleKmh: number;
  minKm: number;
};

/**
 * detections.md (impossible-travel): 500 km and 800 km/h, Elastic's public thresholds ("500 km
 * separation + faster than a commercial airliner"). "Fast" at 250 km/h is Sightline's choice
 * (proposed): faster than any ground travel between cities, so a plane or a VPN.
 */
export const DEFAULT_THRESHOLDS: TravelThresholds = { fastKmh: 250, impossibleKmh: 800, minKm: 500 };

const TRAVEL_KEY = 'geo.travel';
const MMDB_KEY = 'geo.mmdb';

function readSetting(db: CaseDb, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return null;
  }
}

function writeSetting(db: CaseDb, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

const positive = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);

export function travelThresholds(db: CaseDb): TravelThresholds {
  const v = (readSetting(db, TRAVEL_KEY) ?? {}) as Partial<TravelThresholds>;
  return {
    fastKmh: positive(v.fastKmh, DEFAULT_THRESHOLDS.fastKmh),
    impossibleKmh: positive(v.impossibleKmh, DEFAULT_THRESHOLDS.impossibleKmh),
    minKm: positive(v.minKm, DEFAULT_THRESHOLDS.minKm),
  };
}

export function setTravelThresholds(db: CaseDb, t: TravelThresholds): void {
  if (!(t.fastKmh < t.impossibleKmh)) throw new GeoSettingError(`the "fast" speed (${t.fastKmh} km/h) must be below the "impossible" speed (${t.impossibleKmh} km/h)`);
  writeSetting(db, TRAVEL_KEY, t);
}

/** The analyst's .mmdb path for this case, or null for the bundled database. */
export function customMmdbPath(db: CaseDb): string | null {
  const v = readSetting(db, MMDB_KEY);
  return typeof v === 'string' && v.trim() ? v : null;
}

/** Sets (validating it opens as a City/Country database) or clears the case's own IP database. */
export function setCustomMmdb(db: CaseDb, file: string | null): IpDatabase {
  if (file === null) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(MMDB_KEY);
    return bundledIpDatabase();
  }
  const custom = customIpDatabase(file);
  writeSetting(db, MMDB_KEY, custom.path);
  return custom;
}

/** The IP database this case uses: `override` (a CLI --mmdb) first, then the setting, else the bundled one. */
export function ipDatabaseFor(db: CaseDb, override?: string | null): IpDatabase {
  const file = override ?? customMmdbPath(db);
  return file ? customIpDatabase(file) : bundledIpDatabase();
}
