// The parsing half of an import: a file's records, normalized and turned into the rows the case
// stores. Runs on its own thread (parse-worker.ts) while the writer inserts, so both cores work.
import { createHash } from 'node:crypto';
import type { SourceFormat } from '../../preload/contract';
import { rowValues, toRow, type RowValues } from '../case/columns';
import { readText } from './decode';
import { readers } from './readers';
import { RowError, Warnings, type DateOrder, type ReadContext } from './types';

export type ParseJob = { file: string; name: string; head: string; format: SourceFormat; dateOrder: DateOrder | undefined; evidenceId: number };

/** A record as the row to store, in SIGNIN_COLUMNS order (cheaper to send between threads than named fields), or why it was rejected. */
export type ParsedItem = { line: number; recordIndex: number; values: RowValues | null; error: string | null };

/**
 * Records per batch sent to the writer. Small batches keep the parse thread's young generation
 * small at each scavenge: at 500 a batch was still alive when V8 collected and got promoted, and the
 * thread spent a fifth of its time in GC (measured on 242k portal rows: 31 -> 25 us a row, RSS 201 -> 116 MB).
 */
export const BATCH_RECORDS = 50;

export type ParseEnd = { warnings: string[]; sha256: string; bytes: number };

/** How the file is being read; known before its first record, recorded on the evidence row. */
export type ReadMeta = { columns: string[] | null; dateOrder: DateOrder | undefined };

export type ParsedBatch = { items: ParsedItem[]; meta: ReadMeta | null };

/** Yields batches of parsed items (the first also says how the file is read); returns the file-level facts at the end. */
export async function* parseFile(job: ParseJob, batchSize = BATCH_RECORDS, onBytes?: (bytes: number) => void): AsyncGenerator<ParsedBatch, ParseEnd> {
  let lastHash = createHash('sha256');
  let bytes = 0;
  const ctx: ReadContext = {
    name: job.name,
    path: job.file,
    head: job.head,
    dateOrder: job.dateOrder,
    warnings: new Warnings(),
    columns: null,
    // Every full read hashes what it parsed; the writer compares the last one with the hash taken before.
    text: () => {
      lastHash = createHash('sha256');
      return readText(job.file, {
        hash: lastHash,
        onBytes: (b) => {
          bytes = b;
          onBytes?.(b);
        },
      });
    },
  };
  const reader = readers[job.format](ctx);
  let batch: ParsedItem[] = [];
  let index = 0;
  for await (const rec of reader.records) {
    // Every record has both: CSV rows are counted here, JSON records know their start line.
    const recordIndex = rec.recordIndex ?? index;
    const line = rec.line ?? recordIndex + 1;
    index++;
    try {
      const n = rec.normalize();
      batch.push({ line, recordIndex, values: rowValues(toRow(n.signIn, n.createdRaw, n.raw, n.ingestedMs, { evidence: job.evidenceId, index: recordIndex, line })), error: null });
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      batch.push({ line, recordIndex, values: null, error: err.message });
    }
    if (batch.length >= batchSize) {
      // Every batch says how the file is read (a CSV reader names its columns on the first good row).
      yield { items: batch, meta: { columns: ctx.columns, dateOrder: ctx.dateOrder } };
      batch = [];
    }
  }
  if (batch.length) yield { items: batch, meta: { columns: ctx.columns, dateOrder: ctx.dateOrder } };
  return { warnings: ctx.warnings.list(), sha256: lastHash.digest('hex'), bytes };
}
