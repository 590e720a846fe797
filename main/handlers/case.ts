import { SightlineError, type Handlers } from '../../preload/contract';
import { requireCase, type HandlerContext } from './context';

type CaseHandlers = Pick<Handlers<HandlerContext>, 'app.info' | 'case.current' | 'case.open' | 'case.openDialog' | 'settings.get' | 'settings.set'>;

export const caseHandlers: CaseHandlers = {
  'app.info': async (_arg, ctx) => ({ version: ctx.version, mode: ctx.mode, nativeDialogs: !!ctx.dialogs }),
  'case.current': async (_arg, ctx) => ctx.session?.info() ?? null,
  'case.open': async ({ path }, ctx) => {
    const info = ctx.openCase(path).info();
    ctx.emit('case.changed', info);
    return info;
  },
  'settings.get': async ({ key }, ctx) => {
    const row = requireCase(ctx).db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return { value: row ? (JSON.parse(row.value) as unknown) : null };
  },
  'settings.set': async ({ key, value }, ctx) => {
    const text = JSON.stringify(value ?? null);
    if (text.length > 256 * 1024) throw new SightlineError('bad-request', `setting ${key} is too large`);
    requireCase(ctx).db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
    return {};
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
