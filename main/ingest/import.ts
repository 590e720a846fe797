// The import pipeline: sniff -> stream records -> normalize -> write. One transaction per import,
// one savepoint per file, so a file either lands whole or leaves nothing behind (also when
// cancelled), while the work every file would otherwise repeat (rebuilding the deferred indexes,
// indexing the search text) runs once, at the end. The evidence hash is taken before reading and
// checked again against the bytes actually parsed.
import fs from 'node:fs';
import path from 'node:path';
import type { FileImportResult, ImportProgress, ImportSummary, SourceFormat } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { deferIndexes, leaveWalWhileAlone, worthDeferringIndexes } from '../case/bulk';
import { indexSearchText, maxSignInPk } from '../case/fts';
import { findEvidenceByHash, insertEvidence, recordEvidenceCounts, recordReadMeta } from '../case/evidence';
import { signInWriter } from '../case/signins';
import { DecodeError, readHead, sha256File } from './decode';
import type { ParseEnd, ParsedBatch } from './parse';
import { startParse, type ParseStream } from './parse-client';
import { sniffFormat } from './sniff';
import { FileRejected, type DateOrder } from './types';

export type ImportOptions = {
  /** Skip sniffing: read every file as this format. */
  format?: SourceFormat;
  /** Day/month order for locale dates that cannot tell (PowerShell exports). */
  dateOrder?: DateOrder;
  onProgress?: (p: ImportProgress) => void;
  /** How often progress is reported, in ms. */
  progressEveryMs?: number;
  /** Cancels the import: the file being read is rolled back, later files are not started. */
  signal?: AbortSignal;
};

/** At most this many rejected rows are listed one by one; the count is always complete. */
const MAX_LISTED_REJECTIONS = 1000;

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled; nothing of this file was kept');
  }
}

/**
 * What a walked folder contributes: export-like files only. A README beside the logs is not
 * evidence, nor is the generator's answer key (truth.json).
 */
const EXPORT_EXTENSIONS = /\.(csv|tsv|json|jsonl|ndjson|log|txt)$/i;
const NOT_EVIDENCE = new Set(['truth.json']);

/** Files to import: named files as given; folders walked in name order so results are reproducible. */
export function expandPaths(paths: string[], walking = false): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const st = fs.existsSync(p) ? fs.statSync(p) : null;
    if (st?.isDirectory()) {
      const entries = fs.readdirSync(p).filter((n) => !n.startsWith('.')).sort();
      out.push(...expandPaths(entries.map((n) => path.join(p, n)), true));
    } else if (!walking || (EXPORT_EXTENSIONS.test(p) && !NOT_EVIDENCE.has(path.basename(p)))) out.push(p);
  }
  return out;
}

function emptyResult(file: string): FileImportResult {
  return { path: file, sha256: null, format: null, status: 'imported', error: null, warnings: [], records: 0, inserted: 0, updated: 0, duplicates: 0, rejectedRows: 0, rejected: [] };
}

/** What every file of one import shares: its transaction's writer and the progress reporter. */
type ImportRun = { changed: Set<number>; progress: (p: Omit<ImportProgress, 'phase'>) => void };

async function importOne(db: CaseDb, run: ImportRun, file: string, index: number, count: number, opts: ImportOptions): Promise<FileImportResult> {
  const result = emptyResult(file);
  const name = path.basename(file);
  // A refused file leaves nothing of itself in the case but this line of the audit trail, so the
  // Evidence view and the report can still say it was offered and why it was refused.
  const reject = (reason: string, refused = true): FileImportResult => {
    if (refused) appendAudit(db, 'evidence.rejected', { file: path.resolve(file), sha256: result.sha256, format: result.format, reason });
    return { ...emptyResult(file), sha256: result.sha256, format: result.format, status: 'rejected', error: reason };
  };

  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return reject(`${file}: no such file`);
  }
  if (!st.isFile()) return reject(`${file}: not a regular file`);
  if (st.size === 0) return reject(`${name} is empty`);

  try {
    result.sha256 = await sha256File(file);
    const head = await readHead(file);
    result.format = sniffFormat(file, head, opts.format);

    const started = Date.now();
    let lastReport = 0;
    let bytes = 0;
    const report = (done: boolean) => {
      const now = Date.now();
      if (!done && now - lastReport < (opts.progressEveryMs ?? 200)) return;
      lastReport = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const bytesPerSecond = bytes / seconds;
      run.progress({
        file, fileIndex: index, fileCount: count, records: result.records, bytes: done ? st.size : bytes, totalBytes: st.size,
        rowsPerSecond: Math.round(result.records / seconds), etaSeconds: done ? 0 : bytesPerSecond > 0 ? (st.size - bytes) / bytesPerSecond : null, done,
      });
    };

    db.exec('SAVEPOINT import_file');
    let written: Set<number> = new Set();
    let parse: ParseStream | null = null;
    try {
      const existing = findEvidenceByHash(db, result.sha256);
      const evidenceId = existing ?? insertEvidence(db, { name, path: path.resolve(file), size: st.size, sha256: result.sha256, format: result.format, source: 'file' });
      // Parsing runs on its own thread; this one only writes (and rolls back on any failure).
      parse = startParse({ file, name, head, format: result.format, dateOrder: opts.dateOrder, evidenceId }, (b) => (bytes = b), st.size);
      // A writer per file: its memo of users written must not outlive a file that is rolled back.
      const write = signInWriter(db);
      written = write.changed;
      let step: IteratorResult<ParsedBatch, ParseEnd>;
      // How a new evidence is read: recorded before any row is compared (a record of this file may need
      // re-reading already), and again when a CSV reader learns the date order some rows in (date-order.ts).
      let recorded: { dateOrder: DateOrder | undefined } | null = null;
      while (!(step = await parse.batches.next()).done) {
        if (opts.signal?.aborted) throw new ImportCancelled();
        const meta = step.value.meta;
        const readable = meta && (meta.columns || !result.format.endsWith('csv'));
        if (existing === null && readable && (!recorded || recorded.dateOrder !== meta.dateOrder)) {
          recordReadMeta(db, evidenceId, meta.columns, { dateOrder: meta.dateOrder });
          recorded = { dateOrder: meta.dateOrder };
        }
        for (const item of step.value.items) {
          result.records++;
          if (item.values) {
            const written = write.values(item.values, { evidenceId, line: item.line, recordIndex: item.recordIndex });
            const outcome = typeof written === 'string' ? written : await written;
            result[outcome === 'inserted' ? 'inserted' : outcome === 'updated' ? 'updated' : 'duplicates']++;
          } else {
            result.rejectedRows++;
            if (result.rejected.length < MAX_LISTED_REJECTIONS) result.rejected.push({ line: item.line, reason: item.error ?? 'unreadable row' });
          }
        }
        report(false);
      }
      const end = step.value;
      if (end.sha256 !== result.sha256) throw new FileRejected(`${name} changed while it was being read; import it again once it is complete`);
      if (result.records === 0) throw new FileRejected(`${name} holds no sign-in records`);
      // Not one record read as a sign-in: not "an otherwise good file" with a few bad rows, but no
      // sign-in export at all (or one read as the wrong format), and an evidence row of 0 sign-ins would hide that.
      if (result.rejectedRows === result.records) {
        const first = result.rejected[0]!;
        const forced = opts.format ? `; it was read as ${opts.format}, the format asked for` : '';
        throw new FileRejected(`${name}: none of its ${result.records} records is a readable sign-in (line ${first.line}: ${first.reason})${forced}; nothing was imported`);
      }
      result.warnings = [...end.warnings];
      if (result.rejectedRows > result.rejected.length) result.warnings.push(`${result.rejectedRows} rows were rejected; the first ${MAX_LISTED_REJECTIONS} are listed`);
      if (existing === null) recordEvidenceCounts(db, evidenceId, result, result.warnings);
      appendAudit(db, existing === null ? 'evidence.import' : 'evidence.seen-again', {
        evidenceId, file: path.resolve(file), sha256: result.sha256, format: result.format,
        records: result.records, inserted: result.inserted, updated: result.updated, duplicates: result.duplicates, rejectedRows: result.rejectedRows,
      });
      db.exec('RELEASE import_file');
    } catch (err) {
      // Back to before this file; the import's transaction (and the files before it) stay.
      db.exec('ROLLBACK TO import_file');
      db.exec('RELEASE import_file');
      throw err;
    } finally {
      for (const pk of written) run.changed.add(pk);
      await parse?.stop();
    }
    report(true);
    return result;
  } catch (err) {
    if (err instanceof ImportCancelled) return reject(err.message, false);
    if (err instanceof FileRejected) return reject(err.message);
    if (err instanceof DecodeError) return reject(`${name}: ${err.message}`);
    return reject(`${name}: ${(err as Error).message ?? String(err)}`);
  }
}

export async function importFiles(db: CaseDb, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const files = expandPaths(paths);
  let phase: NonNullable<ImportProgress['phase']> = 'reading';
  let last: Omit<ImportProgress, 'phase'> | null = null;
  const progress = (p: Omit<ImportProgress, 'phase'>) => {
    last = p;
    opts.onProgress?.({ ...p, phase });
  };
  /** The steps after the last file are announced, so a progress bar at 100% says what it waits for. */
  const enter = (next: typeof phase) => {
    phase = next;
    if (last) opts.onProgress?.({ ...last, done: false, etaSeconds: null, phase });
  };
  const sizes = files.map((f) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  });

  const bulk = worthDeferringIndexes(db, sizes.reduce((a, b) => a + b, 0));
  const restoreWal = bulk ? leaveWalWhileAlone(db) : null;
  try {
    return await importInTransaction(db, files, bulk, progress, enter, opts);
  } finally {
    restoreWal?.();
  }
}

async function importInTransaction(
  db: CaseDb,
  files: string[],
  bulk: boolean,
  progress: ImportRun['progress'],
  enter: (phase: NonNullable<ImportProgress['phase']>) => void,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const results: FileImportResult[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    const restoreIndexes = bulk ? deferIndexes(db) : null;
    const lastPkBefore = maxSignInPk(db);
    const run: ImportRun = { changed: new Set(), progress };
    for (const [i, file] of files.entries()) {
      if (opts.signal?.aborted) {
        results.push({ ...emptyResult(file), status: 'rejected', error: 'import cancelled before this file was started' });
        continue;
      }
      results.push(await importOne(db, run, file, i, files.length, opts));
    }
    enter('indexes');
    restoreIndexes?.();
    enter('search');
    indexSearchText(db, lastPkBefore, run.changed);
    enter('saving');
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  const sum = (k: 'records' | 'inserted' | 'updated' | 'duplicates' | 'rejectedRows') => results.reduce((n, r) => n + r[k], 0);
  return {
    files: results,
    totals: {
      records: sum('records'), inserted: sum('inserted'), updated: sum('updated'), duplicates: sum('duplicates'),
      rejectedRows: sum('rejectedRows'), rejectedFiles: results.filter((r) => r.status === 'rejected').length,
    },
  };
}
