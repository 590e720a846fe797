// Pure geometry for the map (no Leaflet, no DOM, so it is unit-tested in Node): longitudes that
// stay continuous across the antimeridian, the smallest span of longitudes that covers a set of
// points (so a Tokyo + Honolulu case centres on the Pacific, not on Greenwich), great-circle arcs,
// and the basemap's rings that cross 180° (Russia, Fiji, Antarctica).
import { geoInterpolate } from 'd3-geo';

export type LatLon = [lat: number, lon: number];

/** Shifts `lon` by whole turns to the copy nearest `near` (within ±180° of it). */
export function wrapNear(lon: number, near: number): number {
  return lon + 360 * Math.round((near - lon) / 360);
}

/** Each longitude within 180° of the one before: a line that crosses 180° runs on past it instead of jumping back. */
export function unwrapLons<T extends LatLon>(points: readonly T[]): LatLon[] {
  const out: LatLon[] = [];
  let prev: number | null = null;
  for (const [lat, lon] of points) {
    const l: number = prev === null ? lon : wrapNear(lon, prev);
    out.push([lat, l]);
    prev = l;
  }
  return out;
}

function isContinuous(points: readonly LatLon[]): boolean {
  for (let i = 1; i < points.length; i++) if (Math.abs(points[i]![1] - points[i - 1]![1]) > 180) return false;
  return true;
}

/**
 * The great-circle arc from a to b as [lat, lon] points with unwrapped longitudes. `given` is the
 * backend's path when it sent one (already unwrapped); otherwise d3-geo interpolates `segments` steps.
 */
export function arcPoints(from: LatLon, to: LatLon, given: readonly LatLon[] = [], segments = 32): LatLon[] {
  let pts: LatLon[];
  if (given.length >= 2) pts = isContinuous(given) ? (given as LatLon[]) : unwrapLons(given);
  else {
    const interpolate = geoInterpolate([from[1], from[0]], [to[1], to[0]]);
    pts = unwrapLons(Array.from({ length: segments + 1 }, (_, i) => {
      const [lon, lat] = interpolate(i / segments);
      return [lat, lon] as LatLon;
    }));
  }
  // Whole-turn shift so the arc's middle lies in -180..180: on a world view it is drawn where the
  // basemap is, and only the end beyond the antimeridian reaches into the neighbouring copy.
  const mid = pts[Math.floor(pts.length / 2)]![1];
  const shift = wrapNear(mid, 0) - mid;
  return shift ? pts.map(([lat, lon]) => [lat, lon + shift]) : pts;
}

/**
 * The narrowest range of longitudes [west, east] (east may exceed 180) that contains every given
 * longitude: the complement of the widest empty stretch around the globe. Linear in the number of
 * points (a travel case has hundreds of thousands of arc points): the widest gap is found on a
 * one-degree grid, then the exact extremes on either side of it.
 */
export function coveringLonRange(lons: ArrayLike<number>): [west: number, east: number] | null {
  const n = lons.length;
  if (!n) return null;
  const occupied = new Uint8Array(360);
  for (let i = 0; i < n; i++) occupied[Math.min(359, Math.floor(wrapNear(lons[i]!, 0) + 180))] = 1;
  // The longest run of empty degrees, going round the globe (so scan two turns).
  let best = 0;
  let bestEnd = -1;
  let run = 0;
  for (let i = 0; i < 720; i++) {
    if (occupied[i % 360]) run = 0;
    else if (++run > best && run <= 360) {
      best = run;
      bestEnd = i % 360;
    }
  }
  // Longitudes measured eastwards from the end of the gap: the smallest is the west edge, the largest the east edge.
  const base = best ? bestEnd + 1 - 180 : -180;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const rel = (((lons[i]! - base) % 360) + 360) % 360;
    if (rel < min) min = rel;
    if (rel > max) max = rel;
  }
  return [base + min, base + max];
}

type Position = number[];
type Ring = Position[];

/**
 * A basemap ring that crosses the antimeridian, made drawable on a flat map. Two jumps (an island
 * or Chukotka astride 180°): the ring is unwrapped so it runs past 180° in one piece instead of
 * striping across the world. One jump (a ring around the pole, Antarctica): the jump is closed
 * along the pole, so the polygon fills down to the map's edge.
 */
export function fixRing(ring: Ring): Ring {
  const jumps: number[] = [];
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i]![0]! - ring[i - 1]![0]!) > 180) jumps.push(i);
  if (jumps.length === 0) return ring;
  if (jumps.length % 2 === 0) {
    const out: Ring = [];
    let prev: number | null = null;
    for (const p of ring) {
      const lon: number = prev === null ? p[0]! : wrapNear(p[0]!, prev);
      out.push([lon, p[1]!]);
      prev = lon;
    }
    // Astride rings all run on past +180 (never past -180), so the pieces of one country stay together.
    return out.some((p) => p[0]! < -180) ? out.map((p) => [p[0]! + 360, p[1]!]) : out;
  }
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    if (jumps.includes(i)) {
      const a = ring[i - 1]!;
      const b = ring[i]!;
      const pole = (a[1]! + b[1]!) / 2 < 0 ? -90 : 90;
      out.push([a[0]!, pole], [b[0]!, pole]);
    }
    out.push(ring[i]!);
  }
  return out;
}

/** Every ring of a Polygon / MultiPolygon geometry through fixRing, and the whole geometry shifted by `dLon`. */
export function fixGeometry<G extends { type: string; coordinates: unknown }>(geometry: G, dLon = 0): G {
  const shiftRing = (ring: Ring): Ring => (dLon ? fixRing(ring).map((p) => [p[0]! + dLon, p[1]!]) : fixRing(ring));
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: (geometry.coordinates as Ring[]).map(shiftRing) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: (geometry.coordinates as Ring[][]).map((poly) => poly.map(shiftRing)) };
  return geometry;
}

/** West and east longitude of a fixed geometry (to decide which copies of the world need it). */
export function lonExtent(geometry: { type: string; coordinates: unknown }): [number, number] {
  let west = Infinity;
  let east = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      west = Math.min(west, c[0]);
      east = Math.max(east, c[0]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  visit(geometry.coordinates);
  return [west, east];
}
