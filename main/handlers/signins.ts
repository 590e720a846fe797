import { SignInQuery, type Handlers } from '../../preload/contract';
import { countSignIns, getSignIn, querySignIns } from '../case/signins';
import { requireCase, type HandlerContext } from './context';

type SignInHandlers = Pick<Handlers<HandlerContext>, 'signins.query' | 'signins.count' | 'signins.get'>;

export const signInHandlers: SignInHandlers = {
  'signins.query': async (q, ctx) => querySignIns(requireCase(ctx).db, SignInQuery.parse(q)),
  'signins.count': async ({ filter }, ctx) => ({ total: countSignIns(requireCase(ctx).db, filter) }),
  'signins.get': async ({ id }, ctx) => getSignIn(requireCase(ctx).db, id),
};
