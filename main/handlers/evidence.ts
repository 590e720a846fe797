import { SightlineError, type Handlers, type ImportOptions, type ImportSummary } from '../../preload/contract';
import { listEvidence } from '../case/evidence';
import { startImport } from '../ingest/run-import';
import { requireCase, type HandlerContext } from './context';

type EvidenceHandlers = Pick<Handlers<HandlerContext>, 'evidence.list' | 'evidence.import' | 'evidence.cancelImport' | 'evidence.importDialog'>;

/**
 * Imports on a worker thread with its own connection, one import at a time: the UI keeps
 * answering and never sees a half-imported file.
 */
function runImport(paths: string[], options: ImportOptions, ctx: HandlerContext): Promise<ImportSummary> {
  const session = requireCase(ctx);
  const run = async () => {
    const job = startImport(session.path, paths, { ...options, onProgress: (p) => ctx.emit('import.progress', p), onGeoProgress: (p) => ctx.emit('geo.progress', p) });
    ctx.imports.running = job;
    try {
      return await job.done;
    } finally {
      ctx.imports.running = null;
      ctx.emit('case.changed', session.info());
    }
  };
  const next = ctx.imports.queue.then(run, run);
  ctx.imports.queue = next.catch(() => undefined);
  return next;
}

export const evidenceHandlers: EvidenceHandlers = {
  'evidence.list': async (_arg, ctx) => listEvidence(requireCase(ctx).db),
  'evidence.import': async ({ paths, format, dateOrder }, ctx) => runImport(paths, { format, dateOrder }, ctx),
  'evidence.cancelImport': async (_arg, ctx) => {
    const running = ctx.imports.running;
    running?.cancel();
    return { cancelled: !!running };
  },
  // The options the analyst chose in the UI go with the picked files (the app menu sends none).
  'evidence.importDialog': async ({ format, dateOrder }, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'file dialogs are only available in the desktop app');
    requireCase(ctx);
    const paths = await ctx.dialogs.pickEvidenceFiles();
    return paths && paths.length ? runImport(paths, { format, dateOrder }, ctx) : null;
  },
};
