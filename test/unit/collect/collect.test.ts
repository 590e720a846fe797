// Collection end to end against the fake Graph (https on 127.0.0.1): 37 pages in 16 windows with
// empty pages, throttling, a 503, a connection cut mid-page, an expired token; cancel midway and
// resume; splitting windows; what lands in the case.
import { describe, expect, it } from 'vitest';
import { collect, type CollectProgress } from '../../../main/collect/collector';
import { Limiter } from '../../../main/collect/limiter';
import { getSignIn } from '../../../main/case/signins';
import { listEvidence } from '../../../main/case/evidence';
import { createHash } from 'node:crypto';
import { virtualClock } from '../../support/clock';
import {
  DAY, EXPECTED_PAGES, EXPECTED_WINDOWS, FROM, NOW, TO, dataset, fakeGraph, ids, loopbackTransport, msalSource, openCase, request, tokenSource,
} from './util';

const expectedIds = () => [...new Set(dataset().filter((o) => Date.parse(String(o['createdDateTime'])) < TO).map((o) => String(o['id'])))].sort();

/** At most `n` request starts in any `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j < times.length && times[j]! < times[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

describe('collect', () => {
  it('37 pages across 16 windows, through 429 + Retry-After, a 503, a reset mid-page and an expired token', async () => {
    const fake = await fakeGraph({
      fault: (r) => {
        if (r.index === 3) return { status: 429, retryAfter: 7 };
        if (r.index === 8) return { status: 503 };
        if (r.index === 12) return { reset: 'mid' };
        if (r.index === 20) return { expireToken: true };
        return null;
      },
    });
    const transport = loopbackTransport(fake);
    const tokens = await msalSource(fake, transport);
    const c = openCase();
    const clock = virtualClock(NOW);
    const limiter = new Limiter({ clock });
    const progress: CollectProgress[] = [];
    const result = await collect(request(), { db: c.db, tokens, transport, clock, limiter, onProgress: (p) => progress.push(p), progressEveryMs: 0 });

    expect(result).toMatchObject({
      status: 'completed', error: null, windows: EXPECTED_WINDOWS, pages: EXPECTED_PAGES, records: 197, inserted: 196, updated: 0, duplicates: 1, throttled: 1, resumedFrom: null,
    });
    // Every request that did not yield a stored page was repeated: the 429, the 503, the cut page, and
    // the 401s (the streams in flight when the token expired; one refresh served them all).
    expect(result.retries).toBe(fake.graphRequests.length - EXPECTED_PAGES);
    expect(result.retries).toBeGreaterThanOrEqual(4);
    expect(ids(c.session)).toEqual(expectedIds());
    expect(c.session.db.prepare('SELECT count(*) AS n FROM signins').get()).toEqual({ n: 196 });

    // The 429 made everyone wait its Retry-After (7 s) on the clock; nothing waited in real time.
    expect(clock.slept).toContain(7000);
    // Never more than 5 requests in any 10 s on the run's clock.
    expect(maxInWindow(limiter.grants, 10_000)).toBeLessThanOrEqual(5);
    expect(limiter.grants.length).toBe(fake.graphRequests.length);

    // The 401 was answered by a silent refresh: a new token, then the same page again.
    const tokensUsed = new Set(fake.graphRequests.map((r) => r.token));
    expect(tokensUsed.size).toBe(2);
    expect(fake.log.filter((l) => l.endsWith('/oauth2/v2.0/token')).length).toBe(2); // device code, then the refresh

    // Every request: beta signIns, $top=1000, ge/le on createdDateTime, one event type; nextLinks exactly as given.
    for (const r of fake.graphRequests) {
      const u = new URL(r.url);
      expect(u.pathname).toBe('/beta/auditLogs/signIns');
      expect(u.searchParams.get('$top')).toBe('1000');
      expect(r.ge && r.le && r.eventType).toBeTruthy();
    }
    const pages = c.session.db.prepare('SELECT seq, url, body, sha256, records, api_version AS v, window_start AS ws FROM collect_pages ORDER BY seq').all() as {
      seq: number; url: string; body: Buffer; sha256: string; records: number; v: string; ws: string;
    }[];
    expect(pages).toHaveLength(EXPECTED_PAGES);
    for (const p of pages) {
      expect(createHash('sha256').update(p.body).digest('hex')).toBe(p.sha256);
      expect(p.v).toBe('beta');
      const next = (JSON.parse(p.body.toString()) as { '@odata.nextLink'?: string })['@odata.nextLink'];
      if (next) expect(pages.some((q) => q.url === next)).toBe(true);
    }
    expect(pages.filter((p) => p.records === 0).length).toBe(3 + 3 + 1 + 1 + 2 + 4); // mid-stream empties and empty windows

    // The run is one evidence row: source graph, format graph-json, hash over its pages' hashes.
    const [ev] = listEvidence(c.session.db);
    expect(ev).toMatchObject({ source: 'graph', format: 'graph-json', records: 197, inserted: 196, duplicates: 1, rejectedRows: 0 });
    expect(ev!.sha256).toBe(createHash('sha256').update(pages.map((p) => p.sha256).join('\n')).digest('hex'));
    expect(ev!.size).toBe(pages.reduce((n, p) => n + p.body.length, 0));

    // Each record's raw is its JSON text from the page, verbatim; provenance names the page.
    const one = dataset()[30]!;
    const detail = await getSignIn(c.session.db, String(one['id']));
    expect(detail.raw).toBe(JSON.stringify(one));
    expect(detail.signIn).toMatchObject({ type: 'interactiveUser', userPrincipalName: one['userPrincipalName'] });
    expect(detail.provenance[0]).toMatchObject({ evidenceId: ev!.id, format: 'graph-json' });
    // The sign-in on the midnight between two windows: fetched twice, stored once, seen twice.
    const edge = dataset().at(-1)!;
    expect((await getSignIn(c.session.db, String(edge['id']))).provenance).toHaveLength(2);

    // 16 checkpoints, one per window; progress reached the end with a rate.
    expect(c.session.db.prepare('SELECT count(*) AS n FROM collect_checkpoints').get()).toEqual({ n: EXPECTED_WINDOWS });
    expect(progress.at(-1)).toMatchObject({ state: 'completed', windowsTotal: EXPECTED_WINDOWS, windows: EXPECTED_WINDOWS, pages: EXPECTED_PAGES });
    expect(progress.some((p) => p.waitingUntil !== null)).toBe(true);
    c.close();
  });

  it('cancelled midway, then resumed: exactly the expected sign-ins, no duplicates, resumedFrom set', async () => {
    const fake = await fakeGraph();
    const transport = loopbackTransport(fake);
    const tokens = tokenSource(fake);
    const c = openCase();
    const abort = new AbortController();
    const first = await collect(request(), {
      db: c.db, tokens, transport, clock: virtualClock(NOW), signal: abort.signal, progressEveryMs: 0,
      onProgress: (p) => {
        if (p.pages >= 15) abort.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    expect(first.pages).toBeGreaterThanOrEqual(15);
    expect(first.pages).toBeLessThan(EXPECTED_PAGES);
    const afterFirst = ids(c.session);
    expect(afterFirst.length).toBeGreaterThan(0);
    expect(afterFirst.length).toBeLessThan(196);
    const checkpoints = (c.session.db.prepare('SELECT count(*) AS n FROM collect_checkpoints').get() as { n: number }).n;
    expect(checkpoints).toBe(first.windows);

    const second = await collect(request(), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    expect(second.status).toBe('completed');
    expect(second.resumedFrom).not.toBeNull();
    // Only the windows without a checkpoint were fetched again.
    expect(second.windows).toBe(EXPECTED_WINDOWS - first.windows);
    expect(ids(c.session)).toEqual(expectedIds());
    expect(first.inserted + second.inserted).toBe(196);
    const dupes = c.session.db.prepare('SELECT id, count(*) AS n FROM signins GROUP BY id HAVING n > 1').all();
    expect(dupes).toEqual([]);
    const runs = c.session.db.prepare('SELECT status, resumed_from AS r FROM collect_runs ORDER BY id').all();
    expect(runs).toEqual([
      { status: 'cancelled', r: null },
      { status: 'completed', r: second.resumedFrom },
    ]);

    // A third run finds everything checkpointed: nothing to fetch.
    const third = await collect(request(), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    expect(third).toMatchObject({ status: 'completed', pages: 0, windows: 0, resumedFrom: new Date(TO).toISOString() });
    c.close();
  });

  it('a window that keeps timing out is split in two halves, which are fetched instead', async () => {
    // Day 0 of interactive sign-ins answers too slowly while it is asked for as a whole day.
    const fake = await fakeGraph({
      fault: (r) => (r.eventType === 'interactiveUser' && r.ge?.startsWith('2026-11-14T00:00:00') && r.le?.startsWith('2026-11-15T00:00:00') ? { delayMs: 400 } : null),
    });
    const transport = loopbackTransport(fake);
    const c = openCase();
    const result = await collect(request({ types: ['interactiveUser'] }), { db: c.db, tokens: tokenSource(fake), transport, clock: virtualClock(NOW), graph: { timeoutMs: 150, splitAfter: 2 } });
    expect(result.status).toBe('completed');
    expect(result.windows).toBe(5);
    const windows = c.session.db.prepare('SELECT window_start AS s, window_end AS e FROM collect_checkpoints ORDER BY start_ms').all();
    expect(windows.slice(0, 2)).toEqual([
      { s: '2026-11-14T00:00:00.000Z', e: '2026-11-14T12:00:00.000Z' },
      { s: '2026-11-14T12:00:00.000Z', e: '2026-11-15T00:00:00.000Z' },
    ]);
    expect(ids(c.session)).toEqual(dataset().filter((o) => (o['signInEventTypes'] as string[])[0] === 'interactiveUser').map((o) => String(o['id'])).sort());
    c.close();
  });

  it('a window that keeps being throttled is split; Retry-After pauses every stream', async () => {
    let throttledDay = 0;
    const fake = await fakeGraph({
      fault: (r) => (r.eventType === 'servicePrincipal' && r.page === 0 && r.le && Date.parse(r.le) - Date.parse(r.ge!) === DAY && r.ge!.startsWith('2026-11-14') && throttledDay++ < 5 ? { status: 429, retryAfter: 3 } : null),
    });
    const transport = loopbackTransport(fake);
    const c = openCase();
    const clock = virtualClock(NOW);
    const limiter = new Limiter({ clock });
    const result = await collect(request(), { db: c.db, tokens: tokenSource(fake), transport, clock, limiter });
    expect(result.status).toBe('completed');
    expect(result.throttled).toBe(3);
    expect(result.windows).toBe(EXPECTED_WINDOWS + 1);
    expect(ids(c.session)).toEqual(expectedIds());
    expect(maxInWindow(limiter.grants, 10_000)).toBeLessThanOrEqual(5);
    c.close();
  });

  it('user and app filters narrow the query; an unnarrowed run’s checkpoints also cover a narrowed one', async () => {
    const fake = await fakeGraph();
    const transport = loopbackTransport(fake);
    const tokens = tokenSource(fake);
    const c = openCase();
    const narrowed = await collect(request({ types: ['interactiveUser'], users: ['User3@Contoso.onmicrosoft.com', "o'brien@contoso.onmicrosoft.com"] }), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    expect(narrowed.status).toBe('completed');
    const asked = fake.graphRequests[0]!;
    expect(asked.users).toEqual(['user3@contoso.onmicrosoft.com', "o'brien@contoso.onmicrosoft.com"]);
    expect(new URL(asked.url).searchParams.get('$filter')).toContain("(userPrincipalName eq 'user3@contoso.onmicrosoft.com' or userPrincipalName eq 'o''brien@contoso.onmicrosoft.com')");
    const upns = c.session.db.prepare('SELECT DISTINCT user_upn AS u FROM signins').all();
    expect(upns).toEqual([{ u: 'user3@contoso.onmicrosoft.com' }]);

    await collect(request({ types: ['interactiveUser'] }), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    const before = fake.graphRequests.length;
    const again = await collect(request({ types: ['interactiveUser'], apps: ['00000002-0000-0ff1-ce00-000000000000'] }), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    expect(again).toMatchObject({ pages: 0, windows: 0 });
    expect(fake.graphRequests.length).toBe(before);
    c.close();
  });

  it('an existing token that expires mid-run: the run stops with what to do, and resumes with a fresh token', async () => {
    const fake = await fakeGraph({ fault: (r) => (r.index === 6 ? { expireToken: true } : null) });
    const transport = loopbackTransport(fake);
    const c = openCase();
    const first = await collect(request({ types: ['nonInteractiveUser'] }), { db: c.db, tokens: tokenSource(fake), transport, clock: virtualClock(NOW) });
    expect(first.status).toBe('failed');
    expect(first.error).toMatch(/Graph refused the access token.*az account get-access-token --resource-type ms-graph.*resumes where this one stopped/);
    expect(first.pages).toBeGreaterThan(0);
    const second = await collect(request({ types: ['nonInteractiveUser'] }), { db: c.db, tokens: tokenSource(fake), transport, clock: virtualClock(NOW) });
    expect(second.status).toBe('completed');
    expect(second.resumedFrom).not.toBeNull();
    expect(ids(c.session)).toEqual(expectedIds().filter((id) => dataset().find((o) => o['id'] === id)!['signInEventTypes']!.toString() === 'nonInteractiveUser'));
    c.close();
  });

  it('a range reaching into the future stops at now; windows Graph may still add to are not checkpointed', async () => {
    const fake = await fakeGraph();
    const c = openCase();
    const r = await collect(request({ types: ['servicePrincipal'], from: NOW - DAY, to: NOW + 5 * DAY }), { db: c.db, tokens: tokenSource(fake), transport: loopbackTransport(fake), clock: virtualClock(NOW) });
    expect(r).toMatchObject({ status: 'completed', windows: 2, pages: 2 });
    expect(fake.graphRequests.map((q) => [q.ge, q.le])).toEqual(
      expect.arrayContaining([
        ['2026-11-19T12:00:00Z', '2026-11-20T00:00:00Z'],
        ['2026-11-20T00:00:00Z', '2026-11-20T12:00:00Z'],
      ]),
    );
    // The window ending now is not claimed: the next run fetches it again.
    expect(c.session.db.prepare('SELECT window_start AS s, window_end AS e FROM collect_checkpoints').all()).toEqual([{ s: '2026-11-19T12:00:00.000Z', e: '2026-11-20T00:00:00.000Z' }]);
    c.close();
  });

  it('windows overlapping at their edges: a run next to an earlier one re-fetches the shared instant only', async () => {
    const fake = await fakeGraph();
    const transport = loopbackTransport(fake);
    const tokens = tokenSource(fake);
    const c = openCase();
    const a = await collect(request({ types: ['nonInteractiveUser'], to: FROM + DAY }), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    // --to is exclusive: the sign-in stamped exactly at FROM + DAY is not in the first run.
    expect(a.inserted).toBe(35);
    const b = await collect(request({ types: ['nonInteractiveUser'], from: FROM + DAY, to: FROM + 2 * DAY }), { db: c.db, tokens, transport, clock: virtualClock(NOW) });
    expect(b.inserted).toBe(36);
    expect(b.duplicates).toBe(0);
    c.close();
  });
});
