// Writing and reading sign-ins in a case. Reads page through SQL; values are always bound parameters.
import {
  SignIn as SignInSchema,
  SightlineError,
  type SignInDetail,
  type SignInFilter,
  type SignInPage,
  type SortField,
} from '../../preload/contract';
import { rowValues, sameContent, SIGNIN_COLUMNS, toRow, type SignInRow } from './columns';
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
  const noteUser = (row: SignInRow) => {
    if (row.user_upn === null) return;
    const key = `${row.user_upn}\u0000${row.user_display ?? ''}`;
    if (seenUsers.has(key)) return;
    seenUsers.add(key);
    addUser.run(row.user_upn, row.user_display ?? '');
  };
  const write = async (row: SignInRow, source: Source): Promise<UpsertOutcome> => {
    const current = find.get(row.id) as Stored | undefined;
    if (!current) {
      insert.run(rowValues(row));
      noteUser(row);
      return 'inserted';
    }
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
      noteUser(next);
      changed.add(current.pk);
      if (!newWins) sighting(null);
      return 'updated';
    }
    if (newWins) {
      supersede.run(keep(current), current.pk);
      replace.run([...rowValues(row), current.pk]);
      noteUser(row);
      changed.add(current.pk);
    } else {
      link.run(current.pk, source.evidenceId, source.recordIndex, source.line, keep(row));
    }
    return 'updated';
  };
  return Object.assign(write, { changed });
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
  const { where, params } = compileFilter(q.filter);
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  // pk breaks ties so pages never overlap or skip rows.
  const order = `${SORT_COLUMNS[q.sort.field]} ${dir}, pk ${dir}`;
  const rows = db
    .prepare(`SELECT raw, src_evidence, merged, ingested_ms FROM signins ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as StoredRecord[];
  const signIns = await materialize(db, rows);
  return { total: q.withTotal === false ? -1 : countSignIns(db, q.filter), rows: signIns.map((s) => SignInSchema.parse(s)) };
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
