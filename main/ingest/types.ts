import type { SignIn, SourceFormat } from '../../preload/contract';

/** One source record turned into the canonical shape, ready for the case. */
export type NormalizedRecord = {
  signIn: SignIn;
  /** Original creation-time text as the source wrote it. */
  createdRaw: string;
  /** Ingestion time (Log Analytics TimeGenerated), used only to order versions of one sign-in. */
  ingestedMs: number | null;
  /** The source record verbatim: its own text for JSON; for CSV a JSON array of the row's cells. */
  raw: string;
  /** True when `raw` is CSV cells, named by the file's header (ReadContext.columns). */
  rawCells?: boolean;
};

/** A row the normalizer could not turn into a sign-in; the file still imports. */
export class RowError extends Error {}

/** The whole file is not what it claims to be; nothing of it is written. */
export class FileRejected extends Error {}

/** One record read from a file, normalized on demand (a RowError rejects just this row). */
export type SourceRecord = { line: number | null; recordIndex: number | null; normalize(): NormalizedRecord };

/** A file opened in a known format: its records, and warnings that concern the whole file. */
export type FormatReader = { format: SourceFormat; records: AsyncIterable<SourceRecord> };

export type DateOrder = 'dmy' | 'mdy';

export type ReadContext = {
  /** The file's name (for messages) and its path. */
  name: string;
  path: string;
  /** A fresh decoded text stream of the whole file (BOM removed). */
  text(): AsyncIterable<string>;
  /** The decoded first 64 KB, for header checks. */
  head: string;
  dateOrder: DateOrder | undefined;
  warnings: Warnings;
  /** A CSV reader records the file's header here; it names the cells of every row's raw record. */
  columns: string[] | null;
};

/**
 * File-level warnings, aggregated: the same kind of issue on a million rows is one line with a
 * count and the first place it was seen, not a million lines.
 */
export class Warnings {
  private readonly byKey = new Map<string, { message: string; count: number; firstLine: number | null }>();

  add(key: string, message: string, line: number | null = null): void {
    const seen = this.byKey.get(key);
    if (seen) seen.count++;
    else this.byKey.set(key, { message, count: 1, firstLine: line });
  }

  list(): string[] {
    return [...this.byKey.values()].map((w) =>
      w.count > 1 || w.firstLine !== null ? `${w.message} (${w.count} record${w.count === 1 ? '' : 's'}${w.firstLine !== null ? `, first at line ${w.firstLine}` : ''})` : w.message,
    );
  }
}
