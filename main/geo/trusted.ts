// The analyst's trusted networks and places for a case: office egress CIDRs, VPN concentrators,
// offices. The map draws them differently; travel and the detections annotate and down-rank what
// touches them (never hide it).
import { cidrRange, ipHex } from '../case/ip';
import type { CaseDb } from '../case/db';
import type { Trusted } from '../detect/types';
import { greatCircleKm } from './distance';

export type TrustedRange = { id?: number; cidr: string; label: string };
export type TrustedPlace = { id?: number; label: string; lat: number; lon: number; radiusKm: number };
export type TrustedLists = { ranges: TrustedRange[]; places: TrustedPlace[] };

/** Trusted with the analyst's labels, for explanations ("first IP is in trusted range Office egress"). */
export type TrustedSet = Trusted & {
  ipLabel(ip: string | null | undefined): string | null;
  placeLabel(lat: number | null | undefined, lon: number | null | undefined): string | null;
  readonly empty: boolean;
};

export class TrustedInputError extends Error {}

type RangeRow = { id: number; cidr: string; label: string; low_hex: string; high_hex: string };
type PlaceRow = { id: number; label: string; lat: number; lon: number; radius_km: number };

export function getTrusted(db: CaseDb): TrustedLists {
  const ranges = db.prepare('SELECT id, cidr, label FROM geo_trusted_ranges ORDER BY id').all() as TrustedRange[];
  const places = (db.prepare('SELECT id, label, lat, lon, radius_km FROM geo_trusted_places ORDER BY id').all() as PlaceRow[]).map((p) => ({ id: p.id, label: p.label, lat: p.lat, lon: p.lon, radiusKm: p.radius_km }));
  return { ranges, places };
}

/** A CIDR block, or a single address (as a /32 or /128), as its hex range; a clear error otherwise. */
export function parseTrustedRange(text: string): { cidr: string; low: string; high: string } {
  const t = text.trim();
  const cidr = t.includes('/') ? t : `${t}/${t.includes(':') ? 128 : 32}`;
  const range = cidrRange(cidr);
  if (!range) throw new TrustedInputError(`"${text}" is not an IP address or CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/48)`);
  return { cidr, ...range };
}

/** Replaces the case's trusted lists (validated first: nothing changes on a bad entry). */
export function setTrusted(db: CaseDb, lists: TrustedLists): TrustedLists {
  const ranges = lists.ranges.map((r) => ({ ...parseTrustedRange(r.cidr), label: r.label.trim() }));
  for (const p of lists.places) {
    if (!(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180) || (p.lat === 0 && p.lon === 0)) throw new TrustedInputError(`trusted place "${p.label}": ${p.lat},${p.lon} is not a location`);
    if (!(p.radiusKm > 0 && p.radiusKm <= 5000)) throw new TrustedInputError(`trusted place "${p.label}": the radius must be between 0 and 5000 km`);
  }
  const now = new Date().toISOString();
  db.transaction(() => {
    db.exec('DELETE FROM geo_trusted_ranges; DELETE FROM geo_trusted_places;');
    const addRange = db.prepare('INSERT INTO geo_trusted_ranges (cidr, label, low_hex, high_hex, created_at) VALUES (?, ?, ?, ?, ?)');
    for (const r of ranges) addRange.run(r.cidr, r.label, r.low, r.high, now);
    const addPlace = db.prepare('INSERT INTO geo_trusted_places (label, lat, lon, radius_km, created_at) VALUES (?, ?, ?, ?, ?)');
    for (const p of lists.places) addPlace.run(p.label.trim(), p.lat, p.lon, p.radiusKm, now);
  })();
  return getTrusted(db);
}

/** The case's trusted ranges and places as quick membership tests (agreed in COMMON.md for the detections). */
export function loadTrusted(db: CaseDb): TrustedSet {
  const ranges = db.prepare('SELECT id, cidr, label, low_hex, high_hex FROM geo_trusted_ranges').all() as RangeRow[];
  const places = db.prepare('SELECT id, label, lat, lon, radius_km FROM geo_trusted_places').all() as PlaceRow[];
  const ipCache = new Map<string, string | null>();
  const ipLabel = (ip: string | null | undefined): string | null => {
    if (!ip || ranges.length === 0) return null;
    let hit = ipCache.get(ip);
    if (hit === undefined) {
      const hex = ipHex(ip);
      const r = hex ? ranges.find((x) => hex >= x.low_hex && hex <= x.high_hex) : undefined;
      hit = r ? r.label || r.cidr : null;
      ipCache.set(ip, hit);
    }
    return hit;
  };
  const placeLabel = (lat: number | null | undefined, lon: number | null | undefined): string | null => {
    if (typeof lat !== 'number' || typeof lon !== 'number' || places.length === 0) return null;
    const p = places.find((x) => greatCircleKm(lat, lon, x.lat, x.lon) <= x.radius_km);
    return p ? p.label || `${p.lat},${p.lon}` : null;
  };
  return {
    ip: (ip) => ipLabel(ip) !== null,
    place: (lat, lon) => placeLabel(lat, lon) !== null,
    ipLabel,
    placeLabel,
    empty: ranges.length === 0 && places.length === 0,
  };
}

/**
 * A detection's Trusted (which may come from elsewhere, e.g. a test's CIDR list) with the case's
 * labels where they match, so explanations can name the trusted range or place.
 */
export function withLabels(trusted: Trusted, db: CaseDb): TrustedSet {
  const named = loadTrusted(db);
  return {
    ip: (ip) => trusted.ip(ip),
    place: (lat, lon) => trusted.place(lat, lon),
    // '' = trusted, but without a name in this case.
    ipLabel: (ip) => (trusted.ip(ip) ? (named.ipLabel(ip) ?? '') : null),
    placeLabel: (lat, lon) => (trusted.place(lat, lon) ? (named.placeLabel(lat, lon) ?? '') : null),
    empty: false,
  };
}
