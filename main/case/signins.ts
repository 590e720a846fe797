// Writing and reading sign-ins in a case. Reads page through SQL; values are always bound parameters.
import { createHash } from 'node:crypto';
import {
  SignIn as SignInSchema,
  SightlineError,
  type SignIn,
  type SignInDetail,
  type SignInFilter,
  type SignInPage,
  type SortField,
} from '../../preload/contract';
import type { NormalizedRecord } from '../ingest/types';
import type { CaseDb } from './db';
import { compileFilter } from './filter';
import { mergeSignIns } from './merge';

/** Hash of what the sign-in says, ignoring when it was ingested: equal hash = exact duplicate. */
export function contentHash(signIn: SignIn): string {
  const { ingestedDateTime: _ingested, ...content } = signIn as SignIn & { ingestedDateTime?: unknown };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function columns(rec: NormalizedRecord, hash: string) {
  const s = rec.signIn;
  // Only plottable coordinates reach the columns the map and travel math read (never 0,0 or {}).
  const geo = s['geo'] as { latitude: number | null; longitude: number | null } | undefined;
  return {
    id: s.id,
    created_ms: Date.parse(s.createdDateTime),
    created_raw: rec.createdRaw,
    type: s.type,
    outcome: s.outcome,
    error_code: s.status?.errorCode ?? null,
    user_upn: s.userPrincipalName?.toLowerCase() ?? null,
    user_display: s.userDisplayName ?? null,
    user_id: s.userId ?? null,
    app_name: s.appDisplayName ?? null,
    app_id: s.appId ?? null,
    resource_name: s.resourceDisplayName ?? null,
    resource_id: s.resourceId ?? null,
    ip: s.ipAddress ?? null,
    country: s.location?.countryOrRegion ?? null,
    state: s.location?.state ?? null,
    city: s.location?.city ?? null,
    latitude: geo?.latitude ?? null,
    longitude: geo?.longitude ?? null,
    client_app: s.clientAppUsed ?? null,
    user_agent: s.userAgent ?? null,
    correlation_id: s.correlationId ?? null,
    tenant_id: s.tenantId ?? null,
    content_hash: hash,
    record: JSON.stringify(s),
    raw: rec.raw,
  };
}

export type UpsertOutcome = 'inserted' | 'updated' | 'duplicate';
export type Source = { evidenceId: number; line: number | null; recordIndex: number | null };

/** Prepared statements for one import; build once per file, call per record. */
export function signInWriter(db: CaseDb) {
  const find = db.prepare('SELECT pk, content_hash, record, raw, created_raw FROM signins WHERE id = ?');
  const retag = db.prepare('UPDATE signin_sources SET content_hash = ? WHERE signin_pk = ? AND content_hash = ?');
  const cols = Object.keys(columns({ signIn: { id: '', createdDateTime: '', type: 'unknown', outcome: 'failure' } as SignIn, createdRaw: '', ingestedMs: null, raw: '' }, ''));
  const insert = db.prepare(`INSERT INTO signins (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`);
  const replace = db.prepare(`UPDATE signins SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`);
  const link = db.prepare('INSERT INTO signin_sources (signin_pk, evidence_id, line, record_index, content_hash) VALUES (?, ?, ?, ?, ?)');
  // The same record read again (a re-import of the same file) is not a new source.
  const linked = db.prepare('SELECT 1 FROM signin_sources WHERE signin_pk = ? AND evidence_id = ? AND line IS ? AND record_index IS ? LIMIT 1');
  const keepVersion = db.prepare('INSERT INTO signin_versions (id, superseded_at, content_hash, record, raw) VALUES (?, ?, ?, ?, ?)');
  const knownVersion = db.prepare('SELECT 1 FROM signin_versions WHERE id = ? AND content_hash = ? LIMIT 1');

  return (rec: NormalizedRecord, source: Source): UpsertOutcome => {
    const hash = contentHash(rec.signIn);
    const current = find.get(rec.signIn.id) as { pk: number; content_hash: string; record: string; raw: string; created_raw: string } | undefined;
    const addLink = (pk: number, tag = hash) => {
      if (!linked.get(pk, source.evidenceId, source.line, source.recordIndex)) link.run(pk, source.evidenceId, source.line, source.recordIndex, tag);
    };
    if (!current) {
      // A new sign-in has no sources yet: link without the lookup.
      link.run(Number(insert.run(columns(rec, hash)).lastInsertRowid), source.evidenceId, source.line, source.recordIndex, hash);
      return 'inserted';
    }
    if (current.content_hash === hash || knownVersion.get(rec.signIn.id, hash)) {
      addLink(current.pk);
      return 'duplicate';
    }
    // Same sign-in, changed content: the later ingestion wins; on a tie (or no ingestion time) the
    // record read later wins, deterministically (formats.md §14). The other is kept as a version.
    // From another format, the two are merged field by field; if that adds nothing, it is a duplicate.
    const now = new Date().toISOString();
    const currentRecord = JSON.parse(current.record) as SignIn & { ingestedDateTime?: string; sourceFormat?: string };
    const currentMs = currentRecord.ingestedDateTime ? Date.parse(currentRecord.ingestedDateTime) : null;
    const newWins = rec.ingestedMs === null || currentMs === null || rec.ingestedMs >= currentMs;
    const crossFormat = currentRecord.sourceFormat !== rec.signIn['sourceFormat'];
    let next: NormalizedRecord = rec;
    if (crossFormat) {
      const merged = newWins ? mergeSignIns(rec.signIn, currentRecord) : mergeSignIns(currentRecord, rec.signIn);
      if (contentHash(merged) === current.content_hash) {
        addLink(current.pk);
        return 'duplicate';
      }
      next = { ...(newWins ? rec : { ...rec, raw: current.raw, createdRaw: current.created_raw }), signIn: merged };
    }
    const nextHash = contentHash(next.signIn);
    if (newWins || crossFormat) {
      keepVersion.run(rec.signIn.id, now, current.content_hash, current.record, current.raw);
      if (!newWins) keepVersion.run(rec.signIn.id, now, hash, JSON.stringify(rec.signIn), rec.raw);
      replace.run({ ...columns(next, nextHash), pk: current.pk });
      // Sources that went into a merged version are sources of the new current content too.
      if (crossFormat) retag.run(nextHash, current.pk, current.content_hash);
    } else {
      keepVersion.run(rec.signIn.id, now, hash, JSON.stringify(rec.signIn), rec.raw);
    }
    addLink(current.pk, crossFormat ? nextHash : hash);
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

function parseRecord(text: string): SignIn {
  return SignInSchema.parse(JSON.parse(text));
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
    .prepare(`SELECT record FROM signins ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as { record: string }[];
  return { total: countSignIns(db, q.filter), rows: rows.map((r) => parseRecord(r.record)) };
}

export function getSignIn(db: CaseDb, id: string): SignInDetail {
  const row = db.prepare('SELECT pk, record, raw, content_hash FROM signins WHERE id = ?').get(id) as
    | { pk: number; record: string; raw: string; content_hash: string }
    | undefined;
  if (!row) throw new SightlineError('not-found', `no sign-in with id ${id} in this case`);
  const provenance = db
    .prepare(
      `SELECT s.evidence_id AS evidenceId, e.name AS evidenceName, e.sha256, e.format, s.line, s.record_index AS recordIndex,
              s.content_hash = ? AS current
         FROM signin_sources s JOIN evidence e ON e.id = s.evidence_id
        WHERE s.signin_pk = ? ORDER BY current DESC, s.rowid`,
    )
    .all(row.content_hash, row.pk)
    .map((p) => ({ ...(p as Record<string, unknown>), current: (p as { current: number }).current === 1 })) as SignInDetail['provenance'];
  const versions = (db.prepare('SELECT superseded_at AS supersededAt, record, raw FROM signin_versions WHERE id = ? ORDER BY pk DESC').all(id) as { supersededAt: string; record: string; raw: string }[]).map(
    (v) => ({ supersededAt: v.supersededAt, signIn: parseRecord(v.record), raw: v.raw }),
  );
  return { signIn: parseRecord(row.record), raw: row.raw, provenance, versions };
}
