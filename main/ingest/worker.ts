// The import worker: parses and writes on its own thread and its own connection, so the UI (and
// the main process) stay responsive and never see a half-imported file.
import { parentPort, workerData } from 'node:worker_threads';
import { CaseSession } from '../case/session';
import { enrichAfterImport, type EnrichProgress } from '../geo/enrich';
import { importFiles, type ImportOptions } from './import';

export type ImportJob = { casePath: string; paths: string[]; options: Pick<ImportOptions, 'format' | 'dateOrder' | 'progressEveryMs'> };
export type WorkerMessage =
  | { type: 'progress'; progress: Parameters<NonNullable<ImportOptions['onProgress']>>[0] }
  | { type: 'geo-progress'; progress: EnrichProgress & { error: string | null } }
  | { type: 'done'; summary: Awaited<ReturnType<typeof importFiles>> }
  | { type: 'failed'; message: string };

const port = parentPort!;
const job = workerData as ImportJob;
const controller = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});

const session = CaseSession.open(job.casePath);
importFiles(session.db, job.paths, { ...job.options, signal: controller.signal, onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage) })
  .then(
    (summary) => {
      // The post-pass: place the new and changed sign-ins (a failure there leaves the import standing).
      if (summary.totals.inserted + summary.totals.updated > 0) enrichAfterImport(session.db, controller.signal, (progress) => port.postMessage({ type: 'geo-progress', progress } satisfies WorkerMessage));
      port.postMessage({ type: 'done', summary } satisfies WorkerMessage);
    },
    (err: unknown) => port.postMessage({ type: 'failed', message: (err as Error).message ?? String(err) } satisfies WorkerMessage),
  )
  .finally(() => {
    session.close();
    port.close();
  });
