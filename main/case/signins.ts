// Writing and reading sign-ins in a case. Reads page through SQL; values are always bound parameters.
import {
  SignIn as SignInSchema,
  SightlineError,
  type SignInDetail,
  type SignInFilter,
  type SignInPage,
  type SortField,
} from '../../preload/contract';
import { COLUMN_AT, rowFromValues, rowValues, sameContent, SIGNIN_COLUMNS, toRow, type RowValues, type SignInRow } from './columns';
import { materialize, namedRaw, type StoredRecord } from './records';
import type { CaseDb } from './db';
import { compileFilter } from './filter';
import { mergeSignIns } from './merge';

export type UpsertOutcome = 'inserted' | 'updated' | 'duplicate';
export type Source = { evidenceId: number; line: number; recordIndex: number };

type Stored = StoredRecord & { pk: number; created_raw: string; source_format: string; src_index: number; src_line: number };

/**
 * Prepared statements for one import; build once per file, call per prepared row. New sign-ins
 * (nearly all rows) cost one INSERT; an id seen before is compared by content, re-reading both
 * records from raw, and becomes a duplicate, an update with the loser kept as a version, or a merge.
 */
export function signInWriter(db: CaseDb) {
  const find = db.prepare('SELECT pk, raw, src_evidence, src_index, src_line, merged, created_raw, ingested_ms, source_format FROM signins WHERE id = ?');
  const insert = db.prepare(`INSERT INTO signins (${SIGNIN_COLUMNS.join(', ')}) VALUES (${SIGNIN_COLUMNS.map(() => '?').join(', ')})`);
  const replace = db.prepare(`UPDATE signins SET ${SIGNIN_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE pk = ?`);
  // The same record read again (a re-import of the same file) is not a new sighting: the key ignores it.
  const link = db.prepare('INSERT OR IGNORE INTO signin_sources (signin_pk, evidence_id, record_index, line, version) VALUES (?, ?, ?, ?, ?)');
  const supersede = db.prepare('UPDATE signin_sources SET version = ? WHERE signin_pk = ? AND version IS NULL');
  const keepVersion = db.prepare(
    'INSERT INTO signin_versions (id, superseded_at, ingested_ms, source_format, raw, src_evidence, src_index, src_line, merged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const versionsOf = db.prepare('SELECT pk, raw, src_evidence, merged, ingested_ms FROM signin_versions WHERE id = ? ORDER BY pk');
  const canonical = async (r: StoredRecord) => (await materialize(db, [{ ...r, ingested_ms: null }]))[0]!;

  /** Existing sign-ins this writer changed (their search text must be re-indexed). */
  const changed = new Set<number>();
  // The users lookup (see 0001): one INSERT per new (UPN, display) pair, not per row.
  const addUser = db.prepare('INSERT OR IGNORE INTO users (upn, display) VALUES (?, ?)');
  const seenUsers = new Set<string>();
  const noteUser = (upn: string | null, display: string | null) => {
    if (upn === null) return;
    const key = `${upn}\u0000${display ?? ''}`;
    if (seenUsers.has(key)) return;
    seenUsers.add(key);
    addUser.run(upn, display ?? '');
  };
  /**
   * The parse thread's positional rows. A new sign-in (nearly every row of an import) is inserted
   * as it came, with no row object and no promise to wait for.
   */
  const writeValues = (values: RowValues, source: Source): UpsertOutcome | Promise<UpsertOutcome> => {
    const current = find.get(values[COLUMN_AT.id]) as Stored | undefined;
    if (!current) {
      insert.run(values);
      noteUser(values[COLUMN_AT.user_upn] as string | null, values[COLUMN_AT.user_display] as string | null);
      return 'inserted';
    }
    return writeSeen(rowFromValues(values), source, current);
  };
  const write = async (row: SignInRow, source: Source): Promise<UpsertOutcome> => writeValues(rowValues(row), source);
  /** A sign-in whose id the case already holds: a duplicate, an update, or a merge. */
  const writeSeen = async (row: SignInRow, source: Source, current: Stored): Promise<UpsertOutcome> => {
    const sighting = (version: number | null) => {
      // The record a version was read from is already its provenance; only other places are sightings.
      const own = version === null && current.src_evidence === source.evidenceId && current.src_index === source.recordIndex;
      if (!own) link.run(current.pk, source.evidenceId, source.recordIndex, source.line, version);
    };
    // Same raw text read the same way: the same record, no need to re-read either.
    const sameReading = current.merged === null && current.raw === row.raw && current.src_evidence === row.src_evidence;
    const mine = sameReading ? null : await canonical(row);
    if (sameReading || (current.merged === null && current.source_format === row.source_format && sameContent(await canonical(current), mine))) {
      sighting(null);
      return 'duplicate';
    }
    for (const v of versionsOf.all(row.id) as (StoredRecord & { pk: number })[]) {
      if (sameContent(await canonical(v), mine)) {
        sighting(v.pk);
        return 'duplicate';
      }
    }
    // Same sign-in, changed content: the later ingestion wins; on a tie (or no ingestion time) the
    // record read later wins, deterministically (formats.md §14). The other is kept as a version.
    // From another format, the two are merged field by field; if that adds nothing, it is a duplicate.
    const now = new Date().toISOString();
    const newWins = row.ingested_ms === null || current.ingested_ms === null || row.ingested_ms >= current.ingested_ms;
    const keep = (r: { ingested_ms: number | null; source_format: string; raw: string; src_evidence: number; src_index: number; src_line: number; merged: string | null }) =>
      Number(keepVersion.run(row.id, now, r.ingested_ms, r.source_format, r.raw, r.src_evidence, r.src_index, r.src_line, r.merged).lastInsertRowid);
    const theirs = await canonical(current);

    if (current.source_format !== row.source_format || current.merged !== null) {
      const merged = newWins ? mergeSignIns(mine!, theirs) : mergeSignIns(theirs, mine!);
      if (sameContent(merged, theirs)) {
        sighting(null);
        return 'duplicate';
      }
      // Both inputs are kept as versions; every sighting that went into the merge stays current.
      keep(current);
      if (!newWins) keep(row);
      const winner = newWins ? row : current;
      const next = toRow(merged, winner.created_raw, winner.raw, winner.ingested_ms, { evidence: winner.src_evidence, index: winner.src_index, line: winner.src_line }, true);
      replace.run([...rowValues(next), current.pk]);
      noteUser(next.user_upn, next.user_display);
      changed.add(current.pk);
      if (!newWins) sighting(null);
      return 'updated';
    }
    if (newWins) {
      supersede.run(keep(current), current.pk);
      replace.run([...rowValues(row), current.pk]);
      noteUser(row.user_upn, row.user_display);
      changed.add(current.pk);
    } else {
      link.run(current.pk, source.evidenceId, source.recordIndex, source.line, keep(row));
    }
    return 'updated';
  };
  return Object.assign(write, { changed, values: writeValues });
}

const SORT_COLUMNS: Record<SortField, string> = {
  createdDateTime: 'created_ms',
  userPrincipalName: 'user_upn',
  userDisplayName: 'user_display',
  appDisplayName: 'app_name',
  resourceDisplayName: 'resource_name',
  outcome: 'outcome',
  errorCode: 'error_code',
  ipAddress: 'ip_hex',
  country: 'country',
  city: 'city',
  clientAppUsed: 'client_app',
  type: 'type',
  operatingSystem: 'os',
  browser: 'browser',
  conditionalAccessStatus: 'ca_status',
  riskLevelDuringSignIn: 'risk_during',
};


export function countSignIns(db: CaseDb, filter: SignInFilter): number {
  const { where, params } = compileFilter(filter);
  return (db.prepare(`SELECT count(*) AS n FROM signins ${where}`).get(params) as { n: number }).n;
}

export async function querySignIns(
  db: CaseDb,
  q: { filter: SignInFilter; sort: { field: SortField; dir: 'asc' | 'desc' }; offset: number; limit: number; withTotal?: boolean },
): Promise<SignInPage> {
  // One read transaction: the count, the page's keys and their rows come from the same snapshot,
  // so a write committed in between cannot drop a row from the page or skew the total.
  const { total, rows } = db.transaction(() => {
    const total = q.withTotal === false ? -1 : countSignIns(db, q.filter);
    const { pks } = pageKeys(db, q);
    return { total, rows: rowsByPk(db, pks) };
  })();
  const signIns = await materialize(db, rows);
  return { total, rows: signIns.map((s) => SignInSchema.parse(s)) };
}

/*
 * A page is found in two steps. First its keys: a query that selects only pk and orders by the
 * sort column, which an index can usually answer without reading any sign-in row; sorting pks is
 * cheap where sorting whole rows (each carries its ~1 KB raw record) was not. Then the rows of just
 * those pks. Ties on the sort column are broken by pk in the same direction, so the order is total
 * and pages never overlap or skip a row.
 *
 * Sorting by time (the grid's default), one more choice matters. For a filter served by its own
 * index (a user agent, tags, a finding, search) SQLite collects every match and sorts them, one
 * random row read per match to learn its time: fine for a few thousand, slow for the 65,000
 * sign-ins of a common user agent. Walking the time index instead and testing each row finds the
 * page after about (offset + limit) / density rows, read in order, which wins when the matches are
 * dense where the walk starts. SQLite cannot know the density (cases carry no table statistics),
 * so pageKeys measures it: it walks a short head of the index (a tenth of the break-even walk) and
 * counts the matches there. Dense: walk on, within a bound of twice the rows that density needs; if
 * the page is still not complete (the matches bunch elsewhere), SQLite's plan runs after all.
 * Sparse: SQLite's plan straight away.
 */

/** About how many in-order row steps of a time-index walk cost the same as one row read by pk (measured on the 1M-row bench case). */
const LOOKUP_COST = 10;
/** The walk reads up to this many times the rows the measured density needs. */
const WALK_MARGIN = 2;

export type PageKeysQuery = { filter: SignInFilter; sort: { field: SortField; dir: 'asc' | 'desc' }; offset: number; limit: number };

/**
 * How a page's keys were found: SQLite's plan; the walk down the time index; SQLite's plan because
 * the walk's head showed the matches sparse; or SQLite's plan after the walk found no complete page
 * within its bound.
 */
export type PageKeysVia = 'plan' | 'walk' | 'sparse' | 'walk-then-plan';

/** The pks of one page, in page order. */
export function pageKeys(db: CaseDb, q: PageKeysQuery): { pks: number[]; via: PageKeysVia } {
  const { where, params } = compileFilter(q.filter);
  const column = SORT_COLUMNS[q.sort.field];
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const page = { ...params, limit: q.limit, offset: q.offset };
  const planned = `SELECT pk FROM signins ${where} ORDER BY ${column} ${dir}, pk ${dir} LIMIT @limit OFFSET @offset`;
  if (column === 'created_ms' && sortsAnIndexedSet(db, planned, page)) {
    const walked = walkTimeIndex(db, { where, params, dir, limit: q.limit, offset: q.offset, from: q.filter.from, to: q.filter.to });
    if (Array.isArray(walked)) return { pks: walked, via: 'walk' };
    return { pks: db.prepare(planned).pluck().all(page) as number[], via: walked };
  }
  return { pks: db.prepare(planned).pluck().all(page) as number[], via: 'plan' };
}

/**
 * The page's keys by walking down the time index; or why not: the matches are sparse where the walk
 * starts, or the page was not complete within the rows the walk may read.
 */
function walkTimeIndex(
  db: CaseDb,
  w: { where: string; params: Record<string, unknown>; dir: 'ASC' | 'DESC'; limit: number; offset: number; from?: string; to?: string },
): number[] | 'sparse' | 'walk-then-plan' {
  // An upper bound of the row count that costs nothing to read (pks only grow; removals leave gaps).
  const rows = (db.prepare('SELECT max(pk) FROM signins').pluck().get() as number | null) ?? 0;
  const reach = w.offset + w.limit;
  // Break-even: the walk needs reach / density rows, SQLite's plan density x rows reads at
  // LOOKUP_COST each; equal at density sqrt(reach / (rows x LOOKUP_COST)). The head is a tenth
  // of the walk at that density, where reach / LOOKUP_COST matches are expected.
  const head = Math.ceil(Math.sqrt((reach * rows) / LOOKUP_COST));
  /** The matches within the first `span` rows of the walk: from the page's offset, or (head) from the start. */
  const walk = (span: number, from: 'start' | 'offset') => {
    const edge = windowEdge(db, w, span);
    const bound = edge === undefined ? null : `created_ms ${w.dir === 'DESC' ? '>=' : '<='} @edge`;
    const where = bound ? (w.where ? `${w.where} AND ${bound}` : `WHERE ${bound}`) : w.where;
    const sql = `SELECT pk FROM signins INDEXED BY signins_created ${where} ORDER BY created_ms ${w.dir}, pk ${w.dir} LIMIT @limit OFFSET @offset`;
    const wanted = from === 'start' ? { limit: reach, offset: 0 } : { limit: w.limit, offset: w.offset };
    return { whole: !bound, pks: db.prepare(sql).pluck().all({ ...w.params, edge, ...wanted }) as number[] };
  };
  const first = walk(head, 'start');
  // The head held the page, or was the whole walk (its matches are then all there are).
  if (first.pks.length === reach || first.whole) return first.pks.slice(w.offset, reach);
  const found = first.pks.length;
  if (found < reach / LOOKUP_COST) return 'sparse';
  const next = walk(Math.ceil((WALK_MARGIN * reach * head) / found), 'offset');
  return next.pks.length === w.limit || next.whole ? next.pks : 'walk-then-plan';
}

/**
 * Where a walk of `span` rows ends: the time of its last row, counted from where the walk starts
 * (the filter's own time range, read as filter.ts reads from/to); undefined when the walk would
 * reach the end. Cut at a time value the window is a prefix of the walking order (ties on that
 * time all fall inside), so a page complete within it is exactly the page.
 */
function windowEdge(db: CaseDb, w: { dir: 'ASC' | 'DESC'; from?: string; to?: string }, span: number): number | undefined {
  const range = [w.from === undefined ? null : 'created_ms >= @from', w.to === undefined ? null : 'created_ms < @to'].filter((c) => c !== null);
  return db
    .prepare(`SELECT created_ms FROM signins ${range.length ? `WHERE ${range.join(' AND ')}` : ''} ORDER BY created_ms ${w.dir} LIMIT 1 OFFSET @skip`)
    .pluck()
    .get({ from: w.from === undefined ? null : Date.parse(w.from), to: w.to === undefined ? null : Date.parse(w.to), skip: span - 1 }) as number | undefined;
}

/** Plans of page-key queries (they depend on the SQL text only: cases carry no table statistics). */
const setSortPlans = new WeakMap<CaseDb, Map<string, boolean>>();

/** True when SQLite would answer `sql` by collecting the matches through an index and sorting them. */
function sortsAnIndexedSet(db: CaseDb, sql: string, params: Record<string, unknown>): boolean {
  let plans = setSortPlans.get(db);
  if (!plans) setSortPlans.set(db, (plans = new Map()));
  let known = plans.get(sql);
  if (known === undefined) {
    const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
    // A plan that scans signins (no index collects the matches) is left alone.
    known = steps.includes('USE TEMP B-TREE FOR ORDER BY') && !steps.some((s) => /^SCAN signins( |$)/.test(s));
    if (plans.size >= 500) plans.clear();
    plans.set(sql, known);
  }
  return known;
}

/** The stored rows of these pks, in the same order. */
function rowsByPk(db: CaseDb, pks: number[]): StoredRecord[] {
  if (!pks.length) return [];
  // The pk list drives the join (CROSS JOIN keeps it outside): one primary-key read per row.
  const found = db
    .prepare('SELECT s.pk, s.raw, s.src_evidence, s.merged, s.ingested_ms FROM json_each(@pks) AS j CROSS JOIN signins AS s ON s.pk = j.value')
    .all({ pks: JSON.stringify(pks) }) as (StoredRecord & { pk: number })[];
  const byPk = new Map(found.map((r) => [r.pk, r]));
  return pks.map((pk) => {
    const row = byPk.get(pk);
    // Cannot happen inside querySignIns' read transaction; said loudly rather than a short page.
    if (!row) throw new Error(`sign-in ${pk} disappeared while its page was read`);
    return row;
  });
}

export async function getSignIn(db: CaseDb, id: string): Promise<SignInDetail> {
  const row = db.prepare('SELECT pk, raw, src_evidence, src_index, src_line, merged, ingested_ms FROM signins WHERE id = ?').get(id) as
    | (StoredRecord & { pk: number; src_index: number; src_line: number })
    | undefined;
  if (!row) throw new SightlineError('not-found', `no sign-in with id ${id} in this case`);
  type Place = { evidenceId: number; line: number; recordIndex: number; current: boolean };
  const versions = db.prepare('SELECT pk, superseded_at, raw, src_evidence, src_index, src_line, merged, ingested_ms FROM signin_versions WHERE id = ? ORDER BY pk DESC').all(id) as (StoredRecord & {
    pk: number;
    superseded_at: string;
    src_index: number;
    src_line: number;
  })[];
  const sightings = db.prepare('SELECT evidence_id AS evidenceId, line, record_index AS recordIndex, version FROM signin_sources WHERE signin_pk = ? ORDER BY evidence_id, record_index').all(row.pk) as (Place & {
    version: number | null;
  })[];
  const places: Place[] = [
    { evidenceId: row.src_evidence, line: row.src_line, recordIndex: row.src_index, current: true },
    ...sightings.filter((p) => p.version === null).map((p) => ({ ...p, current: true })),
    ...versions.map((v) => ({ evidenceId: v.src_evidence, line: v.src_line, recordIndex: v.src_index, current: false })),
    ...sightings.filter((p) => p.version !== null).map((p) => ({ ...p, current: false })),
  ];
  const evidence = db.prepare('SELECT name, sha256, format FROM evidence WHERE id = ?');
  const provenance = places.map((p) => {
    const e = evidence.get(p.evidenceId) as { name: string; sha256: string; format: SignInDetail['provenance'][number]['format'] };
    return { evidenceId: p.evidenceId, evidenceName: e.name, sha256: e.sha256, format: e.format, line: p.line, recordIndex: p.recordIndex, current: p.current };
  });
  const [signIn, ...old] = await materialize(db, [row, ...versions]);
  return {
    signIn: SignInSchema.parse(signIn),
    raw: namedRaw(db, row.raw, row.src_evidence),
    provenance,
    versions: versions.map((v, i) => ({ supersededAt: v.superseded_at, signIn: SignInSchema.parse(old[i]), raw: namedRaw(db, v.raw, v.src_evidence) })),
  };
}
