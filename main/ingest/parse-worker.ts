// The parse thread of an import. Batches flow to the writer with credit-based flow control: at
// most a few batches are in flight, so a fast parser never piles a whole file up in memory.
import { parentPort, workerData } from 'node:worker_threads';
import { BATCH_RECORDS, parseFile, type ParseJob } from './parse';
import { FileRejected } from './types';
import { DecodeError } from './decode';

export type ParseMessage =
  | { type: 'batch'; batch: import('./parse').ParsedBatch }
  | { type: 'bytes'; bytes: number }
  | { type: 'end'; end: import('./parse').ParseEnd }
  | { type: 'rejected'; message: string }
  | { type: 'failed'; message: string };

// As many records in flight as before batches got small (4 x 500): fewer and the writer waits for the parser.
export const MAX_BATCHES_IN_FLIGHT = 32;

const port = parentPort!;
let credits = MAX_BATCHES_IN_FLIGHT;
let wake: (() => void) | null = null;
port.on('message', (m: { type: string }) => {
  if (m.type === 'ack') {
    credits++;
    wake?.();
    wake = null;
  }
});

async function run(): Promise<void> {
  const job = workerData as ParseJob;
  let lastBytesPost = 0;
  const gen = parseFile(job, BATCH_RECORDS, (bytes) => {
    const now = Date.now();
    if (now - lastBytesPost > 100) {
      lastBytesPost = now;
      port.postMessage({ type: 'bytes', bytes } satisfies ParseMessage);
    }
  });
  for (;;) {
    const { value, done } = await gen.next();
    if (done) {
      port.postMessage({ type: 'end', end: value } satisfies ParseMessage);
      return;
    }
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    port.postMessage({ type: 'batch', batch: value } satisfies ParseMessage);
  }
}

run()
  .catch((err: unknown) => {
    if (err instanceof FileRejected) port.postMessage({ type: 'rejected', message: err.message } satisfies ParseMessage);
    else if (err instanceof DecodeError) port.postMessage({ type: 'rejected', message: `${(workerData as ParseJob).name}: ${err.message}` } satisfies ParseMessage);
    else port.postMessage({ type: 'failed', message: (err as Error).stack ?? String(err) } satisfies ParseMessage);
  })
  .finally(() => port.close());
