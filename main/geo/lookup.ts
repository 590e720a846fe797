// Everything the offline data says about one address: class, AS, network kind, place.
import { lookupAsn } from './asn';
import { parseIp, type IpClass } from './ip-class';
import type { IpDatabase } from './ipdb';
import type { NetworkKind } from './networks';

export type IpInfo = {
  ip: string;
  ipClass: IpClass;
  version: 4 | 6 | null;
  asn: number | null;
  asOrg: string | null;
  networkKind: NetworkKind | null;
  countryCode: string | null;
  region: string | null;
  city: string | null;
  /** Null for private, reserved and unknown addresses: they are never placed. */
  lat: number | null;
  lon: number | null;
  radiusKm: number | null;
  ipDb: string;
};

export function lookupIp(ip: string, database: IpDatabase, kinds: ReadonlyMap<number, NetworkKind>): IpInfo {
  const parsed = parseIp(ip);
  const as = lookupAsn(parsed);
  const loc = database.lookup(parsed);
  return {
    ip,
    ipClass: parsed.class,
    version: parsed.version,
    asn: as?.asn ?? null,
    asOrg: as?.org ?? null,
    networkKind: as ? (kinds.get(as.asn) ?? null) : null,
    countryCode: loc?.countryCode ?? null,
    region: loc?.region ?? null,
    city: loc?.city ?? null,
    lat: loc?.lat ?? null,
    lon: loc?.lon ?? null,
    radiusKm: loc?.radiusKm ?? null,
    ipDb: database.id,
  };
}

/** "Seattle, US", "US", or null: how places read in lists and explanations. */
export function placeLabel(city: string | null | undefined, countryCode: string | null | undefined): string | null {
  const c = city?.trim();
  const cc = countryCode?.trim().toUpperCase();
  if (c && cc) return `${c}, ${cc}`;
  return c || cc || null;
}
