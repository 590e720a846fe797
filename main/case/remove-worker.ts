// The evidence-removal thread: removeEvidence on its own connection, so the process that serves the
// UI (Electron's main process, the web server) keeps answering while a large evidence is taken out
// of a big case (a minute or more for 700,000 sign-ins). One job per thread; it posts one reply.
import { parentPort, workerData } from 'node:worker_threads';
import type { EvidenceRemoval } from '../../preload/contract';
import { openCaseDb } from './db';
import { removeEvidence } from './remove-evidence';

export type RemoveJob = { casePath: string; id: number };
export type RemoveReply = { ok: true; value: EvidenceRemoval } | { ok: false; message: string; code?: string };

const port = parentPort!;
const { casePath, id } = workerData as RemoveJob;
const db = openCaseDb(casePath);
removeEvidence(db, id).then(
  (value) => port.postMessage({ ok: true, value } satisfies RemoveReply),
  (err: unknown) => port.postMessage({ ok: false, message: (err as Error).message ?? String(err), code: (err as { code?: string }).code } satisfies RemoveReply),
).finally(() => db.close());
