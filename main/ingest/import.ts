// The import pipeline: sniff -> stream records -> normalize -> write, one transaction per file so a
// file either lands whole or leaves nothing behind. The evidence hash is taken before reading and
// checked again after.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileImportResult, ImportProgress, ImportSummary } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import type { CaseDb } from '../case/db';
import { findEvidenceByHash, insertEvidence, recordEvidenceCounts } from '../case/evidence';
import { signInWriter } from '../case/signins';
import { readCsv } from './csv';
import { DecodeError, readHead, readText, sha256File } from './decode';
import { createLaCsvNormalizer } from './formats/la-csv';
import { sniffFormat } from './sniff';
import { FileRejected, RowError } from './types';

export type ImportOptions = {
  onProgress?: (p: ImportProgress) => void;
  /** How often progress is reported, in ms. */
  progressEveryMs?: number;
};

/** Files to import: folders are walked, in name order so results are reproducible. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const st = fs.existsSync(p) ? fs.statSync(p) : null;
    if (st?.isDirectory()) {
      const entries = fs.readdirSync(p).filter((n) => !n.startsWith('.')).sort();
      out.push(...expandPaths(entries.map((n) => path.join(p, n))));
    } else out.push(p);
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
    const sniffed = sniffFormat(file, await readHead(file));
    result.format = sniffed.format;
    const normalizer = createLaCsvNormalizer(sniffed.headers, name);

    const started = Date.now();
    let lastReport = 0;
    let bytes = 0;
    const report = (done: boolean) => {
      const now = Date.now();
      if (!done && now - lastReport < (opts.progressEveryMs ?? 200)) return;
      lastReport = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = result.records / seconds;
      const bytesPerSecond = bytes / seconds;
      opts.onProgress?.({
        file, fileIndex: index, fileCount: count, records: result.records, bytes, totalBytes: st.size,
        rowsPerSecond: Math.round(rate), etaSeconds: done ? 0 : bytesPerSecond > 0 ? (st.size - bytes) / bytesPerSecond : null, done,
      });
    };

    const hash = createHash('sha256');
    db.exec('BEGIN IMMEDIATE');
    try {
      const existing = findEvidenceByHash(db, result.sha256);
      const evidenceId = existing ?? insertEvidence(db, { name, path: path.resolve(file), size: st.size, sha256: result.sha256, format: sniffed.format, source: 'file' });
      const write = signInWriter(db);
      let header = true;
      for await (const rec of readCsv(readText(file, { hash, onBytes: (b) => (bytes = b) }))) {
        if (header) {
          header = false;
          continue;
        }
        result.records++;
        try {
          const outcome = write(normalizer.normalize(rec.cells), { evidenceId, line: rec.line, recordIndex: null });
          result[outcome === 'inserted' ? 'inserted' : outcome === 'updated' ? 'updated' : 'duplicates']++;
        } catch (err) {
          if (!(err instanceof RowError)) throw err;
          result.rejectedRows++;
          result.rejected.push({ line: rec.line, reason: err.message });
        }
        report(false);
      }
      if (hash.digest('hex') !== result.sha256) throw new FileRejected(`${name} changed while it was being read; import it again once it is complete`);
      if (result.records === 0) throw new FileRejected(`${name} has a header but no sign-in rows`);
      result.warnings.push(...normalizer.warnings);
      if (existing === null) recordEvidenceCounts(db, evidenceId, result, result.warnings);
      appendAudit(db, existing === null ? 'evidence.import' : 'evidence.seen-again', {
        evidenceId, file: path.resolve(file), sha256: result.sha256, format: result.format,
        records: result.records, inserted: result.inserted, updated: result.updated, duplicates: result.duplicates, rejectedRows: result.rejectedRows,
      });
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    report(true);
    return result;
  } catch (err) {
    if (err instanceof FileRejected || err instanceof DecodeError) return reject(err instanceof DecodeError ? `${name}: ${err.message}` : err.message);
    const message = (err as Error).message ?? String(err);
    return reject(`${name}: ${message}`);
  }
}

export async function importFiles(db: CaseDb, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const files = expandPaths(paths);
  const results: FileImportResult[] = [];
  for (const [i, file] of files.entries()) results.push(await importOne(db, file, i, files.length, opts));
  const sum = (k: 'records' | 'inserted' | 'updated' | 'duplicates' | 'rejectedRows') => results.reduce((n, r) => n + r[k], 0);
  return {
    files: results,
    totals: {
      records: sum('records'), inserted: sum('inserted'), updated: sum('updated'), duplicates: sum('duplicates'),
      rejectedRows: sum('rejectedRows'), rejectedFiles: results.filter((r) => r.status === 'rejected').length,
    },
  };
}
