// Collection on its worker thread (run-collect.ts, collect-worker.ts): the calling thread stays
// responsive while pages are written, cancel and resume give exactly the expected sign-ins, a crashed
// worker is a clear error (and its run resumable), the geo post-pass places collected sign-ins, and
// the worker's tokens come from the calling thread's token source, asked for rarely.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { GeoProgress } from '../../../preload/contract';
import { StaticTokenSource, type TokenSource } from '../../../main/collect/auth';
import { resolveEndpoints } from '../../../main/collect/clouds';
import { realClock } from '../../../main/collect/clock';
import { collect, type CollectProgress } from '../../../main/collect/collector';
import { AuthFailed, CollectError } from '../../../main/collect/errors';
import { createTransport } from '../../../main/collect/http';
import { Limiter } from '../../../main/collect/limiter';
import { startCollect } from '../../../main/collect/run-collect';
import { RelayedTokenSource, answerTokenAsk, authSnapshot, type TokenAsk } from '../../../main/collect/token-relay';
import { CaseSession } from '../../../main/case/session';
import { openCaseDb } from '../../../main/case/db';
import { fakeSignIn } from '../../support/fake-graph';
import { startFakeGraphThread, type FakeGraphThread } from '../../support/fake-graph-thread';
import { tempDir } from '../helpers';
import { DAY, EXPECTED_PAGES, EXPECTED_WINDOWS, FROM, TO, dataset, fakeGraph, ids, msalSource, request, tokenSource } from './util';

/** No client-side pacing in these tests: the limiter has its own tests (with an injected clock). */
const FAST = { limiter: { requests: 1000, windowMs: 1000 } };
const expectedIds = () => [...new Set(dataset().filter((o) => Date.parse(String(o['createdDateTime'])) < TO).map((o) => String(o['id'])))].sort();

function newCase(): { file: string; session: CaseSession } {
  const file = path.join(tempDir(), 'case.sightline');
  return { file, session: CaseSession.open(file) };
}

/** Records how long this thread's event loop went without running a 1 ms timer; stop() gives the gaps, longest first. */
function stallRecorder(): { stop(): number[] } {
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  return { stop: () => (clearInterval(timer), gaps.sort((a, b) => b - a)) };
}

const threads: FakeGraphThread[] = [];
afterEach(async () => {
  while (threads.length) await threads.pop()!.close();
});

describe('collection on a worker thread', () => {
  it("the calling thread's event loop stays responsive while 24 full pages are written, and pages land while it is blocked", async () => {
    // 2 types x 12 pages of 1000 sign-ins, served from a thread of their own.
    const day = Date.UTC(2026, 10, 14);
    const fake = await startFakeGraphThread({ perType: 12_000, from: day, to: day + 20 * 3_600_000, types: ['interactiveUser', 'nonInteractiveUser'], pageSize: 1000 });
    threads.push(fake);
    const tokens = new StaticTokenSource(fake.token, resolveEndpoints({ graphBaseUrl: fake.url }));
    const req = { from: day, to: day + DAY, types: ['interactiveUser', 'nonInteractiveUser'] as ('interactiveUser' | 'nonInteractiveUser')[], users: [], apps: [], also: [] };

    // On the worker: only progress messages and one token ask reach this thread. (Measured first, while
    // this thread's heap is clean: the inline run's garbage would add a collection pause of its own.)
    const onWorker = newCase();
    let recorder = stallRecorder();
    const after = await startCollect(onWorker.file, req, { tokens, transport: { ca: fake.ca }, options: FAST }).done;
    const worker = recorder.stop();
    expect(after).toMatchObject({ status: 'completed', pages: 24, records: 24_000, inserted: 24_000 });

    // As it was: the same collection on this thread.
    const inlineCase = newCase();
    const db = openCaseDb(inlineCase.file);
    const transport = createTransport({ ca: fake.ca });
    recorder = stallRecorder();
    const before = await collect(req, { db, tokens, transport, limiter: new Limiter({ ...FAST.limiter, clock: realClock }) });
    const inline = recorder.stop();
    db.close();
    transport.close();
    expect(before).toMatchObject({ status: 'completed', pages: 24, records: 24_000, inserted: 24_000 });
    expect(ids(onWorker.session)).toEqual(ids(inlineCase.session));

    // Inline, every page written is a stall: the median of the 24 longest is a page's write time here and now.
    const pageWriteMs = inline[11]!;
    const said = `stalls (ms): on the worker ${worker.slice(0, 3).map((g) => g.toFixed(0)).join(', ')}; inline ${inline.slice(0, 3).map((g) => g.toFixed(0)).join(', ')}, a page's write ${pageWriteMs.toFixed(0)}`;
    expect(pageWriteMs, said).toBeGreaterThan(20);
    // On the worker the longest stall is well under that. A loaded machine may deschedule any thread
    // once, so the longest but one is held to it: written on this thread, there would be one per page.
    expect(worker[1]!, said).toBeLessThan(pageWriteMs / 2);

    // And the proof that needs no timing: with this thread blocked, pages keep landing in the case.
    const third = newCase();
    const reader = new Database(third.file, { readonly: true });
    const pages = () => (reader.prepare('SELECT count(*) AS n FROM collect_pages').get() as { n: number }).n;
    let during: [number, number] | null = null;
    const blocked = startCollect(third.file, { ...req, types: ['interactiveUser'] }, {
      tokens,
      transport: { ca: fake.ca },
      options: { ...FAST, progressEveryMs: 0 },
      onProgress: (p) => {
        if (during || p.pages < 2) return;
        const start = pages();
        const until = Date.now() + 1500;
        while (Date.now() < until) {
          // Busy: this thread answers nothing for 1.5 s.
        }
        during = [start, pages()];
      },
    });
    expect(await blocked.done).toMatchObject({ status: 'completed', pages: 12 });
    reader.close();
    expect(during).not.toBeNull();
    expect(during![1]).toBeGreaterThan(during![0]);
    for (const c of [inlineCase, onWorker, third]) c.session.close();
  }, 120_000);

  it('cancelled midway, then resumed: exactly the expected sign-ins, no duplicates, progress throughout', async () => {
    const fake = await fakeGraph();
    const tokens = tokenSource(fake);
    const c = newCase();
    const progress: CollectProgress[] = [];
    let job = startCollect(c.file, request(), {
      tokens,
      transport: { ca: fake.ca },
      options: { ...FAST, progressEveryMs: 0 },
      onProgress: (p) => {
        progress.push(p);
        if (p.pages >= 15) job.cancel();
      },
    });
    const first = await job.done;
    expect(first.status).toBe('cancelled');
    expect(first.error).toMatch(/cancelled; run the collection again to resume/);
    expect(first.pages).toBeGreaterThanOrEqual(15);
    expect(first.pages).toBeLessThan(EXPECTED_PAGES);
    expect(progress.at(-1)).toMatchObject({ state: 'cancelled', runId: first.runId });
    const afterFirst = ids(c.session);
    expect(afterFirst.length).toBeGreaterThan(0);
    expect(afterFirst.length).toBeLessThan(196);
    expect((c.session.db.prepare('SELECT count(*) AS n FROM collect_checkpoints').get() as { n: number }).n).toBe(first.windows);

    job = startCollect(c.file, request(), { tokens, transport: { ca: fake.ca }, options: FAST });
    const second = await job.done;
    expect(second.status).toBe('completed');
    expect(second.resumedFrom).not.toBeNull();
    expect(second.windows).toBe(EXPECTED_WINDOWS - first.windows);
    expect(first.inserted + second.inserted).toBe(196);
    expect(ids(c.session)).toEqual(expectedIds());
    expect(c.session.db.prepare('SELECT id, count(*) AS n FROM signins GROUP BY id HAVING n > 1').all()).toEqual([]);
    expect(c.session.db.prepare('SELECT status FROM collect_runs ORDER BY id').all()).toEqual([{ status: 'cancelled' }, { status: 'completed' }]);
    c.session.close();
  }, 60_000);

  it('a crashed worker is a clear error, not a hang; its run reads interrupted, and the next run resumes with no gap and no duplicate', async () => {
    const fake = await fakeGraph();
    const tokens = tokenSource(fake);
    const c = newCase();
    const crashed = startCollect(c.file, request(), { tokens, transport: { ca: fake.ca }, options: FAST, testCrashAfterPages: 10 });
    const err = await crashed.done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).kind).toBe('internal');
    expect((err as Error).message).toMatch(/the collection stopped: its worker thread crashed \(simulated crash after \d+ pages\)\. .*run the collection again to resume/);
    const run = c.session.db.prepare('SELECT status, error FROM collect_runs').get() as { status: string; error: string };
    expect(run).toEqual({ status: 'interrupted', error: (err as Error).message });
    const landed = (c.session.db.prepare('SELECT count(*) AS n FROM collect_pages').get() as { n: number }).n;
    expect(landed).toBeGreaterThanOrEqual(10);
    expect(landed).toBeLessThan(EXPECTED_PAGES);

    // The dead thread left no lock behind: the next run writes, resumes, and ends with the exact set.
    const again = await startCollect(c.file, request(), { tokens, transport: { ca: fake.ca }, options: FAST }).done;
    expect(again).toMatchObject({ status: 'completed' });
    expect(again.resumedFrom).not.toBeNull();
    expect(ids(c.session)).toEqual(expectedIds());
    expect(c.session.db.prepare('SELECT id, count(*) AS n FROM signins GROUP BY id HAVING n > 1').all()).toEqual([]);
    c.session.close();
  }, 60_000);

  it('the geo post-pass places collected sign-ins with public addresses (never reserved ones), reporting progress', async () => {
    const at = FROM + 3_600_000;
    const noPlace = { location: { city: null, state: null, countryOrRegion: null, geoCoordinates: null } };
    const signIns = [
      // Yandex in Moscow, placed from the offline IP database.
      ...Array.from({ length: 6 }, (_, k) => fakeSignIn(1 + k, at + k * 60_000, 'interactiveUser', { ipAddress: '77.88.55.242', ...noPlace })),
      // Coordinates in the record (Seattle): placed from the record.
      ...Array.from({ length: 3 }, (_, k) => fakeSignIn(10 + k, at + k * 60_000, 'interactiveUser', { ipAddress: '8.8.8.8' })),
      // A documentation address is never placed, whatever the record says.
      ...Array.from({ length: 3 }, (_, k) => fakeSignIn(20 + k, at + k * 60_000, 'interactiveUser', { ipAddress: '203.0.113.9' })),
    ];
    const fake = await fakeGraph({ signIns, emptyPageBefore: () => false });
    const c = newCase();
    const geo: GeoProgress[] = [];
    const result = await startCollect(c.file, request({ types: ['interactiveUser'], to: FROM + DAY }), {
      tokens: tokenSource(fake),
      transport: { ca: fake.ca },
      options: FAST,
      onGeoProgress: (p) => geo.push(p),
    }).done;
    expect(result).toMatchObject({ status: 'completed', inserted: 12 });
    expect(geo.at(-1)).toMatchObject({ finished: true, error: null });
    const placed = c.session.db
      .prepare('SELECT s.ip, g.source, g.place, g.lat IS NOT NULL AS located FROM signins s LEFT JOIN signin_geo g ON g.signin_pk = s.pk ORDER BY s.ip, s.id')
      .all() as { ip: string; source: string | null; place: string | null; located: number | null }[];
    expect(placed).toHaveLength(12);
    expect(placed.filter((r) => r.ip === '77.88.55.242').every((r) => r.source === 'ipdb' && r.place === 'Moscow, RU' && r.located === 1)).toBe(true);
    expect(placed.filter((r) => r.ip === '8.8.8.8').every((r) => r.source === 'record' && r.located === 1)).toBe(true);
    expect(placed.filter((r) => r.ip === '203.0.113.9').every((r) => !r.located)).toBe(true);
    // Nothing left for a later pass.
    expect(c.session.db.prepare('SELECT count(*) AS n FROM signins s WHERE NOT EXISTS (SELECT 1 FROM signin_geo g WHERE g.signin_pk = s.pk)').get()).toEqual({ n: 0 });
    c.session.close();
  }, 60_000);

  it('signed in with MSAL: the worker asks this thread for tokens, and a token that expires mid-run is refreshed here', async () => {
    const fake = await fakeGraph({ fault: (r) => (r.index === 20 ? { expireToken: true } : null) });
    const msal = await msalSource(fake);
    const asks: boolean[] = [];
    // The token source as the worker sees it: every ask it makes, counted.
    const counting: TokenSource = {
      method: msal.method,
      endpoints: msal.endpoints,
      info: () => msal.info(),
      getToken: (o) => (asks.push(o?.refresh === true), msal.getToken(o)),
    };
    const c = newCase();
    const result = await startCollect(c.file, request(), { tokens: counting, transport: { ca: fake.ca }, options: FAST }).done;
    expect(result).toMatchObject({ status: 'completed', pages: EXPECTED_PAGES });
    expect(ids(c.session)).toEqual(expectedIds());
    // One ask at the start, one refresh after Graph's 401: not one per request.
    expect(asks).toEqual([false, true]);
    expect(new Set(fake.graphRequests.map((r) => r.token)).size).toBe(2);
    c.session.close();
  }, 60_000);
});

describe('token relay', () => {
  const endpoints = resolveEndpoints({ graphBaseUrl: 'https://127.0.0.1:1' });

  function relay(source: TokenSource, now: () => number = Date.now) {
    const sent: TokenAsk[] = [];
    const relayed: RelayedTokenSource = new RelayedTokenSource(
      authSnapshot(source),
      (ask) => {
        sent.push(ask);
        void answerTokenAsk(source, ask, (reply) => relayed.receive(reply));
      },
      now,
    );
    return { relayed, sent };
  }

  function sourceOf(tokens: string[], expiresIn: number | null): TokenSource & { calls: boolean[] } {
    let i = 0;
    let expiresAt: number | null = null;
    const calls: boolean[] = [];
    return {
      calls,
      method: 'deviceCode',
      endpoints,
      info: () => ({ method: 'deviceCode', account: 'a@b', tenantId: 't', cloud: 'custom', graphBaseUrl: endpoints.graphBaseUrl, expiresAt, cache: 'memory', cacheNote: null }),
      async getToken(o) {
        calls.push(o?.refresh === true);
        expiresAt = expiresIn === null ? null : Date.now() + expiresIn;
        return tokens[Math.min(i++, tokens.length - 1)]!;
      },
    };
  }

  it('asks once for parallel requests, keeps the token until Graph refuses it or it nears expiry', async () => {
    const source = sourceOf(['t1', 't2', 't3'], 3_600_000);
    let now = Date.now();
    const { relayed, sent } = relay(source, () => now);
    expect(await Promise.all([relayed.getToken(), relayed.getToken(), relayed.getToken()])).toEqual(['t1', 't1', 't1']);
    expect(await relayed.getToken()).toBe('t1');
    expect(sent).toHaveLength(1);
    // Graph refused it: a refresh, shared by whoever asks meanwhile.
    expect(await Promise.all([relayed.getToken({ refresh: true }), relayed.getToken()])).toEqual(['t2', 't2']);
    expect(source.calls).toEqual([false, true]);
    // Within five minutes of its expiry the token thread is asked again (MSAL refreshes silently there).
    now += 3_600_000 - 4 * 60_000;
    expect(await relayed.getToken()).toBe('t3');
    expect(source.calls).toEqual([false, true, false]);
    expect(relayed.info()).toMatchObject({ method: 'deviceCode', account: 'a@b', tenantId: 't' });
    // Only asks cross to the token thread: no token in any of them.
    expect(JSON.stringify(sent)).not.toMatch(/t1|t2|t3/);
  });

  it("a static token's refusal arrives as AuthFailed with its advice", async () => {
    const token = 'header.payload.signature';
    const { relayed } = relay(new StaticTokenSource(token, endpoints));
    expect(await relayed.getToken()).toBe(token);
    const err = await relayed.getToken({ refresh: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthFailed);
    expect((err as AuthFailed).kind).toBe('auth');
    expect((err as Error).message).toMatch(/Graph refused the access token.*resumes where this one stopped/);
    expect((err as Error).message).not.toContain(token);
  });
});
