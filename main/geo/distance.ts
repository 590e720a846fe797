// Distances and great-circle paths on a spherical Earth (R = 6371 km, as detections.md's haversine).

export const EARTH_RADIUS_KM = 6371;

/**
 * Uncertainty of a city-level location: the record's own coordinates and the IP databases place an
 * address at a city, typically tens of km from the device (detections.md: r = 50 km, after Panther).
 */
export const CITY_RADIUS_KM = 50;

const RAD = Math.PI / 180;

/** A point worth plotting: finite, on the globe, and not the 0,0 that stands for "no location". */
export function isPlottable(lat: number | null | undefined, lon: number | null | undefined): lat is number {
  return typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
}

/** Haversine great-circle distance in km. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Points along the great circle from a to b as [lat, lon], with longitudes UNWRAPPED: each differs
 * from the one before by less than 180°, so a leg across the antimeridian (Tokyo -> Honolulu) runs
 * on past 180 (to -157.86 + 360 = 202.14) instead of jumping back across the whole map. Leaflet
 * draws such a line correctly; `splitAtAntimeridian` gives pieces within ±180 for other renderers.
 */
export function greatCirclePath(lat1: number, lon1: number, lat2: number, lon2: number, opts: { stepKm?: number; maxPoints?: number } = {}): [number, number][] {
  const km = greatCircleKm(lat1, lon1, lat2, lon2);
  const segments = Math.max(1, Math.min((opts.maxPoints ?? 64) - 1, Math.ceil(km / (opts.stepKm ?? 250))));
  const p1 = toVector(lat1, lon1);
  const p2 = toVector(lat2, lon2);
  const omega = km / EARTH_RADIUS_KM;
  const out: [number, number][] = [];
  let prevLon = lon1;
  for (let s = 0; s <= segments; s++) {
    const f = s / segments;
    let lat: number;
    let lon: number;
    if (s === 0) [lat, lon] = [lat1, lon1];
    else if (s === segments) [lat, lon] = [lat2, lon2];
    else if (omega < 1e-9) [lat, lon] = [lat1, lon1];
    else {
      // Spherical linear interpolation between the two unit vectors.
      const a = Math.sin((1 - f) * omega) / Math.sin(omega);
      const b = Math.sin(f * omega) / Math.sin(omega);
      const x = a * p1[0] + b * p2[0];
      const y = a * p1[1] + b * p2[1];
      const z = a * p1[2] + b * p2[2];
      lat = Math.atan2(z, Math.hypot(x, y)) / RAD;
      lon = Math.atan2(y, x) / RAD;
    }
    // Unwrap: shift by whole turns to stay within 180° of the previous point.
    while (lon - prevLon > 180) lon -= 360;
    while (lon - prevLon < -180) lon += 360;
    prevLon = lon;
    out.push([round6(lat), round6(lon)]);
  }
  return out;
}

function toVector(lat: number, lon: number): [number, number, number] {
  const la = lat * RAD;
  const lo = lon * RAD;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Normalises a longitude into [-180, 180). */
export function wrapLon(lon: number): number {
  const w = ((((lon + 180) % 360) + 360) % 360) - 180;
  return w === -180 && lon > 0 ? 180 : w;
}

/**
 * An unwrapped path cut where it crosses ±180°, each piece within [-180, 180]: the crossing point is
 * interpolated and ends one piece (at +180 or -180) and starts the next (at the opposite sign).
 */
export function splitAtAntimeridian(path: [number, number][]): [number, number][][] {
  const pieces: [number, number][][] = [];
  let current: [number, number][] = [];
  let turn = 0;
  for (let i = 0; i < path.length; i++) {
    const [lat, lon] = path[i]!;
    const t = Math.floor((lon + 180) / 360);
    if (i > 0 && t !== turn) {
      const [plat, plon] = path[i - 1]!;
      // The meridian crossed, in unwrapped terms: 180 + 360·min(turn, t).
      const boundary = 180 + 360 * Math.min(turn, t);
      const f = (boundary - plon) / (lon - plon);
      const clat = round6(plat + f * (lat - plat));
      const endLon = t > turn ? 180 : -180;
      current.push([clat, endLon]);
      pieces.push(current);
      current = [[clat, -endLon]];
      turn = t;
    }
    current.push([lat, round6(lon - 360 * t)]);
  }
  if (current.length) pieces.push(current);
  return pieces;
}
