// Bulk loading: a large file into a small case loads faster with the secondary indexes of
// `signins` built once at the end (a sort) than kept up to date row by row (random B-tree
// inserts that outgrow the page cache). Done inside the import's transaction, so other
// connections keep seeing the committed indexes, and a rollback restores them.
import type { CaseDb } from './db';

/** Drop and rebuild only when the file is big and the case small next to it: a rebuild covers every row. */
export function worthDeferringIndexes(db: CaseDb, fileBytes: number): boolean {
  const rows = (db.prepare('SELECT count(*) AS n FROM signins').get() as { n: number }).n;
  return fileBytes > 32 * 1024 * 1024 && fileBytes > rows * 2048;
}

/** Drops the secondary indexes of `signins` (not the unique id the writer looks rows up by); returns a restore. */
export function deferIndexes(db: CaseDb): () => void {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signins' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return () => {
    for (const i of indexes) db.exec(i.sql);
  };
}
