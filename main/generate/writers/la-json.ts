// Log Analytics rows as JSON (no public sample; formats.md §5 infers the shape): one JSON array per table
// (`SigninLogs_<from>_<to>.json`, …), objects keyed by the LA column names (`TimeGenerated`, not the CSV's
// `TimeGenerated [UTC]`), ISO dates with seven fraction digits, dynamic columns as objects, one object per line.
import { iso7, LA_TABLE, rangeStamp, TypedFiles, type SignInWriter } from './common';
import type { Tenant } from '../tenant';
import { LA_COLUMNS, LA_DATE_COLUMNS, laValues } from './la-record';

export function laJsonWriter(dir: string, tenant: Tenant): SignInWriter {
  const stamp = rangeStamp(tenant);
  const files = new TypedFiles(
    dir,
    'la-json',
    (type) => `${LA_TABLE[type]}_${stamp}.json`,
    (_type, sink) => sink.write('['),
    (_type, sink) => sink.write(sink.rows ? '\n]\n' : ']\n'),
  );
  return {
    write(rec) {
      const values = laValues(rec, tenant);
      const row: Record<string, unknown> = {};
      for (const c of LA_COLUMNS[rec.type]) {
        const v = values[c];
        row[c] = LA_DATE_COLUMNS.has(c) ? iso7(v as number) : v === undefined ? null : v;
      }
      const sink = files.get(rec.type);
      sink.write((sink.rows ? ',\n' : '\n') + JSON.stringify(row));
      sink.rows++;
    },
    close: () => files.close(),
  };
}
