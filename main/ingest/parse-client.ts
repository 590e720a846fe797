// The writer's side of the parse thread: its batches as an async iterator, acknowledged one by one.
import { BATCH_RECORDS, parseFile, type ParseEnd, type ParseJob, type ParsedBatch } from './parse';
import type { ParseMessage } from './parse-worker';
import { FileRejected } from './types';
import { spawnWorker } from './workers';

export type ParseStream = { batches: AsyncGenerator<ParsedBatch, ParseEnd>; stop(): Promise<void> };

/** Below this size a file is parsed on the writer's thread: a second thread would cost more to start than it saves. */
export const PARSE_THREAD_MIN_BYTES = 4 * 1024 * 1024;

export function startParse(job: ParseJob, onBytes?: (bytes: number) => void, fileBytes = Infinity): ParseStream {
  if (fileBytes < PARSE_THREAD_MIN_BYTES) {
    const batches = parseFile(job, BATCH_RECORDS, onBytes);
    return { batches, stop: async () => void (await batches.return?.({ warnings: [], sha256: '', bytes: 0 })) };
  }
  const worker = spawnWorker('parse-worker', job);
  const queue: (ParseMessage | { type: 'error'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ParseMessage) => (m.type === 'bytes' ? onBytes?.(m.bytes) : push(m)));
  worker.on('error', (error) => push({ type: 'error', error }));
  worker.on('exit', (code) => push({ type: 'error', error: new Error(`the parse worker stopped (exit code ${code})`) }));

  async function* batches(): AsyncGenerator<ParsedBatch, ParseEnd> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      switch (m.type) {
        case 'batch':
          yield m.batch;
          worker.postMessage({ type: 'ack' });
          break;
        case 'end':
          return m.end;
        case 'rejected':
          throw new FileRejected(m.message);
        case 'failed':
          throw new Error(m.message);
        case 'error':
          throw m.error;
      }
    }
  }
  return { batches: batches(), stop: async () => void (await worker.terminate()) };
}
