// The case's trusted networks as the detections see them (the Trusted type of ./types.ts). The geo
// area owns the tables and their loader (main/geo/trusted.ts); this adds a Trusted built from plain CIDR
// lists, for tests and callers without a case.
import { cidrRange, ipHex } from '../case/ip';
import type { CaseDb } from '../case/db';
import { greatCircleKm } from '../geo/distance';
import { loadTrusted } from '../geo/trusted';
import type { Trusted } from './types';

/** Trusts nothing: a case with no trusted ranges or places. */
export const noTrust: Trusted = { ip: () => false, place: () => false };

type Range = { low: string; high: string };
type Place = { lat: number; lon: number; radiusKm: number };

export function trustedFrom(ranges: Range[], places: Place[] = []): Trusted {
  const cache = new Map<string, boolean>();
  return {
    ip(ip) {
      if (!ip || ranges.length === 0) return false;
      let hit = cache.get(ip);
      if (hit === undefined) {
        const hex = ipHex(ip);
        hit = hex !== null && ranges.some((r) => hex >= r.low && hex <= r.high);
        cache.set(ip, hit);
      }
      return hit;
    },
    place(lat, lon) {
      if (lat === null || lat === undefined || lon === null || lon === undefined) return false;
      return places.some((p) => greatCircleKm(lat, lon, p.lat, p.lon) <= p.radiusKm);
    },
  };
}

/** A Trusted from CIDR blocks (IPv4 or IPv6); a malformed block is an error, not silently ignored. */
export function trustedFromCidrs(cidrs: string[], places: Place[] = []): Trusted {
  const ranges = cidrs.map((c) => {
    const r = cidrRange(c.trim());
    if (!r) throw new Error(`not a CIDR block: "${c}"`);
    return r;
  });
  return trustedFrom(ranges, places);
}

/** The case's trusted ranges and places, as the analyst named them on the map (the geo area's loader). */
export function caseTrusted(db: CaseDb): Trusted {
  return loadTrusted(db);
}
