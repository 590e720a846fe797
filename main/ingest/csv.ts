// Streaming CSV records with the physical line each starts on (papaparse: the fastest parser
// measured here; see the import issue).
import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { RowError } from './types';

/** `line` is where the record starts, `lastLine` where it ends (later when a quoted cell holds newlines). */
export type CsvRecord = { line: number; lastLine: number; cells: string[] };

/** How many parsed chunks (64 KB of text each, see TEXT_CHUNK_BYTES in decode.ts) may wait for the reader. */
const MAX_PENDING_CHUNKS = 4;

/**
 * Yields one record per CSV row. Newlines inside quoted cells (CRLF or LF) stay in the cell;
 * `line` is the 1-based physical line where the record starts, counted from those newlines.
 * Blank lines are skipped but still counted. papaparse parses the text a chunk of rows at a time
 * (about 40% faster here than a row-per-event duplex stream); the text is fed to it only while
 * few parsed chunks are waiting, so a slow reader never makes a whole file pile up in memory.
 */
export async function* readCsv(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const chunks: string[][][] = [];
  let finished = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  let drained: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const input = text[Symbol.asyncIterator]();
  // Text in, text out: without an encoding the stream would turn each string into bytes for papaparse to decode again.
  const source = new Readable({
    encoding: 'utf8',
    read() {
      void (async () => {
        try {
          while (chunks.length >= MAX_PENDING_CHUNKS) await new Promise<void>((r) => (drained = r));
          const next = await input.next();
          this.push(next.done ? null : next.value);
        } catch (err) {
          failure = err;
          notify();
        }
      })();
    },
  });
  Papa.parse(source as unknown as File, {
    skipEmptyLines: false,
    chunk: (results: Papa.ParseResult<string[]>) => {
      chunks.push(results.data);
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (err: unknown) => {
      failure = err;
      notify();
    },
  });

  let line = 1;
  try {
    for (;;) {
      if (failure) throw failure;
      const rows = chunks.shift();
      if (!rows) {
        if (finished) return;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      (drained as (() => void) | null)?.();
      drained = null;
      for (const row of rows) {
        const start = line;
        let newlines = 1;
        for (const cell of row) {
          for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) newlines++;
        }
        line += newlines;
        if (row.length === 1 && row[0] === '') continue;
        yield { line: start, lastLine: line - 1, cells: row };
      }
    }
  } finally {
    // Stopped early (a rejected file): stop feeding the parser.
    source.destroy();
  }
}

/**
 * Throws the row's error when its cell count is not the header's. A record over several lines with
 * the wrong count most likely lost a closing quote and swallowed the rows after it: that is said,
 * so the analyst knows those sign-ins were not read either.
 */
export function checkColumnCount(rec: CsvRecord, expected: number): void {
  if (rec.cells.length === expected) return;
  const span = rec.lastLine > rec.line ? ` (the record runs over lines ${rec.line}-${rec.lastLine}: a quote may be unbalanced, so those lines were read as one row)` : '';
  throw new RowError(`expected ${expected} columns, found ${rec.cells.length}${span}`);
}

/** Header names compare case-insensitively with whitespace trimmed and collapsed (formats.md §1, step 4). */
export function normalizeHeaderName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A CSV row's raw record: its cells as JSON, named by the header the reader recorded once. */
export function csvRaw(ctx: { columns: string[] | null }, headers: string[], cells: string[]): { raw: string; rawCells: true } {
  ctx.columns ??= headers;
  return { raw: JSON.stringify(cells), rawCells: true };
}
