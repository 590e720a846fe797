// sightline import <case> <file-or-folder>... [--json]
import { parseArgs } from 'node:util';
import type { ImportSummary } from '../../preload/contract';
import { CaseSession } from '../case/session';
import { importFiles } from '../ingest/import';
import { note, printJson, progressLine, UsageError, userPath } from './io';

export const importUsage = 'sightline import <case> <file-or-folder>... [--json]';

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
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath, ...inputs] = positionals;
  if (!casePath || inputs.length === 0) throw new UsageError(`usage: ${importUsage}`);
  const session = CaseSession.open(userPath(casePath));
  const progress = progressLine();
  try {
    const summary = await importFiles(session.db, inputs.map(userPath), {
      onProgress: (p) => progress.update(`[${p.fileIndex + 1}/${p.fileCount}] ${p.file}: ${p.records} records, ${p.rowsPerSecond} rows/s`),
    });
    progress.done();
    if (values.json) printJson(summary);
    else process.stdout.write(describe(summary) + '\n');
    if (summary.totals.rejectedFiles > 0) note(`${summary.totals.rejectedFiles} file(s) rejected`);
    return summary.totals.rejectedFiles > 0 ? 1 : 0;
  } finally {
    session.close();
  }
}
