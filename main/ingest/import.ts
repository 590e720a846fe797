// The import pipeline: sniff -> stream records -> normalize -> write, one transaction per file so a
// file either lands whole or leaves nothing behind (also when cancelled). The evidence hash is
// taken before reading and checked again against the bytes actually parsed.
import fs from 'node:fs';
import path from 'node:path';
import type { FileImportResult, ImportProgress, ImportSummary, SourceFormat } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { deferIndexes, worthDeferringIndexes } from '../case/bulk';
import { indexSearchText, maxSignInPk } from '../case/fts';
import { findEvidenceByHash, insertEvidence, recordEvidenceCounts, recordReadMeta } from '../case/evidence';
import { signInWriter } from '../case/signins';
import { DecodeError, readHead, sha256File } from './decode';
import type { ParseEnd, ParsedBatch } from './parse';
import { startParse } from './parse-client';
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

async function importOne(db: CaseDb, file: string, index: number, count: number, opts: ImportOptions): Promise<FileImportResult> {
  const result = emptyResult(file);
  const name = path.basename(file);
  const reject = (reason: string): FileImportResult => ({ ...emptyResult(file), sha256: result.sha256, format: result.format, status: 'rejected', error: reason });

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
      opts.onProgress?.({
        file, fileIndex: index, fileCount: count, records: result.records, bytes: done ? st.size : bytes, totalBytes: st.size,
        rowsPerSecond: Math.round(result.records / seconds), etaSeconds: done ? 0 : bytesPerSecond > 0 ? (st.size - bytes) / bytesPerSecond : null, done,
      });
    };

    db.exec('BEGIN IMMEDIATE');
    const existing = findEvidenceByHash(db, result.sha256);
    const evidenceId = existing ?? insertEvidence(db, { name, path: path.resolve(file), size: st.size, sha256: result.sha256, format: result.format, source: 'file' });
    // Parsing runs on its own thread; this one only writes (and rolls back on any failure).
    const parse = startParse({ file, name, head, format: result.format, dateOrder: opts.dateOrder, evidenceId }, (b) => (bytes = b), st.size);
    try {
      const restoreIndexes = worthDeferringIndexes(db, st.size) ? deferIndexes(db) : null;
      const lastPkBefore = maxSignInPk(db);
      const write = signInWriter(db);
      let step: IteratorResult<ParsedBatch, ParseEnd>;
      let metaRecorded = existing !== null;
      while (!(step = await parse.batches.next()).done) {
        if (opts.signal?.aborted) throw new ImportCancelled();
        const meta = step.value.meta;
        if (!metaRecorded && meta && (meta.columns || !result.format.endsWith('csv'))) {
          // Recorded before any row is compared: a record of this file may need re-reading already.
          recordReadMeta(db, evidenceId, meta.columns, { dateOrder: meta.dateOrder });
          metaRecorded = true;
        }
        for (const item of step.value.items) {
          result.records++;
          if (item.row) {
            const outcome = await write(item.row, { evidenceId, line: item.line, recordIndex: item.recordIndex });
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
      result.warnings = [...end.warnings];
      if (result.rejectedRows > result.rejected.length) result.warnings.push(`${result.rejectedRows} rows were rejected; the first ${MAX_LISTED_REJECTIONS} are listed`);
      if (existing === null) recordEvidenceCounts(db, evidenceId, result, result.warnings);
      restoreIndexes?.();
      const ftsStarted = performance.now();
      indexSearchText(db, lastPkBefore, write.changed);
      const searchIndexMs = Math.round(performance.now() - ftsStarted);
      appendAudit(db, existing === null ? 'evidence.import' : 'evidence.seen-again', {
        searchIndexMs,
        evidenceId, file: path.resolve(file), sha256: result.sha256, format: result.format,
        records: result.records, inserted: result.inserted, updated: result.updated, duplicates: result.duplicates, rejectedRows: result.rejectedRows,
      });
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    } finally {
      await parse.stop();
    }
    report(true);
    return result;
  } catch (err) {
    if (err instanceof FileRejected || err instanceof ImportCancelled) return reject(err.message);
    if (err instanceof DecodeError) return reject(`${name}: ${err.message}`);
    return reject(`${name}: ${(err as Error).message ?? String(err)}`);
  }
}

export async function importFiles(db: CaseDb, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const files = expandPaths(paths);
  const results: FileImportResult[] = [];
  for (const [i, file] of files.entries()) {
    if (opts.signal?.aborted) {
      results.push({ ...emptyResult(file), status: 'rejected', error: 'import cancelled before this file was started' });
      continue;
    }
    results.push(await importOne(db, file, i, files.length, opts));
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
