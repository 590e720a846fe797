// Log Analytics / Sentinel CSV exports of the sign-in tables (formats.md §5).
import { toCanonical } from '../canonical';
import { checkColumnCount, csvRaw, readCsv } from '../csv';
import { csvDateReader } from '../date-order';
import { FileRejected, type FormatReader, type ReadContext } from '../types';
import { laRow, missingSignInColumns, queryResultMessage } from './la';

/** Header cells -> a raw-record object; a repeated name gets its column number so no cell is lost. */
export function rawObject(headers: string[], cells: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  headers.forEach((h, i) => {
    raw[h in raw ? `${h} (column ${i + 1})` : h] = cells[i] ?? '';
  });
  return raw;
}

export function readLaCsv(ctx: ReadContext): FormatReader {
  return {
    format: 'la-csv',
    records: (async function* () {
      let headers: string[] | null = null;
      let rows = 0;
      const dateOf = csvDateReader(ctx);
      for await (const rec of readCsv(ctx.text())) {
        if (!headers) {
          headers = rec.cells.map((h) => h.trim());
          if (missingSignInColumns(headers)) throw new FileRejected(queryResultMessage(ctx.name));
          continue;
        }
        rows++;
        const h = headers;
        yield {
          line: rec.line,
          recordIndex: null,
          normalize() {
            checkColumnCount(rec, h.length);
            const { raw } = csvRaw(ctx, h, rec.cells);
            return toCanonical({ ...laRow(h.map((name, i) => [name, rec.cells[i]!]), raw, rec.line, ctx, 'la-csv'), rawCells: true, parseDate: (text) => dateOf(text, rec.line) });
          },
        };
      }
      if (!headers) throw new FileRejected(`${ctx.name} is empty`);
      if (rows === 0) throw new FileRejected(`${ctx.name} has a header but no sign-in rows`);
    })(),
  };
}
