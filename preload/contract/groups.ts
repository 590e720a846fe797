// The portal's grouping of non-interactive, service principal and managed identity sign-ins: rows
// that match on application, user (or principal), IP, status and resource become one row with a
// count, optionally per time window, expandable to their member sign-ins.
import { z } from 'zod';
import { IsoTime, Outcome, SignIn } from './domain';
import { SignInFilter } from './filters';

export const GroupAggregate = z.enum(['none', '1h', '6h', '24h']);
export type GroupAggregate = z.infer<typeof GroupAggregate>;

/** What makes sign-ins one group. `app` and `resource` are the id where the record has one, else the name. */
export const GroupKey = z
  .object({
    user: z.string().nullable(),
    app: z.string().nullable(),
    ip: z.string().nullable(),
    outcome: Outcome,
    resource: z.string().nullable(),
    /** The members lie in [from, to): the time window, or without one the group's own span. */
    from: IsoTime,
    to: IsoTime,
  })
  .strict();
export type GroupKey = z.infer<typeof GroupKey>;

export const SignInGroup = z.object({
  key: GroupKey,
  userDisplay: z.string().nullable(),
  appName: z.string().nullable(),
  resourceName: z.string().nullable(),
  count: z.number().int().positive(),
  first: IsoTime,
  last: IsoTime,
});
export type SignInGroup = z.infer<typeof SignInGroup>;

export const GroupSort = z.object({ field: z.enum(['last', 'count']), dir: z.enum(['asc', 'desc']) });

export const groupChannels = {
  /** Groups of the filtered sign-ins, newest last-seen first by default; `total` is the number of groups. */
  'signins.groups': {
    input: z
      .object({
        filter: SignInFilter.default({}),
        aggregate: GroupAggregate.default('none'),
        sort: GroupSort.default({ field: 'last', dir: 'desc' }),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(5000).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), rows: z.array(SignInGroup) }),
  },
  /** One group's member sign-ins (under the same filter), newest first. */
  'signins.groupMembers': {
    input: z
      .object({
        filter: SignInFilter.default({}),
        key: GroupKey,
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(1000).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), rows: z.array(SignIn) }),
  },
} as const;
