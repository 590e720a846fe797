// Importing records that arrive as JSON texts rather than as a file (a live collection's pages):
// the same reader, normalizer, dedupe and evidence path as a file import of the same format. Each
// record's raw is its JSON text exactly as given, so the case re-reads it from raw like any other
// (format 'graph-json' re-reads from the raw JSON alone).
import type { SourceFormat } from '../../preload/contract';
import { toRow } from '../case/columns';
import type { CaseDb } from '../case/db';
import { insertEvidence, recordEvidenceCounts, type NewEvidence } from '../case/evidence';
import { indexSearchText, maxSignInPk } from '../case/fts';
import { signInWriter } from '../case/signins';
import { graphRecord } from './formats/graph-json';
import { readJsonRecords, type JsonRecord } from './json';
import { RowError, Warnings, type ReadContext } from './types';

/** One record: its JSON text verbatim, where it was seen (e.g. page number) and its index in the evidence. */
export type RecordText = { raw: string; line: number; recordIndex: number };

export type RecordCounts = { records: number; inserted: number; updated: number; duplicates: number; rejectedRows: number; rejected: { line: number; reason: string }[] };

export const emptyCounts = (): RecordCounts => ({ records: 0, inserted: 0, updated: 0, duplicates: 0, rejectedRows: 0, rejected: [] });

export function addCounts(into: RecordCounts, c: RecordCounts, maxListed = 1000): void {
  into.records += c.records;
  into.inserted += c.inserted;
  into.updated += c.updated;
  into.duplicates += c.duplicates;
  into.rejectedRows += c.rejectedRows;
  into.rejected.push(...c.rejected.slice(0, Math.max(0, maxListed - into.rejected.length)));
}

/** JSON formats whose records are Graph-style objects. */
export type JsonRecordFormat = Extract<SourceFormat, 'graph-json' | 'portal-json'>;

export type RecordWriter = {
  /** Writes records of the evidence; call inside the caller's transaction. File-level warnings go to `warnings`. */
  write(records: RecordText[]): Promise<RecordCounts>;
  warnings: Warnings;
};

/**
 * A writer for one evidence row's records (build once, call per batch). Texts are read with the
 * file reader's JSON grammar (strict, duplicate keys noted) and normalized by the format's reader.
 */
export function recordWriter(db: CaseDb, evidence: { id: number; name: string; format: JsonRecordFormat }): RecordWriter {
  const write = signInWriter(db);
  const warnings = new Warnings();
  const ctx: ReadContext = { name: evidence.name, path: evidence.name, head: '', dateOrder: undefined, warnings, columns: null, text: async function* () {} };
  return {
    warnings,
    async write(records) {
      const counts = emptyCounts();
      if (records.length === 0) return counts;
      // One strict pass over the texts as JSON lines; each must be exactly one object.
      const parsed: JsonRecord[] = [];
      for await (const rec of readJsonRecords(
        (async function* () {
          yield records.map((r) => r.raw).join('\n');
        })(),
        evidence.name,
      )) {
        parsed.push(rec);
      }
      if (parsed.length !== records.length) throw new Error(`${evidence.name}: ${records.length} record texts held ${parsed.length} JSON values`);
      const lastPkBefore = maxSignInPk(db);
      for (const [i, r] of records.entries()) {
        const rec = { ...parsed[i]!, raw: r.raw, line: r.line, recordIndex: r.recordIndex };
        counts.records++;
        try {
          const n = graphRecord(rec, ctx, evidence.format).normalize();
          const row = toRow(n.signIn, n.createdRaw, n.raw, n.ingestedMs, { evidence: evidence.id, index: r.recordIndex, line: r.line });
          const outcome = await write(row, { evidenceId: evidence.id, line: r.line, recordIndex: r.recordIndex });
          counts[outcome === 'inserted' ? 'inserted' : outcome === 'updated' ? 'updated' : 'duplicates']++;
        } catch (err) {
          if (!(err instanceof RowError)) throw err;
          counts.rejectedRows++;
          if (counts.rejected.length < 1000) counts.rejected.push({ line: r.line, reason: err.message });
        }
      }
      // Collected sign-ins are searchable like imported ones.
      indexSearchText(db, lastPkBefore, write.changed);
      write.changed.clear();
      return counts;
    },
  };
}

/**
 * A batch of record texts as one new evidence row, in one transaction: all of it lands, or nothing.
 * Returns the evidence id and what became of the records.
 */
export async function importRecordTexts(db: CaseDb, evidence: NewEvidence & { format: JsonRecordFormat }, records: RecordText[]): Promise<{ evidenceId: number; counts: RecordCounts; warnings: string[] }> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const evidenceId = insertEvidence(db, evidence);
    const writer = recordWriter(db, { id: evidenceId, name: evidence.name, format: evidence.format });
    const counts = await writer.write(records);
    const warnings = writer.warnings.list();
    recordEvidenceCounts(db, evidenceId, counts, warnings);
    db.exec('COMMIT');
    return { evidenceId, counts, warnings };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
