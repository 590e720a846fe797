// The main-thread side of the read worker (./read-worker.ts): one worker per open case, started on
// first use, answering requests in order. A crash rejects what was pending and the next request
// starts a fresh worker, so one bad query never leaves the summary dead for the session.
import type { Worker } from 'node:worker_threads';
import { SightlineError, type ErrorCode } from '../../preload/contract';
import { spawnWorker } from '../ingest/workers';
import type { ReadOp, ReadOps, ReadReply, ReadRequest } from './read-worker';

type Pending = { resolve(v: unknown): void; reject(e: Error): void };

export class CaseReader {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly casePath: string) {}

  run<K extends ReadOp>(op: K, args: ReadOps[K]['args']): Promise<ReadOps[K]['result']> {
    const worker = this.worker ?? this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, args } satisfies ReadRequest);
    });
  }

  private start(): Worker {
    const worker = spawnWorker('read-worker', { casePath: this.casePath });
    // It must not keep a CLI or a test process alive on its own.
    worker.unref();
    worker.on('message', (m: ReadReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(m.code ? new SightlineError(m.code as ErrorCode, m.message) : new Error(m.message));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the read worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  close(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }
}
