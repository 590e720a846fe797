import { SightlineError, type Handlers } from '../../preload/contract';
import type { HandlerContext } from './context';

type CaseHandlers = Pick<Handlers<HandlerContext>, 'app.info' | 'case.current' | 'case.open' | 'case.openDialog'>;

export const caseHandlers: CaseHandlers = {
  'app.info': async (_arg, ctx) => ({ version: ctx.version, mode: ctx.mode, nativeDialogs: !!ctx.dialogs }),
  'case.current': async (_arg, ctx) => ctx.session?.info() ?? null,
  'case.open': async ({ path }, ctx) => {
    const info = ctx.openCase(path).info();
    ctx.emit('case.changed', info);
    return info;
  },
  'case.openDialog': async ({ create }, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'file dialogs are only available in the desktop app');
    const file = await ctx.dialogs.pickCasePath(create);
    if (!file) return null;
    const info = ctx.openCase(file).info();
    ctx.emit('case.changed', info);
    return info;
  },
};
