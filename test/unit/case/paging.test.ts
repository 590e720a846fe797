// The grid's paging: every page of every filter and sort, concatenated, is exactly the whole
// ordered result (no row twice, none missing), whichever way querySignIns found each page's keys
// (SQLite's plan, the walk down the time index, or the walk falling back to the plan).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInFilter, SortField } from '../../../preload/contract';
import { addAnnotations } from '../../../main/case/annotations';
import { compileFilter } from '../../../main/case/filter';
import { CaseSession } from '../../../main/case/session';
import { countSignIns, pageKeys, querySignIns, type PageKeysVia } from '../../../main/case/signins';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-paging-'));
let session: CaseSession;
const filters: Record<string, SignInFilter> = {};

/** The sort fields' columns, written out here so the expected order does not borrow the code's map. */
const COLUMN: Partial<Record<SortField, string>> = {
  createdDateTime: 'created_ms',
  userPrincipalName: 'user_upn',
  outcome: 'outcome',
  errorCode: 'error_code',
  country: 'country',
  ipAddress: 'ip_hex',
  browser: 'browser',
};

beforeAll(async () => {
  const out = path.join(dir, 'export');
  generate({ out, users: 30, days: 2, rows: 3000, seed: 11, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  session = CaseSession.open(path.join(dir, 'paging.sightline'));
  await importFiles(session.db, [out]);
  const db = session.db;
  // Exports with whole-second times give runs of equal times; coarsened to half hours here, every
  // page boundary of the time sort falls inside a run of ties (~30 rows each).
  db.prepare('UPDATE signins SET created_ms = created_ms - created_ms % 1800000').run();

  const agents = db.prepare('SELECT user_agent AS ua, count(*) AS n FROM signins WHERE user_agent IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1').all() as { ua: string; n: number }[];
  const rare = agents.find((a) => a.n >= 20 && a.n <= 80)!;
  const newestFirst = db.prepare('SELECT id FROM signins ORDER BY created_ms DESC, pk DESC').pluck().all() as string[];
  // Tagged: the 10 newest and the 400 oldest sign-ins, and every sign-in of one user (bunched at both
  // ends, so a walk from the newest finds a few at once and then none for a long way).
  addAnnotations(db, { kind: 'tag', targetKind: 'signin', targets: [...newestFirst.slice(0, 10), ...newestFirst.slice(-400)], value: 'suspicious' });
  const upn = db.prepare('SELECT user_upn FROM signins WHERE user_upn IS NOT NULL GROUP BY 1 ORDER BY count(*) LIMIT 1').pluck().get() as string;
  addAnnotations(db, { kind: 'tag', targetKind: 'user', targets: [upn], value: 'compromised' });
  addAnnotations(db, { kind: 'bookmark', targetKind: 'signin', targets: newestFirst.filter((_, i) => i % 11 === 3) });
  db.prepare(`INSERT INTO findings (id, detection, detection_version, severity, title, explanation, start_ms, end_ms) VALUES ('f1', 'password-spray', 1, 'high', 't', 'e', 0, 0)`).run();
  db.prepare(`INSERT INTO finding_signins (finding_id, signin_pk) SELECT 'f1', pk FROM signins WHERE pk % 7 = 2`).run();
  // A word of the application names that a few hundred sign-ins carry (enough for the walk).
  const words = new Set((db.prepare('SELECT DISTINCT app_name FROM signins WHERE app_name IS NOT NULL').pluck().all() as string[]).flatMap((n) => n.toLowerCase().split(/\W+/)));
  const word = [...words].sort().find((w) => w.length > 3 && countSignIns(db, { search: w }) >= 200 && countSignIns(db, { search: w }) <= 800)!;
  const times = db.prepare('SELECT created_ms FROM signins ORDER BY created_ms').pluck().all() as number[];

  Object.assign(filters, {
    none: {},
    'common user agent': { userAgent: agents[0]!.ua },
    'rare user agent': { userAgent: rare.ua },
    'user agent, middle third of the time': { userAgent: agents[0]!.ua, from: new Date(times[1000]!).toISOString(), to: new Date(times[2000]!).toISOString() },
    tag: { tag: ['suspicious'] },
    'any tag': { tag: ['*'] },
    bookmarked: { bookmarked: true },
    finding: { finding: 'f1' },
    search: { search: word },
    status: { status: ['failure'] },
  } satisfies Record<string, SignInFilter>);
}, 120_000);

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The whole result in one straightforward ORDER BY (no LIMIT). */
function wholeOrder(filter: SignInFilter, field: SortField, dir: 'asc' | 'desc'): { pk: number; id: string; key: unknown }[] {
  const { where, params } = compileFilter(filter);
  const column = COLUMN[field]!;
  return session.db.prepare(`SELECT pk, id, ${column} AS key FROM signins ${where} ORDER BY ${column} ${dir}, pk ${dir}`).all(params) as { pk: number; id: string; key: unknown }[];
}

/** Every page's keys in turn, until a short page; with how each page's keys were found. */
function allPageKeys(filter: SignInFilter, field: SortField, dir: 'asc' | 'desc', size: number) {
  const pks: number[] = [];
  const vias = new Set<PageKeysVia>();
  for (let offset = 0; ; offset += size) {
    const page = pageKeys(session.db, { filter, sort: { field, dir }, offset, limit: size });
    vias.add(page.via);
    pks.push(...page.pks);
    if (page.pks.length < size) return { pks, vias };
  }
}

/** Sign-ins as the grid gets them (rows read back from raw): the first `pages` pages and the last, short one. */
async function someSignInPages(filter: SignInFilter, size: number, pages: number, total: number): Promise<{ ids: string[]; from: number }[]> {
  const offsets = [...Array.from({ length: pages }, (_, i) => i * size).filter((o) => o < total), Math.floor(total / size) * size];
  const out: { ids: string[]; from: number }[] = [];
  for (const offset of new Set(offsets)) {
    const page = await querySignIns(session.db, { filter, sort: { field: 'createdDateTime', dir: 'desc' }, offset, limit: size, withTotal: false });
    out.push({ ids: page.rows.map((r) => r.id), from: offset });
  }
  return out;
}

describe('paging through the grid', () => {
  const seen = new Set<PageKeysVia>();

  const sorts: [SortField, 'asc' | 'desc'][] = [
    ['createdDateTime', 'desc'],
    ['createdDateTime', 'asc'],
    ['userPrincipalName', 'asc'],
    ['outcome', 'desc'],
    ['errorCode', 'asc'],
    ['country', 'desc'],
    ['ipAddress', 'asc'],
    ['browser', 'desc'],
  ];

  it.each(['none', 'common user agent', 'rare user agent', 'user agent, middle third of the time', 'tag', 'any tag', 'bookmarked', 'finding', 'search', 'status'])(
    'filter %s: pages concatenated equal the whole ORDER BY, for every sort and both directions',
    async (name) => {
      const filter = filters[name]!;
      const time = sorts.filter(([f]) => f === 'createdDateTime');
      // The time sort (where the walk happens) in two page sizes; the others in one.
      const runs: [SortField, 'asc' | 'desc', number][] = [...time.map(([f, d]) => [f, d, 13] as [SortField, 'asc' | 'desc', number]), ...sorts.map(([f, d]) => [f, d, 37] as [SortField, 'asc' | 'desc', number])];
      for (const [field, dir, size] of runs) {
        const expected = wholeOrder(filter, field, dir);
        expect(expected.length, `${name} matches rows`).toBeGreaterThan(0);
        const { pks, vias } = allPageKeys(filter, field, dir, size);
        vias.forEach((v) => seen.add(v));
        expect(pks, `${name}, ${field} ${dir}, pages of ${size}`).toEqual(expected.map((r) => r.pk));
      }
      // The grid's own call (keys, then the rows read back in page order), newest first.
      const newest = wholeOrder(filter, 'createdDateTime', 'desc');
      for (const page of await someSignInPages(filter, 40, 4, newest.length)) {
        expect(page.ids, `${name}, sign-ins from ${page.from}`).toEqual(newest.slice(page.from, page.from + 40).map((r) => r.id));
      }
      // The total, when asked for, counts the same set.
      const first = await querySignIns(session.db, { filter, sort: { field: 'createdDateTime', dir: 'desc' }, offset: 0, limit: 5 });
      expect(first.total).toBe(newest.length);
    },
    60_000,
  );

  it('the cases above met ties at page boundaries and every way of finding a page', () => {
    // Page boundaries inside runs of equal sort keys: the pk tiebreak is what keeps them exact.
    const times = wholeOrder({}, 'createdDateTime', 'desc');
    const boundaryTies = times.filter((r, i) => i % 13 === 0 && i > 0 && times[i - 1]!.key === r.key).length;
    expect(boundaryTies).toBeGreaterThan(100);
    expect([...seen].sort()).toEqual(['plan', 'sparse', 'walk', 'walk-then-plan']);
  });

  it('an offset past the end is an empty page, and deep pages match the whole order', async () => {
    const all = wholeOrder(filters['common user agent']!, 'createdDateTime', 'desc');
    const q = (offset: number) => querySignIns(session.db, { filter: filters['common user agent']!, sort: { field: 'createdDateTime', dir: 'desc' }, offset, limit: 50, withTotal: false });
    expect((await q(all.length)).rows).toEqual([]);
    const deep = all.length - 30;
    expect((await q(deep)).rows.map((r) => r.id)).toEqual(all.slice(deep).map((r) => r.id));
  });
});
