// Log Analytics JSON export: objects keyed by the table's column names (formats.md §5, inference:
// dynamic columns may be objects or JSON text).
import { toCanonical } from '../canonical';
import { isRecord } from '../fields';
import { readJsonRecords } from '../json';
import { FileRejected, RowError, type FormatReader, type ReadContext } from '../types';
import { noteDuplicateKeys } from './graph-json';
import { laRow, missingSignInColumns, queryResultMessage } from './la';

export function readLaJson(ctx: ReadContext): FormatReader {
  return {
    format: 'la-json',
    records: (async function* () {
      let any = false;
      for await (const rec of readJsonRecords(ctx.text(), ctx.name)) {
        if (!any && isRecord(rec.value) && missingSignInColumns(Object.keys(rec.value))) throw new FileRejected(queryResultMessage(ctx.name));
        any = true;
        yield {
          line: rec.line,
          recordIndex: rec.recordIndex,
          normalize() {
            if (!isRecord(rec.value)) throw new RowError('not an object');
            noteDuplicateKeys(rec, ctx);
            return toCanonical(laRow(Object.entries(rec.value), rec.raw, rec.line, ctx, 'la-json'));
          },
        };
      }
      if (!any) throw new FileRejected(`${ctx.name} holds no sign-in records`);
    })(),
  };
}
