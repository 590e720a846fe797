// sightline import <case> <file-or-folder>... [--json]
import { parseArgs } from 'node:util';
import { SourceFormat, type ImportSummary } from '../../preload/contract';
import { CaseSession } from '../case/session';
import { startImport } from '../ingest/run-import';
import { cancelOnInterrupt, note, printJson, progressLine, UsageError, userPath } from './io';

export const importUsage = `sightline import <case> <file-or-folder>... [--json] [--format ${SourceFormat.options.join('|')}] [--date-order dmy|mdy]`;

function describe(summary: ImportSummary): string {
  const lines = summary.files.map((f) =>
    f.status === 'rejected'
      ? `REJECTED ${f.path}: ${f.error}`
      : `imported ${f.path} (${f.format}): ${f.records} records, ${f.inserted} new, ${f.updated} updated, ${f.duplicates} duplicates, ${f.rejectedRows} rejected rows` +
        f.rejected.map((r) => `\n  line ${r.line}: ${r.reason}`).join('') +
        f.warnings.map((w) => `\n  warning: ${w}`).join(''),
  );
  const t = summary.totals;
  lines.push(`total: ${t.records} records, ${t.inserted} new, ${t.updated} updated, ${t.duplicates} duplicates, ${t.rejectedRows} rejected rows, ${t.rejectedFiles} rejected files`);
  return lines.join('\n');
}

export async function runImport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, format: { type: 'string' }, 'date-order': { type: 'string' } },
    allowPositionals: true,
  });
  const [casePath, ...inputs] = positionals;
  if (!casePath || inputs.length === 0) throw new UsageError(`usage: ${importUsage}`);
  const format = values.format === undefined ? undefined : SourceFormat.safeParse(values.format);
  if (format && !format.success) throw new UsageError(`--format must be one of ${SourceFormat.options.join(', ')}; got "${values.format}"`);
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UsageError(`--date-order must be dmy or mdy; got "${dateOrder}"`);

  const paths = inputs.map(userPath);
  try {
    return await importInto(userPath(casePath), paths, { format: format?.data, dateOrder }, values.json === true);
  } catch (err) {
    if (!values.json) throw err;
    // A scripted caller still gets the one object it parses: every file refused, for the reason the import could not run.
    const reason = (err as Error).message ?? String(err);
    note(`sightline import: ${reason}`);
    printJson(refusedSummary(paths, reason));
    return 1;
  }
}

/** The summary of an import that could not run at all (the case would not open, the import stopped). */
function refusedSummary(paths: string[], reason: string): ImportSummary {
  return {
    files: paths.map((path) => ({ path, sha256: null, format: null, status: 'rejected', error: reason, warnings: [], records: 0, inserted: 0, updated: 0, duplicates: 0, rejectedRows: 0, rejected: [] })),
    totals: { records: 0, inserted: 0, updated: 0, duplicates: 0, rejectedRows: 0, rejectedFiles: paths.length },
  };
}

async function importInto(casePath: string, inputs: string[], options: { format: SourceFormat | undefined; dateOrder: 'dmy' | 'mdy' | undefined }, json: boolean): Promise<number> {
  const { format, dateOrder } = options;
  // The case is created (and migrated) here, so a bad case path fails before any work starts.
  const session = CaseSession.open(casePath);
  const absCase = session.path;
  session.close();

  const progress = progressLine();
  const job = startImport(absCase, inputs, {
    format,
    dateOrder,
    onProgress: (p) =>
      progress.update(
        p.phase === 'indexes'
          ? 'rebuilding the indexes…'
          : p.phase === 'search'
            ? 'indexing the search text…'
            : p.phase === 'saving'
              ? 'saving the case…'
              : `[${p.fileIndex + 1}/${p.fileCount}] ${p.file}: ${p.records.toLocaleString('en-US')} records, ${p.rowsPerSecond.toLocaleString('en-US')} rows/s${p.etaSeconds ? `, ~${Math.ceil(p.etaSeconds)} s left` : ''}`,
      ),
    // The post-pass that places the new sign-ins (geo); its failure leaves the import standing.
    onGeoProgress: (p) => {
      if (p.error) note(`the sign-ins were imported, but placing them failed: ${p.error} (run it again with: sightline travel ${absCase})`);
      else progress.update(`placing sign-ins (offline geolocation): ${p.phase} ${p.processed.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`);
    },
  });
  const stopListening = cancelOnInterrupt(progress, 'cancelling: the file being read will leave nothing behind…', () => job.cancel());
  try {
    const summary = await job.done;
    progress.done();
    if (json) printJson(summary);
    else process.stdout.write(describe(summary) + '\n');
    if (summary.totals.rejectedFiles > 0) note(`${summary.totals.rejectedFiles} file(s) rejected`);
    return summary.totals.rejectedFiles > 0 ? 1 : 0;
  } finally {
    stopListening();
  }
}
