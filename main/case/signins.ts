// Writing and reading sign-ins in a case. Reads page through SQL; values are always bound parameters.
import {
  SignIn as SignInSchema,
  SightlineError,
  type SignIn,
  type SignInDetail,
  type SignInFilter,
  type SignInPage,
  type SortField,
} from '../../preload/contract';
import { fromRow, sameContent, SIGNIN_COLUMNS, toRow, type SignInRow } from './columns';
import type { CaseDb } from './db';
import { compileFilter } from './filter';
import { mergeSignIns } from './merge';

export type UpsertOutcome = 'inserted' | 'updated' | 'duplicate';
export type Source = { evidenceId: number; line: number; recordIndex: number };

/** Prepared statements for one import; build once per file, call per prepared row. */
export function signInWriter(db: CaseDb) {
  const find = db.prepare('SELECT pk, record, raw, raw_evidence, created_raw, ingested_ms, source_format FROM signins WHERE id = ?');
  const insert = db.prepare(`INSERT INTO signins (${SIGNIN_COLUMNS.join(', ')}) VALUES (${SIGNIN_COLUMNS.map((c) => '@' + c).join(', ')})`);
  const replace = db.prepare(`UPDATE signins SET ${SIGNIN_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`);
  // The same record read again (a re-import of the same file) is not a new source: the key ignores it.
  const link = db.prepare('INSERT OR IGNORE INTO signin_sources (signin_pk, evidence_id, record_index, line, version) VALUES (?, ?, ?, ?, ?)');
  const supersede = db.prepare('UPDATE signin_sources SET version = ? WHERE signin_pk = ? AND version IS NULL');
  const keepVersion = db.prepare('INSERT INTO signin_versions (id, superseded_at, ingested_ms, record, raw, raw_evidence) VALUES (?, ?, ?, ?, ?, ?)');
  const knownVersion = db.prepare('SELECT pk FROM signin_versions WHERE id = ? AND record = ? LIMIT 1').pluck();

  type Current = { pk: number; record: string; raw: string; raw_evidence: number | null; created_raw: string; ingested_ms: number | null; source_format: string };

  return (row: SignInRow, source: Source): UpsertOutcome => {
    const current = find.get(row.id) as Current | undefined;
    const addLink = (pk: number, version: number | null) => link.run(pk, source.evidenceId, source.recordIndex, source.line, version);
    if (!current) {
      addLink(Number(insert.run(row).lastInsertRowid), null);
      return 'inserted';
    }
    if (current.record === row.record) {
      addLink(current.pk, null);
      return 'duplicate';
    }
    const known = knownVersion.get(row.id, row.record) as number | undefined;
    if (known !== undefined) {
      addLink(current.pk, known);
      return 'duplicate';
    }
    // Same sign-in, changed content: the later ingestion wins; on a tie (or no ingestion time) the
    // record read later wins, deterministically (formats.md §14). The other is kept as a version.
    // From another format, the two are merged field by field; if that adds nothing, it is a duplicate.
    const now = new Date().toISOString();
    const newWins = row.ingested_ms === null || current.ingested_ms === null || row.ingested_ms >= current.ingested_ms;
    const keep = (r: { record: string; raw: string; raw_evidence: number | null; ingested_ms: number | null }) =>
      Number(keepVersion.run(row.id, now, r.ingested_ms, r.record, r.raw, r.raw_evidence).lastInsertRowid);

    if (current.source_format !== row.source_format) {
      const mine = JSON.parse(row.record) as SignIn;
      const theirs = JSON.parse(current.record) as SignIn;
      const merged = newWins ? mergeSignIns(mine, theirs) : mergeSignIns(theirs, mine);
      if (sameContent(merged, theirs)) {
        addLink(current.pk, null);
        return 'duplicate';
      }
      // Both inputs are kept as versions; every source that went into the merge stays current.
      keep(current);
      if (!newWins) keep(row);
      const next = newWins
        ? toRow(merged, row.created_raw, row.raw, row.ingested_ms, row.raw_evidence)
        : toRow(merged, current.created_raw, current.raw, current.ingested_ms, current.raw_evidence);
      replace.run({ ...next, pk: current.pk });
      addLink(current.pk, null);
      return 'updated';
    }
    if (newWins) {
      supersede.run(keep(current), current.pk);
      replace.run({ ...row, pk: current.pk });
      addLink(current.pk, null);
    } else {
      addLink(current.pk, keep(row));
    }
    return 'updated';
  };
}

const SORT_COLUMNS: Record<SortField, string> = {
  createdDateTime: 'created_ms',
  userPrincipalName: 'user_upn',
  appDisplayName: 'app_name',
  outcome: 'outcome',
  ipAddress: 'ip',
  country: 'country',
};

function parseRecord(text: string, ingestedMs: number | null): SignIn {
  return SignInSchema.parse(fromRow(text, ingestedMs));
}

/** A CSV row's raw cells named by its evidence file's header; other sources' raw text as it is. */
function namedRaw(db: CaseDb, raw: string, rawEvidence: number | null): string {
  if (rawEvidence === null) return raw;
  const columns = (db.prepare('SELECT columns FROM evidence WHERE id = ?').get(rawEvidence) as { columns: string | null } | undefined)?.columns;
  if (!columns) return raw;
  const names = JSON.parse(columns) as string[];
  const cells = JSON.parse(raw) as string[];
  const named: Record<string, string> = {};
  cells.forEach((cell, i) => {
    const name = names[i] ?? `column ${i + 1}`;
    named[name in named ? `${name} (column ${i + 1})` : name] = cell;
  });
  return JSON.stringify(named);
}

export function countSignIns(db: CaseDb, filter: SignInFilter): number {
  const { where, params } = compileFilter(filter);
  return (db.prepare(`SELECT count(*) AS n FROM signins ${where}`).get(params) as { n: number }).n;
}

export function querySignIns(
  db: CaseDb,
  q: { filter: SignInFilter; sort: { field: SortField; dir: 'asc' | 'desc' }; offset: number; limit: number },
): SignInPage {
  const { where, params } = compileFilter(q.filter);
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  // pk breaks ties so pages never overlap or skip rows.
  const order = `${SORT_COLUMNS[q.sort.field]} ${dir}, pk ${dir}`;
  const rows = db
    .prepare(`SELECT record, ingested_ms FROM signins ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as { record: string; ingested_ms: number | null }[];
  return { total: countSignIns(db, q.filter), rows: rows.map((r) => parseRecord(r.record, r.ingested_ms)) };
}

export function getSignIn(db: CaseDb, id: string): SignInDetail {
  const row = db.prepare('SELECT pk, record, raw, raw_evidence, ingested_ms FROM signins WHERE id = ?').get(id) as
    | { pk: number; record: string; raw: string; raw_evidence: number | null; ingested_ms: number | null }
    | undefined;
  if (!row) throw new SightlineError('not-found', `no sign-in with id ${id} in this case`);
  const provenance = db
    .prepare(
      `SELECT s.evidence_id AS evidenceId, e.name AS evidenceName, e.sha256, e.format, s.line, s.record_index AS recordIndex,
              s.version IS NULL AS current
         FROM signin_sources s JOIN evidence e ON e.id = s.evidence_id
        WHERE s.signin_pk = ? ORDER BY current DESC, s.evidence_id, s.record_index`,
    )
    .all(row.pk)
    .map((p) => ({ ...(p as Record<string, unknown>), current: (p as { current: number }).current === 1 })) as SignInDetail['provenance'];
  const versions = (
    db.prepare('SELECT superseded_at AS supersededAt, record, raw, raw_evidence, ingested_ms FROM signin_versions WHERE id = ? ORDER BY pk DESC').all(id) as {
      supersededAt: string;
      record: string;
      raw: string;
      raw_evidence: number | null;
      ingested_ms: number | null;
    }[]
  ).map((v) => ({ supersededAt: v.supersededAt, signIn: parseRecord(v.record, v.ingested_ms), raw: namedRaw(db, v.raw, v.raw_evidence) }));
  return { signIn: parseRecord(row.record, row.ingested_ms), raw: namedRaw(db, row.raw, row.raw_evidence), provenance, versions };
}
