// The timeline (contract: preload/contract/timeline.ts): bucketed sign-in counts, lane items, item details.
import type { Handlers } from '../../preload/contract';
import { timelineDensity } from '../timeline/density';
import { timelineItemDetail } from '../timeline/detail';
import { timelineItems } from '../timeline/items';
import { requireCase, type HandlerContext } from './context';

type TimelineHandlers = Pick<Handlers<HandlerContext>, 'timeline.density' | 'timeline.items' | 'timeline.item'>;

export const timelineHandlers: TimelineHandlers = {
  'timeline.density': async (q, ctx) => timelineDensity(requireCase(ctx).db, q),
  'timeline.items': async (q, ctx) => timelineItems(requireCase(ctx).db, q),
  'timeline.item': async ({ ref }, ctx) => timelineItemDetail(requireCase(ctx).db, ref),
};
