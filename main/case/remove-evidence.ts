// Removing an evidence row from a case, in one transaction, audited as `evidence.remove`.
//
// A sign-in the evidence touched falls in one of three classes:
//   delete   every record of it came from this evidence: the sign-in goes, with its versions,
//            sightings, search text and the rows other tables keep per sign-in (geo, finding links).
//   strip    its current record came from elsewhere and this evidence only saw it again (duplicate
//            sightings) or held superseded versions no other evidence saw: those rows go, the
//            sign-in stays exactly as it is.
//   rebuild  this evidence supplied its current record (or part of a merge), and another evidence
//            holds it too: the sign-in is rebuilt, keeping its pk, by writing the remaining records
//            again in import order (evidence, then record index) through the import's own writer,
//            so dedupe, versions and merges come out as if this evidence had never been imported.
//            A remaining duplicate sighting stores no text, so its record is read again from its
//            evidence (file with a matching SHA-256, or the collection's stored pages); if that is
//            not possible the removal is refused and nothing changes.
// A Graph collection also takes its run, raw pages and checkpoints (a later collection fetches
// those windows again); directory audit / risk records it carried stay if another run's pages
// hold them too. Annotations are kept: they name sign-ins by request id, so they return if the
// evidence is imported again.
import { SightlineError, type EvidenceRemoval } from '../../preload/contract';
import { writeOtherRecords } from '../collect/other-sources';
import { readPage } from '../collect/graph';
import type { OtherSource } from '../../preload/contract';
import { appendAudit } from './audit';
import { deferIndexes } from './bulk';
import { rowValues, SIGNIN_COLUMNS, type SignInRow } from './columns';
import type { CaseDb } from './db';
import { reindexSearchText } from './fts';
import { forgetEvidenceMeta } from './records';
import { signInWriter } from './signins';
import { readSourceRecords, rowsFromRaw, sourceAvailability, SourceUnavailable, type RecordRef } from './source-records';

type EvidenceInfo = { id: number; name: string; path: string; sha256: string; format: string; source: 'file' | 'graph'; records: number };

const T = 'temp.sightline_rm';

function evidenceInfo(db: CaseDb, id: number): EvidenceInfo {
  const e = db.prepare('SELECT id, name, path, sha256, format, source, records FROM evidence WHERE id = ?').get(id) as EvidenceInfo | undefined;
  if (!e) throw new SightlineError('not-found', `no evidence with id ${id} in this case`);
  return e;
}

/** Fills the temp table with every sign-in the evidence touched and its class. */
function classify(db: CaseDb, e: number): void {
  db.exec(`DROP TABLE IF EXISTS ${T}`);
  db.exec(`CREATE TABLE ${T} (pk INTEGER PRIMARY KEY, id TEXT NOT NULL, own INTEGER NOT NULL, merged INTEGER NOT NULL, cls TEXT)`);
  db.prepare(`INSERT INTO ${T} (pk, id, own, merged) SELECT pk, id, 1, merged IS NOT NULL FROM signins WHERE src_evidence = ?`).run(e);
  db.prepare(`INSERT OR IGNORE INTO ${T} (pk, id, own, merged) SELECT s.pk, s.id, 0, s.merged IS NOT NULL FROM signin_versions v JOIN signins s ON s.id = v.id WHERE v.src_evidence = ?`).run(e);
  db.prepare(`INSERT OR IGNORE INTO ${T} (pk, id, own, merged) SELECT s.pk, s.id, 0, s.merged IS NOT NULL FROM signin_sources x JOIN signins s ON s.pk = x.signin_pk WHERE x.evidence_id = ?`).run(e);
  db.prepare(
    `UPDATE ${T} SET cls = CASE
       WHEN own = 1 AND NOT EXISTS (SELECT 1 FROM signin_versions v WHERE v.id = ${T}.id AND v.src_evidence != @e)
                    AND NOT EXISTS (SELECT 1 FROM signin_sources x WHERE x.signin_pk = ${T}.pk AND x.evidence_id != @e) THEN 'delete'
       WHEN own = 0 AND (NOT EXISTS (SELECT 1 FROM signin_versions v WHERE v.id = ${T}.id AND v.src_evidence = @e)
                    OR (merged = 0 AND NOT EXISTS (SELECT 1 FROM signin_versions v JOIN signin_sources x ON x.version = v.pk
                                                   WHERE v.id = ${T}.id AND v.src_evidence = @e AND x.evidence_id != @e))) THEN 'strip'
       ELSE 'rebuild' END`,
  ).run({ e });
  db.exec(`CREATE INDEX ${T}_cls ON sightline_rm (cls, pk)`);
}

type Counts = { remove: number; keep: number; sightings: number; versions: number; annotated: number };

function counts(db: CaseDb, e: number): Counts {
  const n = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  return {
    remove: n(`SELECT count(*) FROM ${T} WHERE cls = 'delete'`),
    keep: n(`SELECT count(*) FROM ${T} WHERE cls != 'delete'`),
    sightings: n('SELECT count(*) FROM signin_sources WHERE evidence_id = ?', e),
    versions: n('SELECT count(*) FROM signin_versions WHERE src_evidence = ?', e),
    annotated: n(
      `SELECT count(DISTINCT target) FROM annotations WHERE target_kind = 'signin' AND removed_at IS NULL AND target IN (SELECT id FROM ${T} WHERE cls = 'delete')`,
    ),
  };
}

/** The remaining duplicate sightings of rebuilt sign-ins, per evidence: they must be read again. */
function sightingsToReread(db: CaseDb, e: number): Map<number, (RecordRef & { pk: number })[]> {
  const rows = db
    .prepare(
      `SELECT x.evidence_id AS evidenceId, x.record_index AS recordIndex, x.line, t.id AS signInId, t.pk FROM signin_sources x JOIN ${T} t ON t.pk = x.signin_pk
       WHERE t.cls = 'rebuild' AND x.evidence_id != ?
         -- A place that is also a stored version's (or the current record's) source is read from the stored text.
         AND NOT EXISTS (SELECT 1 FROM signin_versions v WHERE v.id = t.id AND v.src_evidence = x.evidence_id AND v.src_index = x.record_index)
         AND NOT EXISTS (SELECT 1 FROM signins s WHERE s.pk = t.pk AND s.src_evidence = x.evidence_id AND s.src_index = x.record_index)
       ORDER BY x.evidence_id, x.record_index`,
    )
    .all(e) as (RecordRef & { evidenceId: number; pk: number })[];
  const by = new Map<number, (RecordRef & { pk: number })[]>();
  for (const r of rows) by.set(r.evidenceId, [...(by.get(r.evidenceId) ?? []), r]);
  return by;
}

function rereadList(db: CaseDb, e: number, check: boolean): EvidenceRemoval['rereads'] {
  return [...sightingsToReread(db, e)].map(([evidenceId, refs]) => {
    const name = (db.prepare('SELECT name FROM evidence WHERE id = ?').pluck().get(evidenceId) as string | undefined) ?? `evidence ${evidenceId}`;
    const reason = check ? sourceAvailability(db, evidenceId) : null;
    return { evidenceId, name, records: new Set(refs.map((r) => `${r.recordIndex}`)).size, available: reason === null, reason };
  });
}

function result(e: EvidenceInfo, c: Counts, rereads: EvidenceRemoval['rereads'], started: number): EvidenceRemoval {
  return {
    evidenceId: e.id,
    name: e.name,
    sha256: e.sha256,
    signInsRemoved: c.remove,
    signInsKept: c.keep,
    sightingsRemoved: c.sightings,
    versionsRemoved: c.versions,
    annotatedSignInsRemoved: c.annotated,
    rereads,
    ms: Math.round(performance.now() - started),
  };
}

/** What removing the evidence would do; changes nothing. */
export function previewRemoval(db: CaseDb, id: number): EvidenceRemoval {
  const started = performance.now();
  const e = evidenceInfo(db, id);
  const outer = db.inTransaction;
  if (!outer) db.exec('BEGIN');
  try {
    classify(db, id);
    return result(e, counts(db, id), rereadList(db, id, true), started);
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${T}`);
    if (!outer) db.exec('ROLLBACK');
  }
}

/** Tables that keep rows per sign-in (a foreign key to signins.pk), other than the ones handled here. */
function perSignInTables(db: CaseDb): { table: string; column: string; onDelete: string }[] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  const out: { table: string; column: string; onDelete: string }[] = [];
  for (const table of tables) {
    if (table === 'signin_sources') continue;
    for (const fk of db.pragma(`foreign_key_list("${table.replace(/"/g, '""')}")`) as { table: string; from: string; to: string | null; on_delete: string }[]) {
      if (fk.table === 'signins' && (fk.to === 'pk' || fk.to === null)) out.push({ table, column: fk.from, onDelete: fk.on_delete });
    }
  }
  return out;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Deletes the sign-ins only this evidence held, with everything kept per sign-in. */
function deleteOwned(db: CaseDb): Record<string, number> {
  const gone: Record<string, number> = {};
  const set = `(SELECT pk FROM ${T} WHERE cls = 'delete')`;
  for (const ref of perSignInTables(db)) {
    // SET NULL / SET DEFAULT references are the owning table's choice; SQLite applies them on delete.
    if (ref.onDelete === 'SET NULL' || ref.onDelete === 'SET DEFAULT') continue;
    const n = db.prepare(`DELETE FROM ${q(ref.table)} WHERE ${q(ref.column)} IN ${set}`).run().changes;
    if (n) gone[ref.table] = (gone[ref.table] ?? 0) + n;
  }
  db.exec(`DELETE FROM signins_fts WHERE rowid IN ${set}`);
  db.exec(`DELETE FROM signin_sources WHERE signin_pk IN ${set}`);
  gone['signin_versions'] = db.prepare(`DELETE FROM signin_versions WHERE id IN (SELECT id FROM ${T} WHERE cls = 'delete')`).run().changes;
  gone['signins'] = db.prepare(`DELETE FROM signins WHERE pk IN ${set}`).run().changes;
  return gone;
}

type Rec = { row: SignInRow; evidenceId: number; recordIndex: number; line: number };

/** Every remaining record of each rebuilt sign-in, as rows, in import order (read before anything is deleted). */
async function remainingRecords(db: CaseDb, e: number): Promise<Map<number, Rec[]>> {
  type Stored = RecordRef & { pk: number; evidenceId: number; raw: string };
  const stored = [
    ...(db
      .prepare(
        `SELECT s.pk, s.id AS signInId, s.src_evidence AS evidenceId, s.src_index AS recordIndex, s.src_line AS line, s.raw FROM signins s JOIN ${T} t ON t.pk = s.pk
         WHERE t.cls = 'rebuild' AND s.src_evidence != ?`,
      )
      .all(e) as Stored[]),
    ...(db
      .prepare(
        `SELECT t.pk, v.id AS signInId, v.src_evidence AS evidenceId, v.src_index AS recordIndex, v.src_line AS line, v.raw FROM signin_versions v JOIN ${T} t ON t.id = v.id
         WHERE t.cls = 'rebuild' AND v.src_evidence != ?`,
      )
      .all(e) as Stored[]),
  ];
  const out = new Map<number, Rec[]>();
  const seen = new Set<string>();
  const add = (pk: number, r: Rec) => {
    const key = `${pk}:${r.evidenceId}:${r.recordIndex}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.set(pk, [...(out.get(pk) ?? []), r]);
  };
  const byEvidence = new Map<number, Stored[]>();
  for (const s of stored) byEvidence.set(s.evidenceId, [...(byEvidence.get(s.evidenceId) ?? []), s]);
  for (const [evidenceId, list] of byEvidence) {
    const rows = await rowsFromRaw(db, evidenceId, list);
    list.forEach((s, i) => add(s.pk, { row: rows[i]!, evidenceId, recordIndex: s.recordIndex, line: s.line }));
  }
  for (const [evidenceId, refs] of sightingsToReread(db, e)) {
    let rows: Map<number, SignInRow>;
    try {
      rows = await readSourceRecords(db, evidenceId, refs);
    } catch (err) {
      if (err instanceof SourceUnavailable) {
        throw new SightlineError(
          'rejected',
          `cannot remove this evidence: ${refs.length} of the sign-ins it holds are also held by another evidence, whose records must be read again to keep them, and ${err.message}. Nothing was changed.`,
        );
      }
      throw err;
    }
    for (const r of refs) add(r.pk, { row: rows.get(r.recordIndex)!, evidenceId, recordIndex: r.recordIndex, line: r.line });
  }
  for (const list of out.values()) list.sort((a, b) => a.evidenceId - b.evidenceId || a.recordIndex - b.recordIndex);
  return out;
}

/** Writes each rebuilt sign-in again from its remaining records; its pk stays. */
async function rebuild(db: CaseDb, records: Map<number, Rec[]>): Promise<number> {
  const overwrite = db.prepare(`UPDATE signins SET ${SIGNIN_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE pk = ?`);
  const addUser = db.prepare('INSERT OR IGNORE INTO users (upn, display) VALUES (?, ?)');
  const write = signInWriter(db);
  for (const [pk, list] of records) {
    const [first, ...rest] = list;
    if (!first) throw new Error(`sign-in ${pk} has no remaining record to rebuild from`);
    overwrite.run([...rowValues(first.row), pk]);
    if (first.row.user_upn !== null) addUser.run(first.row.user_upn, first.row.user_display ?? '');
    for (const r of rest) await write(r.row, { evidenceId: r.evidenceId, recordIndex: r.recordIndex, line: r.line });
  }
  reindexSearchText(db, records.keys());
  return records.size;
}

const OTHER_TABLES: Record<OtherSource, string> = { directoryAudits: 'directory_audits', riskDetections: 'risk_detections', riskyUsers: 'risky_users' };

/** A collection's run, pages and checkpoints; its other-source records stay if another run's pages hold them. */
async function removeCollection(db: CaseDb, e: number): Promise<Record<string, number>> {
  const runs = db.prepare('SELECT id FROM collect_runs WHERE evidence_id = ?').pluck().all(e) as number[];
  if (!runs.length) return {};
  const runList = JSON.stringify(runs);
  const gone: Record<string, number> = {};
  for (const [source, table] of Object.entries(OTHER_TABLES) as [OtherSource, string][]) {
    const ids = db
      .prepare(`SELECT id FROM ${table} WHERE page_id IN (SELECT id FROM collect_pages WHERE run_id IN (SELECT value FROM json_each(?)))`)
      .pluck()
      .all(runList) as string[];
    if (!ids.length) continue;
    db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids));
    gone[table] = ids.length;
    // Pages of other runs that carry any of them, oldest first: written again as that run wrote them.
    const wanted = new Set(ids);
    const pages = db
      .prepare(`SELECT id, body, url, seq FROM collect_pages WHERE source = ? AND run_id NOT IN (SELECT value FROM json_each(?)) ORDER BY run_id, seq`)
      .all(source, runList) as { id: number; body: Buffer; url: string; seq: number }[];
    for (const p of pages) {
      const { records } = await readPage(p.body, p.url);
      const mine = records.filter((raw) => wanted.has(String((JSON.parse(raw) as { id?: unknown }).id)));
      if (!mine.length) continue;
      const c = writeOtherRecords(db, source, mine.map((raw) => ({ raw, line: p.seq })), p.id);
      gone[table] -= c.inserted;
    }
  }
  gone['collect_checkpoints'] = db.prepare('DELETE FROM collect_checkpoints WHERE run_id IN (SELECT value FROM json_each(?))').run(runList).changes;
  gone['collect_pages'] = db.prepare('DELETE FROM collect_pages WHERE run_id IN (SELECT value FROM json_each(?))').run(runList).changes;
  gone['collect_runs'] = db.prepare('DELETE FROM collect_runs WHERE id IN (SELECT value FROM json_each(?))').run(runList).changes;
  return gone;
}

/**
 * Removes an evidence row and what only it holds, in one IMMEDIATE transaction (all or nothing),
 * and records it on the audit trail. See the top of this file for what happens to each sign-in.
 */
export async function removeEvidence(db: CaseDb, id: number): Promise<EvidenceRemoval> {
  const started = performance.now();
  if (db.inTransaction) throw new Error('removeEvidence runs its own transaction');
  // A bigger page cache while it runs: the deletes touch pages all over a large case.
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -524288');
  db.exec('BEGIN IMMEDIATE');
  try {
    // How long each step took, on the audit entry (a removal from a big case can take a while).
    const phases: Record<string, number> = {};
    let phase = performance.now();
    const mark = (name: string) => {
      phases[name] = Math.round(performance.now() - phase);
      phase = performance.now();
    };
    const e = evidenceInfo(db, id);
    classify(db, id);
    const c = counts(db, id);
    const rereads = rereadList(db, id, false);
    mark('classify');
    const records = await remainingRecords(db, id);
    mark('reread');
    // Deleting a large share of the case: drop the secondary indexes of signins and build them again
    // afterwards (one sort each over what remains) instead of 20-odd random B-tree deletes per row.
    const total = db.prepare('SELECT count(*) FROM signins').pluck().get() as number;
    const restoreIndexes = c.remove > 50_000 && c.remove > total / 4 ? deferIndexes(db) : null;
    const gone = deleteOwned(db);
    mark('delete');
    // Rebuilt sign-ins lose every sighting and version (their records were read above and are written again);
    // sightings first, as they may point at a version.
    db.exec(`DELETE FROM signin_sources WHERE signin_pk IN (SELECT pk FROM ${T} WHERE cls = 'rebuild')`);
    db.exec(`DELETE FROM signin_versions WHERE id IN (SELECT id FROM ${T} WHERE cls = 'rebuild')`);
    // Stripped sign-ins lose this evidence's sightings and versions only.
    db.prepare('DELETE FROM signin_sources WHERE evidence_id = ?').run(id);
    db.prepare('DELETE FROM signin_versions WHERE src_evidence = ?').run(id);
    const rebuilt = await rebuild(db, records);
    mark('rebuild');
    restoreIndexes?.();
    mark('indexes');
    const collection = e.source === 'graph' ? await removeCollection(db, id) : {};
    db.prepare('DELETE FROM evidence WHERE id = ?').run(id);
    // The users lookup keeps only pairs some sign-in still has.
    db.exec(`DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM signins s WHERE s.user_upn = users.upn AND coalesce(s.user_display, '') = users.display)`);
    mark('users');
    db.exec(`DROP TABLE IF EXISTS ${T}`);
    const out = result(e, c, rereads, started);
    appendAudit(db, 'evidence.remove', {
      evidenceId: e.id, name: e.name, path: e.path, sha256: e.sha256, format: e.format, source: e.source, records: e.records,
      signInsRemoved: c.remove, signInsKept: c.keep, signInsRebuilt: rebuilt, sightingsRemoved: c.sightings, versionsRemoved: c.versions,
      annotatedSignInsRemoved: c.annotated, reread: rereads.map((r) => ({ evidenceId: r.evidenceId, name: r.name, records: r.records })),
      rowsDeleted: { ...gone, ...collection }, ms: out.ms, phases: { ...phases, indexesRebuilt: restoreIndexes !== null },
    });
    db.exec('COMMIT');
    forgetEvidenceMeta(db, id);
    return { ...out, ms: Math.round(performance.now() - started) };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    forgetEvidenceMeta(db, id);
    throw err;
  } finally {
    db.pragma(`cache_size = ${cacheBefore}`);
  }
}
