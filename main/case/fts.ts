// Keeping the full-text index in step with `signins`: after a file's rows are written, its new and
// changed sign-ins are (re)indexed in one pass (cheaper than per row, and timed on its own).
import type { CaseDb } from './db';

/** The text a sign-in is found by: every field an analyst would type a word of. */
const SEARCH_TEXT = `concat_ws(' ', id, user_upn, user_display, user_id, app_name, app_id, resource_name, resource_id, ip, city, state, country,
  client_app, user_agent, failure_reason, mfa_result, os, browser, device_id, correlation_id, session_id, tenant_id, error_code)`;

export function maxSignInPk(db: CaseDb): number {
  return (db.prepare('SELECT coalesce(max(pk), 0) AS m FROM signins').get() as { m: number }).m;
}

/** Indexes rows added after `afterPk`, and re-indexes `changed` older rows. */
export function indexSearchText(db: CaseDb, afterPk: number, changed: Iterable<number>): void {
  const again = [...changed].filter((pk) => pk <= afterPk);
  const remove = db.prepare('DELETE FROM signins_fts WHERE rowid = ?');
  const one = db.prepare(`INSERT INTO signins_fts (rowid, text) SELECT pk, ${SEARCH_TEXT} FROM signins WHERE pk = ?`);
  for (const pk of again) {
    remove.run(pk);
    one.run(pk);
  }
  db.prepare(`INSERT INTO signins_fts (rowid, text) SELECT pk, ${SEARCH_TEXT} FROM signins WHERE pk > ?`).run(afterPk);
}
