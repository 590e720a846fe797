// sightline report: the case report as self-contained HTML, or a PDF printed by Chromium
// (SIGHTLINE_CHROMIUM, default /usr/bin/chromium). The format follows the --out file's extension.
// It is made on the report thread; progress shows on a terminal's stderr, and Ctrl+C (SIGINT) cancels
// it cleanly: exit 130, no file left behind, nothing on the audit trail.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ReportTemplate, type ReportFormat } from '../../preload/contract';
import { CaseSession } from '../case/session';
import { ReportCancelled, writeReport } from '../report/report';
import { cancelOnInterrupt, note, printJson, progressLine, UsageError, userPath } from './io';

export const reportUsage = 'sightline report <case> --out FILE.html|FILE.pdf [--template full|summary] [--json]';

export function formatOf(out: string): ReportFormat {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  throw new UsageError(`--out must name a .html or .pdf file; got "${out}"`);
}

export async function runReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, template: { type: 'string', default: 'full' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1 || !values.out) throw new UsageError(`usage: ${reportUsage}`);
  const template = ReportTemplate.safeParse(values.template);
  if (!template.success) throw new UsageError(`--template must be full or summary; got "${values.template}"`);
  const out = userPath(values.out);
  const format = formatOf(out);
  const session = CaseSession.open(userPath(casePath), { mustExist: true });
  const progress = progressLine();
  const controller = new AbortController();
  const stopListening = cancelOnInterrupt(progress, 'cancelling the report: nothing will be written…', () => controller.abort());
  try {
    let result;
    try {
      result = await writeReport(session.db, session.path, { format, template: template.data, out }, {
        via: 'cli',
        signal: controller.signal,
        onProgress: (p) => (p.done ? progress.done() : progress.update(`report: ${p.step} (${p.index + 1}/${p.count})`)),
      });
    } catch (err) {
      if (!(err instanceof ReportCancelled)) throw err;
      progress.done();
      note('report cancelled: no file was written.');
      return 130;
    }
    progress.done();
    if (result.detectionsRan) note(`Detections had never been run on this case: the report ran them first (${result.findings} findings).`);
    if (result.verification.failed) note(`WARNING: ${result.verification.failed} of ${result.verification.checked} evidence files FAILED hash re-verification (see the report's Evidence section).`);
    for (const c of result.companions) note(`companion file: ${c}`);
    if (values.json) printJson(result);
    else process.stdout.write(`${result.path}\n`);
    return 0;
  } finally {
    stopListening();
    progress.done();
    session.close();
  }
}
