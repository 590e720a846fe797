// The import worker: parses and writes on its own thread and its own connection, so the UI (and
// the main process) stay responsive and never see a half-imported file. Placing the new sign-ins
// (geo) runs after this thread has ended, on a geo worker of its own (see run-import.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { CaseSession } from '../case/session';
import { importFiles, type ImportOptions } from './import';

export type ImportJob = { casePath: string; paths: string[]; options: Pick<ImportOptions, 'format' | 'dateOrder' | 'progressEveryMs'> };
export type WorkerMessage =
  | { type: 'progress'; progress: Parameters<NonNullable<ImportOptions['onProgress']>>[0] }
  | { type: 'done'; summary: Awaited<ReturnType<typeof importFiles>> }
  | { type: 'failed'; message: string };

const port = parentPort!;
const job = workerData as ImportJob;
const controller = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});

const session = CaseSession.open(job.casePath);
// Half the usual page cache: the writer appends rows and its id index stays mostly cached, and the
// process keeps what this thread allocated after it ends, while the placing thread runs (a 64 MiB
// cache took the peak of a 1M-row import to 461-500 MB across runs).
session.db.pragma('cache_size = -32768');
importFiles(session.db, job.paths, { ...job.options, signal: controller.signal, onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage) })
  .then(
    (summary) => port.postMessage({ type: 'done', summary } satisfies WorkerMessage),
    (err: unknown) => port.postMessage({ type: 'failed', message: (err as Error).message ?? String(err) } satisfies WorkerMessage),
  )
  .finally(() => {
    session.close();
    port.close();
  });
