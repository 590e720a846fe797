// Which autonomous systems are hosting, VPN or anonymiser networks: the curated list shipped in
// data/network-asns.json (each entry with its public source), with the analyst's per-case changes
// (table geo_asn_overrides) on top.
import type { CaseDb } from '../case/db';
import curated from './data/network-asns.json';

export type NetworkKind = 'hosting' | 'vpn' | 'anonymizer';
export const NETWORK_KINDS: readonly NetworkKind[] = ['hosting', 'vpn', 'anonymizer'];

export type CuratedAsn = { asn: number; kind: NetworkKind; name: string; role: string; source: string };

export type AsnEntry = {
  asn: number;
  /** The effective classification in this case; 'none' = the analyst dropped a curated entry. */
  kind: NetworkKind | 'none';
  name: string;
  role: string;
  source: string | null;
  origin: 'curated' | 'analyst' | 'curated+analyst';
  note: string;
};

export const CURATED_ASNS: readonly CuratedAsn[] = (curated.entries as CuratedAsn[]).map((e) => ({ ...e }));

type OverrideRow = { asn: number; kind: NetworkKind | 'none'; label: string; note: string };

function overrides(db: CaseDb): OverrideRow[] {
  return db.prepare('SELECT asn, kind, label, note FROM geo_asn_overrides ORDER BY asn').all() as OverrideRow[];
}

/** The curated list merged with the case's overrides, ordered by ASN. */
export function asnEntries(db: CaseDb): AsnEntry[] {
  const byAsn = new Map<number, AsnEntry>();
  for (const c of CURATED_ASNS) byAsn.set(c.asn, { asn: c.asn, kind: c.kind, name: c.name, role: c.role, source: c.source, origin: 'curated', note: '' });
  for (const o of overrides(db)) {
    const base = byAsn.get(o.asn);
    byAsn.set(o.asn, base
      ? { ...base, kind: o.kind, name: o.label || base.name, note: o.note, origin: 'curated+analyst' }
      : { asn: o.asn, kind: o.kind, name: o.label, role: 'added by the analyst', source: null, origin: 'analyst', note: o.note });
  }
  return [...byAsn.values()].sort((a, b) => a.asn - b.asn);
}

/** ASN -> kind for this case (entries the analyst set to 'none' are left out). */
export function asnKinds(db: CaseDb): Map<number, NetworkKind> {
  const out = new Map<number, NetworkKind>();
  for (const e of asnEntries(db)) if (e.kind !== 'none') out.set(e.asn, e.kind);
  return out;
}

export type AsnChange = { asn: number; kind: NetworkKind | 'none' | null; label?: string; note?: string };

/** Records the analyst's changes; `kind: null` removes an override (back to the curated entry, or nothing). */
export function setAsnOverrides(db: CaseDb, changes: AsnChange[]): void {
  const upsert = db.prepare(`INSERT INTO geo_asn_overrides (asn, kind, label, note, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (asn) DO UPDATE SET kind = excluded.kind, label = excluded.label, note = excluded.note, updated_at = excluded.updated_at`);
  const remove = db.prepare('DELETE FROM geo_asn_overrides WHERE asn = ?');
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const c of changes) {
      if (c.kind === null) remove.run(c.asn);
      else upsert.run(c.asn, c.kind, c.label ?? '', c.note ?? '', now);
    }
  })();
}

/**
 * Writes the case's current classification into the cached rows (ip_info and signin_geo), in
 * two set-based statements: what the map and detections read stays in step with the list.
 */
export function applyAsnKinds(db: CaseDb): void {
  loadAsnKindsTable(db);
  db.transaction(() => {
    db.exec(`UPDATE ip_info SET network_kind = (SELECT kind FROM temp.geo_asn_kinds k WHERE k.asn = ip_info.asn)
      WHERE network_kind IS NOT (SELECT kind FROM temp.geo_asn_kinds k WHERE k.asn = ip_info.asn)`);
    db.exec(`UPDATE signin_geo SET network_kind = (SELECT kind FROM temp.geo_asn_kinds k WHERE k.asn = signin_geo.asn)
      WHERE network_kind IS NOT (SELECT kind FROM temp.geo_asn_kinds k WHERE k.asn = signin_geo.asn)`);
  })();
}

/** Fills temp.geo_asn_kinds for a set-based pass (enrichment). */
export function loadAsnKindsTable(db: CaseDb): void {
  const kinds = asnKinds(db);
  db.exec('CREATE TEMP TABLE IF NOT EXISTS geo_asn_kinds (asn INTEGER PRIMARY KEY, kind TEXT NOT NULL)');
  db.exec('DELETE FROM temp.geo_asn_kinds');
  const put = db.prepare('INSERT INTO temp.geo_asn_kinds (asn, kind) VALUES (?, ?)');
  db.transaction(() => {
    for (const [asn, kind] of kinds) put.run(asn, kind);
  })();
}
