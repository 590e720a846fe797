// Tables other releases add (geo, findings, annotations): entity code reads them when the case has
// them and says so when it does not, so profiles and scope work on any case.
import type { CaseDb } from '../case/db';

export function hasTable(db: CaseDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * How a sign-in's country and ASN read: the record's own value, else the geo enrichment's
 * (signin_geo, keyed by the sign-in's pk) when the case has it. Portal CSVs carry no ASN at all.
 */
export type GeoColumns = { join: string; country: string; asn: string; geo: boolean };

export function geoColumns(db: CaseDb): GeoColumns {
  // An empty table (not enriched yet) would only cost a lookup per sign-in.
  if (!hasTable(db, 'signin_geo') || db.prepare('SELECT 1 FROM signin_geo LIMIT 1').get() === undefined) return { join: '', country: 's.country', asn: 's.asn', geo: false };
  return { join: 'LEFT JOIN signin_geo g ON g.signin_pk = s.pk', country: 'COALESCE(s.country, g.country_code)', asn: 'COALESCE(s.asn, g.asn)', geo: true };
}
