// Live collection against the fake Graph enforcing the real limit (5 requests per 10 s, 429 with
// Retry-After beyond it) with full pages of 1,000 sign-ins and some latency per page. The ceiling is
// the limit itself: 5 pages per 10 s = 500 records/s. The figure that compares with it is the
// sustained rate, once the initial burst of 5 is spent: pages started after the burst, over the time
// between the first and the last of those starts (the pace the limiter and the write path keep).
// The whole-run rate is printed too; over a short run it is above 500 because of the burst.
// The collection runs as the app runs it: on its worker thread (run-collect.ts), with the geo post-pass
// after it; the request starts are the fake Graph's arrival times. The longest stall of this thread's
// event loop during the run is printed as well (the fake Graph answers on this thread, so its own page
// building counts in it; the page writes do not).
// BENCH_COLLECT_SECONDS (default 60) sets roughly how long the collection runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CaseSession } from '../../main/case/session';
import { StaticTokenSource } from '../../main/collect/auth';
import { resolveEndpoints } from '../../main/collect/clouds';
import { startCollect } from '../../main/collect/run-collect';
import { fakeSignIns, startFakeGraph } from '../support/fake-graph';
import type { Benchmark } from './harness';

const SECONDS = Number(process.env['BENCH_COLLECT_SECONDS'] ?? 60);
const PAGE = 1000;
const LIMIT_PER_10S = 5;
const CEILING = (LIMIT_PER_10S * PAGE) / 10; // 500 records/s
// The burst of 5 at t=0, then one page every 2.05 s.
const PER_TYPE = Math.ceil(Math.max(8, 5 + Math.floor((SECONDS - 10) / 2.05)) / 2);
const PAGES = 2 * PER_TYPE;

export const collectBench: Benchmark = {
  id: 'collect',
  title: `Collect ${PAGES} full Graph pages (${(PAGES * PAGE).toLocaleString('en-US')} sign-ins) from the fake Graph enforcing 5 requests / 10 s (~${SECONDS} s)`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-collect-'));
    const day = Date.UTC(2026, 10, 14);
    // Two event types, PER_TYPE full pages each, in one day window per type.
    const perType = PER_TYPE * PAGE;
    const fake = await startFakeGraph({
      signIns: [
        ...fakeSignIns(perType, day, day + 86_000_000, ['interactiveUser'], 1),
        ...fakeSignIns(perType, day, day + 86_000_000, ['nonInteractiveUser'], 1 + perType),
      ],
      pageSize: PAGE,
      limit: { requests: LIMIT_PER_10S, windowMs: 10_000 },
      latencyMs: 250,
    });
    const file = path.join(dir, 'bench.sightline');
    CaseSession.open(file).close();
    try {
      const tokens = new StaticTokenSource(fake.mintToken({ lifetimeSeconds: 3600 }), resolveEndpoints({ graphBaseUrl: fake.url }));
      const stall = monitorEventLoopDelay({ resolution: 5 });
      stall.enable();
      const started = performance.now();
      let collected = started;
      const job = startCollect(
        file,
        { from: day, to: day + 86_400_000, types: ['interactiveUser', 'nonInteractiveUser'], users: [], apps: [], also: [] },
        {
          tokens,
          transport: { ca: fake.ca },
          onProgress: (p) => {
            if (p.state === 'completed') collected = performance.now();
          },
        },
      );
      const result = await job.done;
      stall.disable();
      const seconds = (collected - started) / 1000;
      if (result.status !== 'completed') throw new Error(`collection ${result.status}: ${result.error}`);
      const g = fake.graphRequests.map((r) => r.at);
      // Sustained: the starts after the burst, one page each.
      const after = g.slice(LIMIT_PER_10S);
      const sustained = after.length > 1 ? ((after.length - 1) * PAGE) / ((after.at(-1)! - after[0]!) / 1000) : 0;
      const pct = Math.round((1000 * sustained) / CEILING) / 10;
      return [
        { name: 'records collected', value: result.records, unit: 'records' },
        { name: 'pages (requests)', value: result.pages, unit: 'pages' },
        { name: 'collection time', value: Math.round(seconds * 10) / 10, unit: 's' },
        { name: 'whole-run rate (includes the burst of 5)', value: Math.round(result.records / seconds), unit: 'records/s' },
        { name: 'sustained rate after the burst', value: Math.round(sustained), unit: 'records/s' },
        { name: 'sustained rate, % of the 500 records/s ceiling', value: pct, unit: '%', goal: '>= 90' },
        { name: '429 answers (throttled)', value: result.throttled, unit: 'answers', goal: '0' },
        { name: 'repeated requests (retries)', value: result.retries, unit: 'requests' },
        { name: "longest stall of the calling thread's event loop", value: Math.round(stall.max / 1e5) / 10, unit: 'ms' },
      ];
    } finally {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
