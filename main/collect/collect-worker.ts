// The collection thread: fetches (limiter, retries, windows), parses, hashes and writes each page
// (normalize, dedupe, insert, search index, checkpoint) on its own thread and its own connection,
// so the main process (Electron's UI, the web server) never stalls on a page. Then the geo post-pass
// places the new and changed sign-ins, as after an import. Tokens come from the thread that signed
// in (token-relay.ts); progress goes back as messages. Started by run-collect.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openCaseDb } from '../case/db';
import { enrichAfterImport, type EnrichProgress } from '../geo/enrich';
import { realClock } from './clock';
import { collect, type CollectorOptions, type CollectProgress, type CollectRequest, type CollectResult } from './collector';
import { CollectError, type CollectErrorKind } from './errors';
import { createTransport, type TransportOptions } from './http';
import { Limiter, type LimiterOptions } from './limiter';
import { RelayedTokenSource, type AuthSnapshot, type TokenAsk, type TokenReply } from './token-relay';

export type CollectJob = {
  casePath: string;
  request: CollectRequest;
  /** Who is signed in and where Graph is: never the token itself. */
  auth: AuthSnapshot;
  /** How the worker's HTTP client is made (e.g. a test Graph's certificate). */
  transport?: TransportOptions;
  /** Collector knobs that can cross a thread (no clock or functions: the worker keeps real time). */
  options?: Pick<CollectorOptions, 'progressEveryMs' | 'windowMs' | 'settleMs'> & {
    graph?: Omit<NonNullable<CollectorOptions['graph']>, 'random'>;
    limiter?: Omit<LimiterOptions, 'clock'>;
  };
  /** Tests only: the thread dies of an uncaught error once this many pages are written. */
  testCrashAfterPages?: number;
};

export type CollectWorkerMessage =
  | TokenAsk
  | { type: 'progress'; progress: CollectProgress }
  | { type: 'geo-progress'; progress: EnrichProgress & { error: string | null } }
  | { type: 'done'; result: CollectResult }
  | { type: 'failed'; message: string; kind: CollectErrorKind | null };

export type CollectControl = { type: 'cancel' } | TokenReply;

const port = parentPort!;
const job = workerData as CollectJob;
const controller = new AbortController();
const post = (m: CollectWorkerMessage) => port.postMessage(m);
const tokens = new RelayedTokenSource(job.auth, post);
port.on('message', (m: CollectControl) => {
  if (m.type === 'cancel') controller.abort();
  else if (m.type === 'token') tokens.receive(m);
});

let crashed = false;
function onProgress(progress: CollectProgress): void {
  post({ type: 'progress', progress });
  if (job.testCrashAfterPages !== undefined && !crashed && progress.pages >= job.testCrashAfterPages) {
    crashed = true;
    setImmediate(() => {
      throw new Error(`simulated crash after ${progress.pages} pages`);
    });
  }
}

async function run(): Promise<CollectResult> {
  const db = openCaseDb(job.casePath);
  // Page writes wait for other writers asynchronously (collector.ts), not in a blocking busy wait.
  db.pragma('busy_timeout = 50');
  const transport = createTransport(job.transport);
  try {
    const { graph, limiter, ...options } = job.options ?? {};
    const result = await collect(job.request, {
      db,
      tokens,
      transport,
      signal: controller.signal,
      onProgress,
      ...options,
      ...(graph ? { graph } : {}),
      ...(limiter ? { limiter: new Limiter({ ...limiter, clock: realClock }) } : {}),
    });
    // The token is not needed past here.
    tokens.forget();
    // The post-pass: place the new and changed sign-ins (a failure there leaves the collection standing).
    // A cancelled run stops here; what it wrote is placed by the next pass.
    if (result.status !== 'cancelled' && result.inserted + result.updated > 0) {
      enrichAfterImport(db, controller.signal, (progress) => post({ type: 'geo-progress', progress }));
    }
    return result;
  } finally {
    tokens.forget();
    transport.close();
    db.close();
  }
}

run()
  .then(
    (result) => post({ type: 'done', result }),
    (err: unknown) => post({ type: 'failed', message: (err as Error).message ?? String(err), kind: err instanceof CollectError ? err.kind : null }),
  )
  .finally(() => port.close());
