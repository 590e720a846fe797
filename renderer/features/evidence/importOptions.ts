// Import options as the UI names them, and the words an import ends with. Main's messages are
// written for the command line too (`--date-order dmy`); in the app the analyst has Import
// options, not flags, so those mentions are said the app's way here.
import type { DateOrder, FileImportResult, ImportOptions, ImportSummary, SourceFormat } from '../../../preload/contract';
import { countText } from '../../format';

/** Every format the contract accepts, in the order the picker lists them (a new one fails to compile here). */
export const FORMAT_LABELS: Record<SourceFormat, string> = {
  'portal-csv': 'Entra admin center CSV',
  'portal-json': 'Entra admin center JSON',
  'graph-json': 'Microsoft Graph JSON',
  'la-csv': 'Log Analytics / Sentinel CSV',
  'la-json': 'Log Analytics / Sentinel JSON',
  'azure-monitor-jsonl': 'Azure Monitor diagnostic JSON lines',
  'powershell-csv': 'PowerShell Export-Csv',
  ual: 'Unified Audit Log sign-ins',
};

export const DATE_ORDER_LABELS: Record<DateOrder, string> = { dmy: 'Day first (dmy)', mdy: 'Month first (mdy)' };

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {};

export function isDefault(o: ImportOptions): boolean {
  return !o.format && !o.dateOrder;
}

/** The chosen non-default options in a few words, for the chip beside the Import button. */
export function describeOptions(o: ImportOptions): string {
  const parts: string[] = [];
  if (o.format) parts.push(`format ${o.format}`);
  if (o.dateOrder) parts.push(`dates ${DATE_ORDER_LABELS[o.dateOrder].toLowerCase()}`);
  return parts.join(', ');
}

/** Main's mentions of the `--date-order` flag, said as the Import options say them. */
export function forAnalyst(text: string): string {
  return text
    .replace(
      /Import it again with --date-order dmy or --date-order mdy(?: \(the order of the computer that (?:exported|saved) it\))?\.?/,
      'Choose a date order in Import options (Day first or Month first: the order of the computer that exported it), then import it again.',
    )
    .replace(/--date-order (dmy|mdy)\b/g, (_m, o: DateOrder) => `the date order ${DATE_ORDER_LABELS[o]}`)
    .replace(/--date-order\b/g, 'the date order (Import options)');
}

/** A refusal's reason for the analyst: one that needs a date order always says where to choose it. */
export function refusalText(reason: string): string {
  if (!reason.includes('--date-order')) return reason;
  const text = forAnalyst(reason);
  return text.includes('Import options') ? text : `${text} Choose a date order in Import options, then import it again.`;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** A file the analyst stopped: main reports it as not imported, with this reason, and records no refusal. */
export function wasCancelled(f: FileImportResult): boolean {
  return f.status === 'rejected' && /^import cancelled\b/i.test(f.error ?? '');
}

/**
 * The banner an import ends with. `notSent`: files of a web-mode import never uploaded because the
 * analyst cancelled first.
 */
export function importOutcome(summaries: ImportSummary[], notSent = 0): { kind: 'info' | 'error'; text: string } {
  const files = summaries.flatMap((s) => s.files);
  const cancelled = files.filter(wasCancelled);
  const refused = files.filter((f) => f.status === 'rejected' && !wasCancelled(f));
  const imported = files.filter((f) => f.status === 'imported');
  const parts: string[] = [];
  if (imported.length || (!cancelled.length && !refused.length)) {
    parts.push(`Imported ${countText(imported.length, 'file')}: ${countText(imported.reduce((n, f) => n + f.inserted, 0), 'new sign-in')}.`);
  }
  if (cancelled.length || notSent) {
    const names = cancelled.map((f) => baseName(f.path));
    parts.push(`Import cancelled: nothing of ${names.length ? names.join(', ') : 'the files not yet read'} was kept${notSent ? `; ${countText(notSent, 'more file')} not sent` : ''}.`);
  }
  for (const f of refused) parts.push(`Refused: ${refusalText(f.error ?? `${baseName(f.path)} could not be read`)}`);
  if (refused.length) parts.push('Refused files are listed in the Evidence view.');
  return { kind: refused.length ? 'error' : 'info', text: parts.join(' ') };
}
