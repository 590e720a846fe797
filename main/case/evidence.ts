// Evidence rows: one per file read into the case, with its hash and what the import made of it.
import type { Evidence, SourceFormat } from '../../preload/contract';
import type { CaseDb } from './db';

export type NewEvidence = { name: string; path: string; size: number; sha256: string; format: SourceFormat; source: 'file' | 'graph' };
export type EvidenceCounts = { records: number; inserted: number; updated: number; duplicates: number; rejectedRows: number; rejected: { line: number; reason: string }[] };

export function findEvidenceByHash(db: CaseDb, sha256: string): number | null {
  const row = db.prepare('SELECT id FROM evidence WHERE sha256 = ? ORDER BY id LIMIT 1').get(sha256) as { id: number } | undefined;
  return row?.id ?? null;
}

export function insertEvidence(db: CaseDb, e: NewEvidence): number {
  return Number(
    db
      .prepare('INSERT INTO evidence (name, path, size, sha256, format, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.name, e.path, e.size, e.sha256, e.format, e.source, new Date().toISOString()).lastInsertRowid,
  );
}

export function recordEvidenceCounts(db: CaseDb, id: number, c: EvidenceCounts, warnings: string[]): void {
  db.prepare('UPDATE evidence SET records = ?, inserted = ?, updated = ?, duplicates = ?, rejected_rows = ?, warnings = ?, rejected = ? WHERE id = ?').run(
    c.records, c.inserted, c.updated, c.duplicates, c.rejectedRows, JSON.stringify(warnings), JSON.stringify(c.rejected), id,
  );
}

/** How the file was read (its CSV header, its date order): what re-reading a stored raw record needs. */
export function recordReadMeta(db: CaseDb, id: number, columns: string[] | null, options: Record<string, unknown>): void {
  db.prepare('UPDATE evidence SET columns = ?, read_options = ? WHERE id = ?').run(columns ? JSON.stringify(columns) : null, JSON.stringify(options), id);
}

export function listEvidence(db: CaseDb): Evidence[] {
  const rows = db
    .prepare(
      `SELECT id, name, path, size, sha256, format, source, imported_at AS importedAt, records, inserted, updated,
              duplicates, rejected_rows AS rejectedRows, warnings, rejected FROM evidence ORDER BY id`,
    )
    .all() as (Omit<Evidence, 'warnings' | 'rejected'> & { warnings: string; rejected: string })[];
  return rows.map((r) => ({ ...r, warnings: JSON.parse(r.warnings) as string[], rejected: JSON.parse(r.rejected) as Evidence['rejected'] }));
}
