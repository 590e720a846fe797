import { SightlineError, type Handlers, type ImportSummary } from '../../preload/contract';
import { listEvidence } from '../case/evidence';
import { importFiles } from '../ingest/import';
import { requireCase, type HandlerContext } from './context';

type EvidenceHandlers = Pick<Handlers<HandlerContext>, 'evidence.list' | 'evidence.import' | 'evidence.importDialog'>;

async function runImport(paths: string[], ctx: HandlerContext): Promise<ImportSummary> {
  const session = requireCase(ctx);
  const summary = await importFiles(session.db, paths, { onProgress: (p) => ctx.emit('import.progress', p) });
  ctx.emit('case.changed', session.info());
  return summary;
}

export const evidenceHandlers: EvidenceHandlers = {
  'evidence.list': async (_arg, ctx) => listEvidence(requireCase(ctx).db),
  'evidence.import': async ({ paths }, ctx) => runImport(paths, ctx),
  'evidence.importDialog': async (_arg, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'file dialogs are only available in the desktop app');
    requireCase(ctx);
    const paths = await ctx.dialogs.pickEvidenceFiles();
    return paths && paths.length ? runImport(paths, ctx) : null;
  },
};
