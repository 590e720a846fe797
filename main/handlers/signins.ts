import path from 'node:path';
import { SightlineError, SignInQuery, type ExportFormat, type Handlers, type SignInFilter } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import { countSignIns, getSignIn, querySignIns } from '../case/signins';
import { exportSignIns } from '../report/export';
import { requireCase, type HandlerContext } from './context';

type SignInHandlers = Pick<Handlers<HandlerContext>, 'signins.query' | 'signins.count' | 'signins.get' | 'signins.summary' | 'signins.export' | 'signins.exportDialog' | 'signins.groups' | 'signins.groupMembers'
>;

/** Exports, reports progress, and records the export on the case's audit trail. */
export async function runExport(ctx: HandlerContext, filter: SignInFilter, format: ExportFormat, file: string) {
  const session = requireCase(ctx);
  const started = Date.now();
  const { rows } = await exportSignIns(session.db, filter, format, file, (p) => ctx.emit('export.progress', { ...p, done: false }));
  ctx.emit('export.progress', { rows, total: rows, done: true });
  appendAudit(session.db, 'export', { format, file, rows, filter, ms: Date.now() - started });
  return { path: file, format, rows };
}

export const signInHandlers: SignInHandlers = {
  'signins.query': async (q, ctx) => querySignIns(requireCase(ctx).db, SignInQuery.parse(q)),
  'signins.count': async ({ filter }, ctx) => ({ total: countSignIns(requireCase(ctx).db, filter) }),
  'signins.get': async ({ id }, ctx) => getSignIn(requireCase(ctx).db, id),
  // Long reads run on the case's read worker, so the grid's own requests are answered meanwhile.
  'signins.summary': async ({ filter }, ctx) => requireCase(ctx).reader().run('summary', { filter }),
  'signins.groups': async (req, ctx) => requireCase(ctx).reader().run('groups', req),
  'signins.groupMembers': async (args, ctx) => requireCase(ctx).reader().run('groupMembers', args),
  'signins.export': async ({ filter, format, path: file }, ctx) => {
    if (!path.isAbsolute(file)) throw new SightlineError('bad-request', `export path must be absolute: ${file}`);
    return runExport(ctx, filter, format, file);
  },
  'signins.exportDialog': async ({ filter, format }, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'file dialogs are only available in the desktop app');
    const file = await ctx.dialogs.pickSavePath(`sign-ins.${format}`, format);
    return file ? runExport(ctx, filter, format, file) : null;
  },
};
