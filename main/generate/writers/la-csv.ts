// Log Analytics CSV export, 2026 conventions (formats.md §5): one file per table
// (`SigninLogs_<from>_<to>.csv`, `AADNonInteractiveUserSignInLogs_…`, `AADServicePrincipalSignInLogs_…`),
// UTF-8 without BOM, LF line endings, date columns named `<name> [UTC]` with en-US values
// `M/D/YYYY, h:mm:ss.fff AM/PM`, dynamic columns as compact JSON text, booleans true/false, empty = null.
import { LA_TABLE, laDate, rangeStamp, TypedFiles, type SignInWriter } from './common';
import type { Tenant } from '../tenant';
import { LA_COLUMNS, LA_DATE_COLUMNS, laValues } from './la-record';

/** Shared dynamic values (Conditional Access results, empty lists) are serialised once. */
const shared = new WeakMap<object, string>();

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

function cell(value: unknown, date: boolean): string {
  if (value === null || value === undefined) return '';
  if (date) return `"${laDate(value as number)}"`;
  if (typeof value === 'object') {
    let text = shared.get(value);
    if (text === undefined) {
      text = quote(JSON.stringify(value));
      if (Object.isFrozen(value)) shared.set(value, text);
    }
    return text;
  }
  const text = String(value);
  return text.includes('"') || text.includes(',') || text.includes('\n') || text.includes('\r') ? quote(text) : text;
}

export function laCsvWriter(dir: string, tenant: Tenant): SignInWriter {
  const stamp = rangeStamp(tenant);
  const files = new TypedFiles(
    dir,
    'la-csv',
    (type) => `${LA_TABLE[type]}_${stamp}.csv`,
    (type, sink) => sink.write(LA_COLUMNS[type].map((c) => (LA_DATE_COLUMNS.has(c) ? `"${c} [UTC]"` : c)).join(',') + '\n'),
    () => {},
  );
  return {
    write(rec) {
      const values = laValues(rec, tenant);
      const cols = LA_COLUMNS[rec.type];
      let line = '';
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i]!;
        line += (i ? ',' : '') + cell(values[c], LA_DATE_COLUMNS.has(c));
      }
      const sink = files.get(rec.type);
      sink.write(line + '\n');
      sink.rows++;
    },
    close: () => files.close(),
  };
}
