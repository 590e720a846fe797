// Streaming CSV records with the physical line each starts on (papaparse: the fastest parser
// measured here; see the import issue).
import Papa from 'papaparse';
import { Readable } from 'node:stream';

export type CsvRecord = { line: number; cells: string[] };

/**
 * Yields one record per CSV row. Newlines inside quoted cells (CRLF or LF) stay in the cell;
 * `line` is the 1-based physical line where the record starts, counted from those newlines.
 * Blank lines are skipped but still counted.
 */
export async function* readCsv(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: false }) as unknown as NodeJS.ReadWriteStream;
  Readable.from(text).on('error', (err) => parser.emit('error', err)).pipe(parser);
  let line = 1;
  for await (const row of parser as AsyncIterable<string[]>) {
    const start = line;
    let newlines = 1;
    for (const cell of row) {
      for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) newlines++;
    }
    line += newlines;
    if (row.length === 1 && row[0] === '') continue;
    yield { line: start, cells: row };
  }
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
