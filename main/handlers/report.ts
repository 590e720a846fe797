// The report (contract: preload/contract/report.ts): status, preview, write to a path or through the
// save dialog, and (web mode) the files' contents for the browser to download. The PDF printer is the
// host's (Electron's printToPDF, handed in as ctx.printPdf) or Chromium's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SightlineError, type Handlers, type ReportFile, type ReportFormat } from '../../preload/contract';
import { listAudit } from '../case/audit-read';
import { lastRun } from '../case/findings';
import { chromiumStatus } from '../report/pdf';
import { previewReport, writeReport, type ReportRequest } from '../report/report';
import { requireCase, type HandlerContext } from './context';

type ReportHandlers = Pick<Handlers<HandlerContext>, 'report.status' | 'report.preview' | 'report.write' | 'report.writeDialog' | 'report.render' | 'report.cancel'>;

/** A file name from the case's name: letters, digits, dot, dash and underscore only. */
export function reportFileName(caseName: string, format: ReportFormat, now = new Date()): string {
  const base = caseName.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'case';
  return `${base}-report-${now.toISOString().slice(0, 10)}.${format}`;
}

/** The report being made in each host context (one at a time), so report.cancel can stop it. */
const making = new WeakMap<HandlerContext, AbortController>();

/** Makes the report on the report thread (the caller stays responsive); report.cancel aborts it. */
async function run(ctx: HandlerContext, req: ReportRequest, recordAs?: string) {
  const session = requireCase(ctx);
  if (making.has(ctx)) throw new SightlineError('rejected', 'a report is already being made; wait for it or cancel it');
  const controller = new AbortController();
  making.set(ctx, controller);
  try {
    return await writeReport(session.db, session.path, req, {
      via: ctx.mode === 'electron' ? 'app' : 'web',
      ...(ctx.printPdf ? { printPdf: ctx.printPdf } : {}),
      ...(recordAs ? { recordAs } : {}),
      signal: controller.signal,
      onProgress: (p) => ctx.emit('report.progress', p),
    });
  } finally {
    making.delete(ctx);
  }
}

const MIME: Record<string, string> = { '.html': 'text/html', '.pdf': 'application/pdf', '.csv': 'text/csv' };

export const reportHandlers: ReportHandlers = {
  'report.status': async (_arg, ctx) => {
    const db = requireCase(ctx).db;
    const last = listAudit(db, { action: 'report', limit: 1 }).entries[0];
    const detail = (last?.detail ?? {}) as { file?: unknown; format?: unknown };
    const chromium = chromiumStatus();
    return {
      detectionsRun: lastRun(db) !== null,
      findings: db.prepare('SELECT count(*) FROM findings').pluck().get() as number,
      evidence: db.prepare('SELECT count(*) FROM evidence').pluck().get() as number,
      pdf: ctx.printPdf ? { available: true, via: 'electron' as const, detail: 'printed by the app (Electron printToPDF)' } : { ...chromium, via: 'chromium' as const },
      last: last ? { at: last.at, analyst: last.analyst, file: typeof detail.file === 'string' ? detail.file : null, format: typeof detail.format === 'string' ? detail.format : null } : null,
    };
  },
  'report.preview': async ({ template }, ctx) => {
    const session = requireCase(ctx);
    return previewReport(session.path, template);
  },
  'report.write': async ({ format, template, path: file }, ctx) => {
    const ext = path.extname(file).toLowerCase();
    if (ext !== `.${format}` && !(format === 'html' && ext === '.htm')) throw new SightlineError('bad-request', `a ${format.toUpperCase()} report's file name must end in .${format} (got ${path.basename(file)})`);
    return run(ctx, { format, template, out: file });
  },
  'report.writeDialog': async ({ format, template }, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'no save dialog here: use report.write with a path, or report.render in a browser');
    const session = requireCase(ctx);
    const file = await ctx.dialogs.pickSavePath(reportFileName(session.info().name, format), format);
    return file ? run(ctx, { format, template, out: file }) : null;
  },
  'report.cancel': async (_arg, ctx) => {
    const controller = making.get(ctx);
    controller?.abort();
    return { cancelled: controller !== undefined };
  },
  'report.render': async ({ format, template }, ctx) => {
    const session = requireCase(ctx);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-render-'));
    try {
      const name = reportFileName(session.info().name, format);
      const result = await run(ctx, { format, template, out: path.join(dir, name) }, `download: ${name}`);
      const files: ReportFile[] = [result.path, ...result.companions].map((f) => {
        const binary = path.extname(f) === '.pdf';
        const content = fs.readFileSync(f);
        return { name: path.basename(f), mime: MIME[path.extname(f)] ?? 'application/octet-stream', encoding: binary ? 'base64' : 'utf8', content: binary ? content.toString('base64') : content.toString('utf8') };
      });
      return { result: { ...result, path: name, companions: result.companions.map((c) => path.basename(c)) }, files };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
