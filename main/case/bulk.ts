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

/**
 * For a bulk load, takes the case out of WAL into a rollback journal while this connection is the
 * only one on it; returns the way back to WAL, or null (and changes nothing) when another connection
 * has the case open, as the app's own does while it shows the case. Call outside a transaction.
 *
 * Why: a transaction of gigabytes in WAL mode writes every page twice, into the WAL and then into
 * the file at the checkpoint after the commit. Copying 1M finished sign-in rows took 10.3 s plus an
 * 8.5 s checkpoint in WAL mode, against 6.4 s plus a 0.7 s commit with a rollback journal, which
 * journals only the pages that existed before (a small case's few) and writes new pages once.
 * Crash safety is the same: a killed import leaves a hot journal that the next open rolls back.
 * While it runs, other connections wait (busy timeout) instead of reading the case.
 */
export function leaveWalWhileAlone(db: CaseDb): (() => void) | null {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    // Leaving WAL needs an exclusive lock, which any other open connection prevents.
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    return null;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  return () => {
    // Waits out (busy timeout) a connection that opened meanwhile; if that fails the case is
    // still sound, and the next read-write open (openCaseDb) puts it back in WAL.
    try {
      db.pragma('journal_mode = WAL');
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    }
  };
}

/** Drops the secondary indexes of `signins` (not the unique id the writer looks rows up by); returns a restore. */
export function deferIndexes(db: CaseDb): () => void {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signins' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return () => rebuildIndexes(db, indexes.map((i) => i.sql));
}

/**
 * Runs CREATE INDEX statements with SQLite's sorter in small runs sorted on helper threads. With a
 * large page cache the sorter sorts all of a million keys as one list in memory, which is slower than
 * sorting cache-sized runs and merging them: the 23 indexes of a 1M-row case took 28.9 s with the
 * case's 64 MiB cache, 23.7 s with a 2 MB one and 16-19 s with two sorter threads as well.
 */
function rebuildIndexes(db: CaseDb, statements: string[]): void {
  const cacheWas = db.pragma('cache_size', { simple: true }) as number;
  const threadsWas = db.pragma('threads', { simple: true }) as number;
  db.pragma('cache_size = -2000');
  db.pragma('threads = 2');
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.pragma(`cache_size = ${cacheWas}`);
    db.pragma(`threads = ${threadsWas}`);
  }
}
