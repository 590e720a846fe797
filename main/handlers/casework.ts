// The analyst's work on a case (contract: preload/contract/casework.ts): case details and recent
// cases, evidence verification / coverage / removal, annotations, the audit trail, case exports.
import path from 'node:path';
import { SightlineError, type CaseExportRequest, type Handlers } from '../../preload/contract';
import { addAnnotations, annotationSummaries, editNote, listAnnotations, removeAnnotations, tagCounts } from '../case/annotations';
import { appendAudit } from '../case/audit';
import { listAudit } from '../case/audit-read';
import { caseCoverage, DEFAULT_MIN_EXPECTED } from '../case/coverage';
import { getCaseDetails, setCaseDetails } from '../case/details';
import { forgetEvidenceMeta } from '../case/records';
import { removeEvidenceOffThread } from '../case/remove-job';
import { previewRemoval } from '../case/remove-evidence';
import { verifyEvidence } from '../case/verify';
import { exportCase } from '../report/timesketch';
import { requireCase, type HandlerContext } from './context';

type CaseworkHandlers = Pick<
  Handlers<HandlerContext>,
  | 'case.details' | 'case.setDetails' | 'case.recent' | 'case.forgetRecent'
  | 'evidence.verify' | 'evidence.coverage' | 'evidence.removalPreview' | 'evidence.remove'
  | 'annotations.add' | 'annotations.remove' | 'annotations.editNote' | 'annotations.list' | 'annotations.summaries' | 'annotations.tags'
  | 'audit.list' | 'case.export' | 'case.exportDialog'
>;

/** Writes a case export, reports progress, and records it on the audit trail. */
export async function runCaseExport(ctx: HandlerContext, request: CaseExportRequest, file: string) {
  const session = requireCase(ctx);
  const started = Date.now();
  const { rows } = await exportCase(session.db, request, file, (p) => ctx.emit('export.progress', { ...p, done: false }));
  ctx.emit('export.progress', { rows, total: rows, done: true });
  appendAudit(session.db, 'export', { what: request.what, format: request.format, file, rows, filter: request.filter, ms: Date.now() - started });
  return { path: file, what: request.what, format: request.format, rows };
}

/** Work that changes what the case holds waits for a running import (and the reverse), so neither meets the other's lock. */
function afterImports<T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> {
  const next = ctx.imports.queue.then(work, work);
  ctx.imports.queue = next.catch(() => undefined);
  return next;
}

const EXTENSIONS: Record<CaseExportRequest['format'], string> = { timesketch: 'jsonl', 'timesketch-csv': 'csv', csv: 'csv', xlsx: 'xlsx' };

export const caseworkHandlers: CaseworkHandlers = {
  'case.details': async (_arg, ctx) => getCaseDetails(requireCase(ctx).db),
  'case.setDetails': async (patch, ctx) => {
    const session = requireCase(ctx);
    const details = setCaseDetails(session.db, patch);
    ctx.emit('case.changed', session.info());
    return details;
  },
  'case.recent': async (_arg, ctx) => ({ fixed: ctx.mode === 'web', cases: ctx.recent?.list() ?? [] }),
  'case.forgetRecent': async ({ path: file }, ctx) => {
    ctx.recent?.forget(file);
    return { fixed: ctx.mode === 'web', cases: ctx.recent?.list() ?? [] };
  },

  'evidence.verify': async ({ ids }, ctx) => verifyEvidence(requireCase(ctx).db, ids),
  'evidence.coverage': async ({ minExpected }, ctx) => caseCoverage(requireCase(ctx).db, minExpected ?? DEFAULT_MIN_EXPECTED),
  'evidence.removalPreview': async ({ id }, ctx) => previewRemoval(requireCase(ctx).db, id),
  'evidence.remove': async ({ id }, ctx) => {
    const session = requireCase(ctx);
    try {
      // On its own thread and connection: the UI keeps answering while a big evidence goes.
      return await afterImports(ctx, () => removeEvidenceOffThread(session.path, id));
    } finally {
      // This connection's cached reading of that evidence is stale now (its id may be used again).
      forgetEvidenceMeta(session.db, id);
      ctx.emit('case.changed', session.info());
    }
  },

  'annotations.add': async (req, ctx) => {
    const { added, skipped } = addAnnotations(requireCase(ctx).db, req);
    return { added, skipped };
  },
  'annotations.remove': async (req, ctx) => removeAnnotations(requireCase(ctx).db, req),
  'annotations.editNote': async ({ id, value }, ctx) => editNote(requireCase(ctx).db, id, value),
  'annotations.list': async (q, ctx) => listAnnotations(requireCase(ctx).db, q),
  'annotations.summaries': async ({ targetKind, targets }, ctx) => annotationSummaries(requireCase(ctx).db, targetKind, targets),
  'annotations.tags': async (_arg, ctx) => tagCounts(requireCase(ctx).db),

  'audit.list': async (q, ctx) => listAudit(requireCase(ctx).db, q),

  'case.export': async ({ request, path: file }, ctx) => {
    if (!path.isAbsolute(file)) throw new SightlineError('bad-request', `export path must be absolute: ${file}`);
    return runCaseExport(ctx, request, file);
  },
  'case.exportDialog': async ({ request }, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'file dialogs are only available in the desktop app');
    const ext = EXTENSIONS[request.format];
    const file = await ctx.dialogs.pickSavePath(`${request.what === 'findings' ? 'findings' : 'sign-ins'}${request.format.startsWith('timesketch') ? '.timesketch' : ''}.${ext}`, ext);
    return file ? runCaseExport(ctx, request, file) : null;
  },
};
