// Opening a case file: pragmas for safe concurrent use, then the migrations in order.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type CaseDb = Database.Database;

/** Where the .sql migrations live: beside this module in source, copied beside the bundle in builds. */
function migrationsDir(): string {
  return fileURLToPath(new URL('./migrations/', import.meta.url));
}

export type Migration = { version: number; name: string; sql: string };

export function loadMigrations(dir = migrationsDir()): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies every migration newer than the file's user_version. The version is read inside the same
 * IMMEDIATE transaction that applies them, so two processes creating one case at once cannot both
 * migrate it (the second waits, then finds nothing to do).
 */
export function migrate(db: CaseDb, migrations = loadMigrations()): number {
  const newest = migrations.at(-1)?.version ?? 0;
  return db
    .transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > newest) {
        throw new Error(`this case was written by a newer Sightline (schema ${current}, this build knows ${newest})`);
      }
      let applied = 0;
      for (const m of migrations) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
        applied++;
      }
      return applied;
    })
    .immediate();
}

/** Refuses an existing SQLite file that some other program wrote, before any migration touches it. */
function assertSightlineCase(db: CaseDb, file: string): void {
  let version: number;
  let tables: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  } catch (err) {
    // A bulk import holds the case alone while it writes (bulk.ts): say so, not "not a case".
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${file} is busy: another process is writing to it alone (a large import); try again once that has finished`);
    throw new Error(`${file} is not a Sightline case file (${(err as Error).message})`);
  }
  if (version === 0 && tables > 0) throw new Error(`${file} is an SQLite database but not a Sightline case file`);
}

/**
 * Opens (or creates) a case. WAL plus a busy timeout make two processes on one case safe:
 * readers never block, and a second writer waits instead of failing.
 */
export function openCaseDb(file: string, opts: { readonly?: boolean } = {}): CaseDb {
  const exists = fs.existsSync(file);
  if (!exists && opts.readonly) throw new Error(`case file not found: ${file}`);
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    db.pragma('busy_timeout = 10000');
    assertSightlineCase(db, file);
    // 64 MiB of page cache, so the index pages of a large import stay in memory.
    db.pragma('cache_size = -65536');
    if (!opts.readonly) {
      // 16 KiB pages keep a ~3 KB sign-in row on one page instead of spilling to overflow pages:
      // about twice the insert speed and a third less file (measured in npm run bench). Only a new
      // file takes it; it must be set before WAL is.
      if (!exists) db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      if (!exists) {
        db.prepare('INSERT OR IGNORE INTO case_meta (key, value) VALUES (?, ?)').run('createdAt', new Date().toISOString());
      }
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
