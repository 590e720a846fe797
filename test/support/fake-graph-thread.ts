// The fake Graph on a thread of its own, for tests that measure the calling thread: building and
// sending 1000-record pages costs the fake milliseconds per page, which must not count against the
// thread under test. Started by startFakeGraphThread(); answers over its message port.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fakeSignIns, startFakeGraph, type EVENT_TYPES } from './fake-graph';

export type FakeGraphThreadJob = { perType: number; from: number; to: number; types: (typeof EVENT_TYPES)[number][]; pageSize: number };
type Ready = { type: 'ready'; url: string; ca: string; token: string };
type Requests = { type: 'requests'; count: number };

export type FakeGraphThread = { url: string; ca: string; token: string; requests(): Promise<number>; close(): Promise<void> };

export async function startFakeGraphThread(job: FakeGraphThreadJob): Promise<FakeGraphThread> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const worker = new Worker(new URL(import.meta.url), { workerData: job, execArgv: ['--import', tsx] });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(m as T);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const ready = await next<Ready>('ready');
  return {
    url: ready.url,
    ca: ready.ca,
    token: ready.token,
    async requests() {
      const r = next<Requests>('requests');
      worker.postMessage({ type: 'requests' });
      return (await r).count;
    },
    async close() {
      worker.postMessage({ type: 'close' });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

if (!isMainThread && parentPort && (workerData as FakeGraphThreadJob | undefined)?.perType !== undefined) {
  const port = parentPort;
  const job = workerData as FakeGraphThreadJob;
  const signIns = job.types.flatMap((type, k) => fakeSignIns(job.perType, job.from, job.to, [type], 1 + k * job.perType));
  const fake = await startFakeGraph({ signIns, pageSize: job.pageSize });
  port.on('message', (m: { type: string }) => {
    if (m.type === 'requests') port.postMessage({ type: 'requests', count: fake.graphRequests.length } satisfies Requests);
    if (m.type === 'close') void fake.close().then(() => port.close());
  });
  port.postMessage({ type: 'ready', url: fake.url, ca: fake.ca, token: fake.mintToken() } satisfies Ready);
}
