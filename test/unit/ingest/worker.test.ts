// Imports on a worker thread: progress, cancellation, and a process killed midway.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCaseDb } from '../../../main/case/db';
import { startImport } from '../../../main/ingest/run-import';
import { writeBigLaCsv } from '../../support/big-la-csv';
import { repoRoot, sample, tempDir } from '../helpers';

const counts = (casePath: string) => {
  const db = openCaseDb(casePath);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      ...(db.prepare('SELECT (SELECT count(*) FROM signins) AS signins, (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM signin_sources) AS sources').get() as object),
    };
  } finally {
    db.close();
  }
};

describe('import on a worker thread', () => {
  it('imports with progress events and its own connection', async () => {
    const casePath = path.join(tempDir(), 'w.sightline');
    const seen: number[] = [];
    const job = startImport(casePath, [sample('sentinel-training-lab/sign-in_adelete.csv')], { progressEveryMs: 0, onProgress: (p) => seen.push(p.records) });
    const summary = await job.done;
    expect(summary.totals).toMatchObject({ records: 56, inserted: 56 });
    expect(seen.at(-1)).toBe(56);
    expect(counts(casePath)).toMatchObject({ integrity: 'ok', signins: 56, evidence: 1 });
  });

  it('cancel midway leaves nothing of the file behind, and the case stays usable', async () => {
    const dir = tempDir();
    const big = writeBigLaCsv(path.join(dir, 'big.csv'), 20_000);
    const casePath = path.join(dir, 'c.sightline');
    let cancelled = false;
    const job = startImport(casePath, [sample('sentinel-training-lab/sign-in_adelete.csv'), big], {
      progressEveryMs: 0,
      onProgress: (p) => {
        if (!cancelled && p.file === big && p.records > 2000) {
          cancelled = true;
          job.cancel();
        }
      },
    });
    const summary = await job.done;
    expect(cancelled).toBe(true);
    expect(summary.files.map((f) => f.status)).toEqual(['imported', 'rejected']);
    expect(summary.files[1]!.error).toMatch(/cancelled; nothing of this file was kept/);
    expect(counts(casePath)).toMatchObject({ integrity: 'ok', signins: 56, evidence: 1, sources: 0 });
  });

  /** Runs `sightline import` in a process of its own and kills it, hard, once `writing()` says the uncommitted transaction has reached the disk. */
  const killMidway = async (casePath: string, file: string, writing: () => boolean) => {
    // One process (tsx's own launcher would leave its child running when killed).
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, path.join(repoRoot, 'main/cli.ts'), 'import', casePath, file], { cwd: repoRoot, stdio: 'ignore' });
    // The wait is long because on a busy machine the spill can take over half a minute to begin.
    for (let i = 0; i < 3000 && !writing(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(writing()).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
  };
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

  it('a process killed midway of a bulk load (rollback journal) leaves a sound case, and a re-import ends with exact counts', async () => {
    const dir = tempDir();
    // Big enough for a bulk load into a new case, which leaves WAL for a rollback journal (bulk.ts),
    // and for the transaction to outgrow the page cache and write new pages into the case file itself.
    const big = writeBigLaCsv(path.join(dir, 'big.csv'), 60_000);
    const casePath = path.join(dir, 'k.sightline');
    await killMidway(casePath, big, () => size(`${casePath}-journal`) > 0 && size(casePath) > 16_000_000);
    expect(fs.existsSync(`${casePath}-wal`)).toBe(false);
    // Opening rolls the hot journal back: the pages written past the old end are cut off again.
    expect(counts(casePath)).toMatchObject({ integrity: 'ok', signins: 0, evidence: 0 });
    expect(fs.existsSync(`${casePath}-journal`)).toBe(false);
    const again = await startImport(casePath, [big]).done;
    expect(again.totals).toEqual({ records: 60_000, inserted: 60_000, updated: 0, duplicates: 0, rejectedRows: 0, rejectedFiles: 0 });
    expect(counts(casePath)).toMatchObject({ integrity: 'ok', signins: 60_000, evidence: 1 });
    // Back in WAL once the import ended.
    const db = openCaseDb(casePath, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  }, 300_000);

  it('a process killed midway while another connection has the case open (WAL) leaves a sound case', async () => {
    const dir = tempDir();
    const big = writeBigLaCsv(path.join(dir, 'big.csv'), 60_000);
    const casePath = path.join(dir, 'k.sightline');
    // The app showing the case: its connection keeps the import in WAL mode.
    const app = openCaseDb(casePath);
    try {
      // Large enough that the transaction outgrows the page cache and spills into the WAL.
      await killMidway(casePath, big, () => size(`${casePath}-wal`) > 4_000_000);
      expect(fs.existsSync(`${casePath}-journal`)).toBe(false);
      expect(app.prepare('SELECT count(*) AS n FROM signins').get()).toEqual({ n: 0 });
    } finally {
      app.close();
    }
    expect(counts(casePath)).toMatchObject({ integrity: 'ok', signins: 0, evidence: 0 });
    const again = await startImport(casePath, [big]).done;
    expect(again.totals).toMatchObject({ records: 60_000, inserted: 60_000, rejectedFiles: 0 });
  }, 300_000);
});
