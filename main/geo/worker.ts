// The geo enrichment thread: an analyst's re-run (geo.enrich) works on its own connection, so the
// UI keeps answering while 1M sign-ins are placed.
import { parentPort, workerData } from 'node:worker_threads';
import { CaseSession } from '../case/session';
import { enrichGeo, type EnrichProgress, type EnrichResult } from './enrich';
import { ipDatabaseFor } from './settings';

export type EnrichJob = { casePath: string; full: boolean; mmdb: string | null; trigger: 'import' | 'analyst' };
export type EnrichMessage =
  | { type: 'progress'; progress: EnrichProgress }
  | { type: 'done'; result: EnrichResult }
  | { type: 'failed'; message: string };

const port = parentPort!;
const job = workerData as EnrichJob;
const controller = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});

let session: CaseSession | null = null;
try {
  session = CaseSession.open(job.casePath, { mustExist: true });
  const result = enrichGeo(session.db, {
    full: job.full,
    database: ipDatabaseFor(session.db, job.mmdb),
    trigger: job.trigger,
    signal: controller.signal,
    onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies EnrichMessage),
  });
  port.postMessage({ type: 'done', result } satisfies EnrichMessage);
} catch (err) {
  port.postMessage({ type: 'failed', message: (err as Error).message ?? String(err) } satisfies EnrichMessage);
} finally {
  session?.close();
  port.close();
}
