// The read worker answers exactly what the same functions answer on the main thread, reports a
// failing query as an error, and comes back after a crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupSignIns } from '../../../main/case/groups';
import { CaseSession } from '../../../main/case/session';
import { summarize } from '../../../main/case/summary';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-reads-'));
let session: CaseSession;

beforeAll(async () => {
  const out = path.join(dir, 'export');
  generate({ out, users: 10, days: 2, rows: 800, seed: 3, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  session = CaseSession.open(path.join(dir, 'reads.sightline'));
  await importFiles(session.db, [out]);
}, 60_000);

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the read worker', () => {
  it('answers the summary and the grouping as the main thread does', async () => {
    const reader = session.reader();
    expect(await reader.run('summary', { filter: { type: ['nonInteractiveUser'] } })).toEqual(summarize(session.db, { type: ['nonInteractiveUser'] }));
    const req = { filter: { type: ['nonInteractiveUser' as const] }, aggregate: '1h' as const, sort: { field: 'count' as const, dir: 'desc' as const }, offset: 0, limit: 50 };
    expect(await reader.run('groups', req)).toEqual(groupSignIns(session.db, req));
  }, 30_000);

  it('sees sign-ins committed after it started (its own connection reads the WAL)', async () => {
    const before = (await session.reader().run('summary', { filter: {} })).total;
    const more = path.join(dir, 'more');
    generate({ out: more, users: 10, days: 2, rows: 300, seed: 4, format: 'portal-csv', attacks: [], end: DEFAULT_END });
    const { totals } = await importFiles(session.db, [more]);
    expect(totals.inserted).toBeGreaterThan(0);
    expect((await session.reader().run('summary', { filter: {} })).total).toBe(before + totals.inserted);
  }, 30_000);

  it('rejects a query that fails, and keeps serving', async () => {
    const reader = session.reader();
    // A filter key the compiler does not know: the error comes back as an error, not a hang.
    await expect(reader.run('summary', { filter: { nonsense: true } as never })).rejects.toThrow();
    expect((await reader.run('summary', { filter: {} })).total).toBeGreaterThan(0);
  }, 30_000);

  it('starts a fresh worker after the old one dies', async () => {
    const reader = session.reader();
    await reader.run('summary', { filter: {} });
    // Kill the thread behind the reader's back, as a crash would.
    await (reader as unknown as { worker: import('node:worker_threads').Worker }).worker.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect((await reader.run('summary', { filter: {} })).total).toBeGreaterThan(0);
  }, 30_000);

  it('serves signins.summary and signins.groups through the contract', async () => {
    const ctx = createHandlerContext({ mode: 'web', emit: () => {}, session });
    const summary = await dispatch('signins.summary', { filter: {} }, ctx);
    expect(summary.ok && (summary.value as { total: number }).total).toBeGreaterThan(0);
    const groups = await dispatch('signins.groups', { filter: { type: ['nonInteractiveUser'] }, aggregate: '24h' }, ctx);
    expect(groups.ok && (groups.value as { total: number }).total).toBeGreaterThan(0);
  }, 30_000);
});
