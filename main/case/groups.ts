// The portal's grouping of sign-ins (non-interactive, service principal, managed identity): rows
// matching on application, user or principal, IP, status and resource are one group, optionally
// per 1 h / 6 h / 24 h window. Paging a grouping would redo the whole GROUP BY for every page, so
// the first page computes every group once and later pages of the same request read that list.
import type { GroupAggregate, GroupKey, SignIn, SignInFilter, SignInGroup } from '../../preload/contract';
import { SignIn as SignInSchema } from '../../preload/contract';
import type { CaseDb } from './db';
import { compileFilter } from './filter';
import { materialize, type StoredRecord } from './records';

const WINDOW_MS: Record<GroupAggregate, number | null> = { none: null, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000 };

type GroupRow = {
  user: string | null;
  userDisplay: string | null;
  app: string | null;
  appName: string | null;
  ip: string | null;
  outcome: GroupKey['outcome'];
  resource: string | null;
  resourceName: string | null;
  window: number | null;
  count: number;
  first: number;
  last: number;
};

export type GroupRequest = {
  filter: SignInFilter;
  aggregate: GroupAggregate;
  sort: { field: 'last' | 'count'; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
};

const iso = (ms: number) => new Date(ms).toISOString();

function toGroup(r: GroupRow, width: number | null): SignInGroup {
  return {
    key: {
      user: r.user,
      app: r.app,
      ip: r.ip,
      outcome: r.outcome,
      resource: r.resource,
      // Without a window the group's own span bounds it, which lets its members be read by range.
      from: width === null || r.window === null ? iso(r.first) : iso(r.window),
      to: width === null || r.window === null ? iso(r.last + 1) : iso(r.window + width),
    },
    userDisplay: r.userDisplay,
    appName: r.appName,
    resourceName: r.resourceName,
    count: r.count,
    first: iso(r.first),
    last: iso(r.last),
  };
}

/** Every group of the filtered sign-ins, in the requested order (ties broken by the key, so pages are stable). */
function allGroups(db: CaseDb, filter: SignInFilter, aggregate: GroupAggregate, sort: GroupRequest['sort']): SignInGroup[] {
  const { where, params } = compileFilter(filter);
  const width = WINDOW_MS[aggregate];
  const window = width === null ? 'NULL' : `(created_ms / ${width}) * ${width}`;
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const order = sort.field === 'count' ? `count ${dir}, last DESC` : `last ${dir}, count DESC`;
  const rows = db
    .prepare(
      `SELECT user_upn AS user, max(user_display) AS userDisplay, coalesce(app_id, app_name) AS app, max(app_name) AS appName, ip, outcome,
              coalesce(resource_id, resource_name) AS resource, max(resource_name) AS resourceName, ${window} AS window,
              count(*) AS count, min(created_ms) AS first, max(created_ms) AS last
       FROM signins ${where}
       GROUP BY user_upn, coalesce(app_id, app_name), ip, outcome, coalesce(resource_id, resource_name), window
       ORDER BY ${order}, user, app, ip, outcome, resource`,
    )
    .all(params) as GroupRow[];
  return rows.map((r) => toGroup(r, width));
}

/** The last full grouping computed, reused by the later pages of the same request. */
let cached: { key: string; groups: SignInGroup[] } | null = null;

export function groupSignIns(db: CaseDb, req: GroupRequest): { total: number; rows: SignInGroup[] } {
  const key = JSON.stringify([db.name, req.filter, req.aggregate, req.sort]);
  // A first page is always computed afresh, so new data shows when the grid starts over.
  if (req.offset === 0 || cached?.key !== key) cached = { key, groups: allGroups(db, req.filter, req.aggregate, req.sort) };
  return { total: cached.groups.length, rows: cached.groups.slice(req.offset, req.offset + req.limit) };
}

/** The filter plus the group's own key: exact matches (NULL matching NULL), within its window. */
function memberWhere(filter: SignInFilter, key: GroupKey): { where: string; params: Record<string, unknown> } {
  const { where, params } = compileFilter(filter);
  const clauses = [
    'user_upn IS @g_user',
    'coalesce(app_id, app_name) IS @g_app',
    'ip IS @g_ip',
    'outcome = @g_outcome',
    'coalesce(resource_id, resource_name) IS @g_resource',
  ];
  const bound: Record<string, unknown> = { g_user: key.user, g_app: key.app, g_ip: key.ip, g_outcome: key.outcome, g_resource: key.resource };
  bound['g_from'] = Date.parse(key.from);
  bound['g_to'] = Date.parse(key.to);
  clauses.push('created_ms >= @g_from AND created_ms < @g_to');
  return { where: `${where ? `${where} AND` : 'WHERE'} ${clauses.join(' AND ')}`, params: { ...params, ...bound } };
}

export async function groupMembers(db: CaseDb, filter: SignInFilter, key: GroupKey, offset: number, limit: number): Promise<{ total: number; rows: SignIn[] }> {
  const { where, params } = memberWhere(filter, key);
  // One user's sign-ins in one span: (user_upn, created_ms) is the narrow way in. Left to itself the
  // planner took the type index and read 727k rows (17 s) for a group of a few dozen.
  const from = 'FROM signins INDEXED BY signins_user';
  const total = db.prepare(`SELECT count(*) ${from} ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(`SELECT raw, src_evidence, merged, ingested_ms ${from} ${where} ORDER BY created_ms DESC, pk DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset }) as StoredRecord[];
  return { total, rows: (await materialize(db, rows)).map((s) => SignInSchema.parse(s)) };
}
