// Keeping the full-text index in step with `signins`: after a file's rows are written, its new and
// changed sign-ins are (re)indexed in one pass (cheaper than per row, and timed on its own).
import type { CaseDb } from './db';

/**
 * The text a sign-in is found by: every field an analyst would type a word of. The ids that are
 * (nearly) unique per sign-in, session, user or device are left out: split at their dashes they
 * were three quarters of the index's cost and size (every fragment a new term), and their own
 * indexes find them faster (see GUID_COLUMNS and the search filter). The ids shared by many
 * sign-ins (app, resource, tenant) stay: they add few terms.
 */
const SEARCH_TEXT = `concat_ws(' ', user_upn, user_display, app_name, app_id, resource_name, resource_id, ip, city, state, country,
  client_app, user_agent, failure_reason, mfa_result, os, browser, tenant_id, error_code)`;

/** The id columns search reads through their own indexes instead of the full-text index. */
export const GUID_COLUMNS = ['id', 'correlation_id', 'session_id', 'user_id', 'device_id'] as const;

export function maxSignInPk(db: CaseDb): number {
  return (db.prepare('SELECT coalesce(max(pk), 0) AS m FROM signins').get() as { m: number }).m;
}

/** Replaces the search text of these sign-ins with their current fields. */
export function reindexSearchText(db: CaseDb, pks: Iterable<number>): void {
  const remove = db.prepare('DELETE FROM signins_fts WHERE rowid = ?');
  const one = db.prepare(`INSERT INTO signins_fts (rowid, text) SELECT pk, ${SEARCH_TEXT} FROM signins WHERE pk = ?`);
  for (const pk of pks) {
    remove.run(pk);
    one.run(pk);
  }
}

/**
 * How much new search text FTS5 gathers in memory before writing it out as a segment. The default
 * (1 MB) wrote a million sign-ins as thousands of small segments, then spent most of the build
 * merging them: 16 MB halved the build (13.1 -> 6.9 s for 1M rows) for 8 MB more memory. The value
 * is kept in the index's own config, so collections and later imports use it too.
 */
const FTS_PENDING_BYTES = 16 * 1024 * 1024;

/** Indexes rows added after `afterPk`, and re-indexes `changed` older rows. */
export function indexSearchText(db: CaseDb, afterPk: number, changed: Iterable<number>): void {
  const pending = db.prepare("SELECT v FROM signins_fts_config WHERE k = 'hashsize'").pluck().get();
  // An integer literal: FTS5 refuses a bound number, which arrives as a REAL.
  if (pending !== FTS_PENDING_BYTES) db.exec(`INSERT INTO signins_fts (signins_fts, rank) VALUES ('hashsize', ${FTS_PENDING_BYTES})`);
  reindexSearchText(db, [...changed].filter((pk) => pk <= afterPk));
  const bulk = maxSignInPk(db) - afterPk >= BULK_ROWS;
  // A bulk build leaves its segments unmerged: FTS5's incremental merging while writing took a third
  // of a 1M-row build (6.2-8.2 -> 4.6-4.7 s, measured; 10 segments instead of 4, and a search for a
  // term in a third of the rows took 12 ms either way). Later small writes merge as usual.
  if (bulk) db.exec(`INSERT INTO signins_fts (signins_fts, rank) VALUES ('automerge', 0)`);
  db.prepare(`INSERT INTO signins_fts (rowid, text) SELECT pk, ${SEARCH_TEXT} FROM signins WHERE pk > ?`).run(afterPk);
  if (bulk) db.exec(`INSERT INTO signins_fts (signins_fts, rank) VALUES ('automerge', ${FTS_DEFAULT_AUTOMERGE})`);
}

/** From this many new rows on, the search text is built as a bulk load (see indexSearchText). */
const BULK_ROWS = 100_000;
/** FTS5's own default: merge once 4 segments of a level exist. */
const FTS_DEFAULT_AUTOMERGE = 4;
