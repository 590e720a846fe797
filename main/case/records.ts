// Canonical records out of stored rows: merged ones as stored, the rest re-read from their raw
// record through their evidence's reader, one reader pass per evidence file.
import type { SignIn, SourceFormat } from '../../preload/contract';
import { rereadSignIns, type EvidenceMeta } from '../ingest/reread';
import type { DateOrder } from '../ingest/types';
import { withIngested } from './columns';
import type { CaseDb } from './db';

export type StoredRecord = { raw: string; src_evidence: number; merged: string | null; ingested_ms: number | null };

const metaCache = new WeakMap<CaseDb, Map<number, EvidenceMeta>>();

/** How an evidence file was read. Cached once committed (evidence rows never change after import). */
export function evidenceMeta(db: CaseDb, id: number): EvidenceMeta {
  const cache = metaCache.get(db) ?? new Map<number, EvidenceMeta>();
  metaCache.set(db, cache);
  const hit = cache.get(id);
  if (hit) return hit;
  const row = db.prepare('SELECT name, format, columns, read_options FROM evidence WHERE id = ?').get(id) as
    | { name: string; format: SourceFormat; columns: string | null; read_options: string }
    | undefined;
  if (!row) throw new Error(`evidence ${id} is missing from the case`);
  const options = JSON.parse(row.read_options) as { dateOrder?: DateOrder };
  const meta: EvidenceMeta = { name: row.name, format: row.format, columns: row.columns ? (JSON.parse(row.columns) as string[]) : null, dateOrder: options.dateOrder };
  if (!db.inTransaction) cache.set(id, meta);
  return meta;
}

/** Drops this connection's cached reading of an evidence (it was removed; its id may be used again). */
export function forgetEvidenceMeta(db: CaseDb, id: number): void {
  metaCache.get(db)?.delete(id);
}

/** The canonical sign-ins of stored rows, in the rows' order, with their ingestion times. */
export async function materialize(db: CaseDb, rows: StoredRecord[]): Promise<SignIn[]> {
  const out: (SignIn | undefined)[] = new Array(rows.length);
  const byEvidence = new Map<number, number[]>();
  rows.forEach((r, i) => {
    if (r.merged !== null) out[i] = withIngested(JSON.parse(r.merged) as SignIn, r.ingested_ms);
    else byEvidence.set(r.src_evidence, [...(byEvidence.get(r.src_evidence) ?? []), i]);
  });
  for (const [evidence, indexes] of byEvidence) {
    const signIns = await rereadSignIns(evidenceMeta(db, evidence), indexes.map((i) => rows[i]!.raw));
    indexes.forEach((rowIndex, k) => (out[rowIndex] = withIngested(signIns[k]!, rows[rowIndex]!.ingested_ms)));
  }
  return out as SignIn[];
}

/** A CSV row's raw cells named by its evidence file's header; other sources' raw text as it is. */
export function namedRaw(db: CaseDb, raw: string, evidence: number): string {
  const meta = evidenceMeta(db, evidence);
  if (!meta.columns) return raw;
  const cells = JSON.parse(raw) as string[];
  const named: Record<string, string> = {};
  cells.forEach((cell, i) => {
    const name = meta.columns![i] ?? `column ${i + 1}`;
    named[name in named ? `${name} (column ${i + 1})` : name] = cell;
  });
  return JSON.stringify(named);
}
