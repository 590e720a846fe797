// An open case: its database handle and the summary the UI shows.
import fs from 'node:fs';
import path from 'node:path';
import type { Case } from '../../preload/contract';
import { openCaseDb, type CaseDb } from './db';
import { CaseReader } from './reads';

export class CaseSession {
  private constructor(readonly path: string, readonly db: CaseDb) {}

  /** Opens a case, creating it unless `mustExist` (commands that only read a case must not invent one). */
  static open(file: string, opts: { mustExist?: boolean } = {}): CaseSession {
    const abs = path.resolve(file);
    if (opts.mustExist && !fs.existsSync(abs)) throw new Error(`no case file at ${abs}`);
    return new CaseSession(abs, openCaseDb(abs));
  }

  info(): Case {
    const meta = this.db.prepare("SELECT value FROM case_meta WHERE key = 'createdAt'").get() as { value: string } | undefined;
    // The name given in the case details (details.ts) when there is one, else the file's name.
    const named = this.db.prepare("SELECT value FROM case_meta WHERE key = 'case.name'").get() as { value: string } | undefined;
    const counts = this.db
      .prepare('SELECT (SELECT count(*) FROM signins) AS signIns, (SELECT count(*) FROM evidence) AS evidence')
      .get() as { signIns: number; evidence: number };
    return {
      path: this.path,
      name: named?.value.trim() || path.basename(this.path).replace(/\.sightline$/i, ''),
      createdAt: meta?.value ?? new Date(0).toISOString(),
      ...counts,
    };
  }

  private reads: CaseReader | null = null;

  /** Long read-only queries on a worker thread (see ./reads.ts), started on first use. */
  reader(): CaseReader {
    return (this.reads ??= new CaseReader(this.path));
  }

  close(): void {
    this.reads?.close();
    this.reads = null;
    if (this.db.open) this.db.close();
  }
}
