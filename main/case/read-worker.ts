// The read worker: long read-only queries (the summary, the portal grouping) on their own thread and
// their own connection, so the process that serves the UI (Electron's main process, the web server)
// keeps answering the grid while a summary of 700k rows is counted. WAL lets it read beside writers.
import { parentPort, workerData } from 'node:worker_threads';
import type { GroupKey, SignInFilter } from '../../preload/contract';
import { openCaseDb } from './db';
import { groupMembers, groupSignIns, type GroupRequest } from './groups';
import { summarize } from './summary';

export type ReadOps = {
  summary: { args: { filter: SignInFilter }; result: ReturnType<typeof summarize> };
  groups: { args: GroupRequest; result: ReturnType<typeof groupSignIns> };
  groupMembers: { args: { filter: SignInFilter; key: GroupKey; offset: number; limit: number }; result: Awaited<ReturnType<typeof groupMembers>> };
};
export type ReadOp = keyof ReadOps;
export type ReadRequest = { id: number; op: ReadOp; args: unknown };
export type ReadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; code?: string };

const port = parentPort!;
const db = openCaseDb((workerData as { casePath: string }).casePath, { readonly: true });

const ops: { [K in ReadOp]: (args: ReadOps[K]['args']) => ReadOps[K]['result'] | Promise<ReadOps[K]['result']> } = {
  summary: ({ filter }) => summarize(db, filter),
  groups: (req) => groupSignIns(db, req),
  groupMembers: ({ filter, key, offset, limit }) => groupMembers(db, filter, key, offset, limit),
};

port.on('message', (m: ReadRequest | { type: 'close' }) => {
  if ('type' in m) {
    db.close();
    port.close();
    return;
  }
  Promise.resolve()
    .then(() => (ops[m.op] as (a: unknown) => unknown)(m.args))
    .then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies ReadReply),
      (err: unknown) => port.postMessage({ id: m.id, ok: false, message: (err as Error).message ?? String(err), code: (err as { code?: string }).code } satisfies ReadReply),
    );
});
