// Live collection from Microsoft Graph: sign-in (auth.*) and collection (collect.*). The work is in
// main/collect; these adapt it to the contract. Nothing returned or emitted here carries a token.
import { SightlineError, type Handlers } from '../../preload/contract';
import { AuthFailed, CollectError } from '../collect/errors';
import { CollectHost } from '../collect/host';
import { TokenFileError } from '../collect/token-file';
import { requireCase, type HandlerContext } from './context';

type CollectHandlers = Pick<Handlers<HandlerContext>, 'auth.status' | 'auth.signIn' | 'auth.useToken' | 'auth.signOut' | 'collect.start' | 'collect.cancel' | 'collect.status'>;

/** The host's collection state, made on first use (web mode has no extra abilities). */
function host(ctx: HandlerContext): CollectHost {
  ctx.collect ??= new CollectHost();
  return ctx.collect;
}

/** Sign-in and collection failures reach the UI as errors with a code and the advice in their message. */
async function explained<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TokenFileError) throw new SightlineError('bad-request', err.message);
    if (err instanceof AuthFailed || err instanceof CollectError) throw new SightlineError(err.kind === 'permission' || err.kind === 'licence' ? 'forbidden' : 'rejected', err.message);
    if (err instanceof Error && /must use https|is not a URL|without a version/.test(err.message)) throw new SightlineError('bad-request', err.message);
    throw err;
  }
}

export const collectHandlers: CollectHandlers = {
  'auth.status': async (_arg, ctx) => host(ctx).authStatus(),
  'auth.signIn': async (arg, ctx) => explained(() => host(ctx).signIn(arg, ctx.emit)),
  'auth.useToken': async (arg, ctx) => explained(() => host(ctx).useToken(arg)),
  'auth.signOut': async (_arg, ctx) => host(ctx).signOut(),
  'collect.start': async (arg, ctx) => {
    const session = requireCase(ctx);
    try {
      return await explained(() => host(ctx).start(arg, session.path, ctx.emit));
    } finally {
      ctx.emit('case.changed', session.info());
    }
  },
  'collect.cancel': async (_arg, ctx) => ({ cancelled: host(ctx).cancel() }),
  'collect.status': async (_arg, ctx) => host(ctx).status(ctx.session),
};
