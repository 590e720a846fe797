// The import goal of the import issue: BENCH_PORTAL_ROWS (default 1,000,000) generated portal-CSV
// rows (57 columns, about 1 KB a row) end to end, against the sqlite3 CLI's `.import` of the same
// files into an unindexed table, measured in the same run. Goal: at most 1.5x the CLI's time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_END, generate } from '../../main/generate/generate';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runMeasured, type Benchmark, type Figure } from './harness';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const ROWS = Number(process.env['BENCH_PORTAL_ROWS'] ?? 1_000_000);

function sqliteCliSeconds(files: string[], dir: string): number | null {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const db = path.join(dir, 'baseline.db');
  const started = performance.now();
  files.forEach((f, i) => execFileSync('sqlite3', [db, '.mode csv', `.import ${f} t${i}`], { stdio: 'ignore' }));
  return (performance.now() - started) / 1000;
}

export const importPortalCsv: Benchmark = {
  id: 'import-portal-csv',
  title: `Import ${ROWS.toLocaleString('en-US')} generated portal-CSV rows (57 columns), against sqlite3 .import`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-portal-'));
    try {
      const out = path.join(dir, 'export');
      // Enough users that per-user volumes stay realistic at this size.
      const gen = generate({ out, users: Math.max(50, Math.round(ROWS / 500)), days: 14, rows: ROWS, seed: 7, format: 'portal-csv', attacks: [], end: DEFAULT_END });
      const files = gen.files.map((f) => f.path);
      const inputBytes = gen.files.reduce((a, f) => a + f.bytes, 0);

      const cli = sqliteCliSeconds(files, dir);

      // The import runs as the CLI runs it, in a process of its own, so its memory is its own.
      const casePath = path.join(dir, 'bench.sightline');
      const started = performance.now();
      const { stdout, peakRssMb } = await runMeasured(process.execPath, ['--import', tsxLoader, path.join(repoRoot, 'main/cli.ts'), 'import', casePath, ...files, '--json']);
      const seconds = (performance.now() - started) / 1000;
      const result = JSON.parse(stdout) as { totals: { inserted: number } };
      if (result.totals.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${JSON.stringify(result.totals)}`);

      const figures: Figure[] = [
        { name: 'input', value: Math.round(inputBytes / 1e6), unit: 'MB' },
        { name: 'sightline import (parse, normalize, insert, indexes)', value: Math.round(seconds * 10) / 10, unit: 's' },
        { name: 'sightline import rate', value: Math.round(ROWS / seconds), unit: 'rows/s', goal: cli ? `>= ${Math.round(ROWS / (cli * 1.5))}` : undefined },
      ];
      if (cli !== null) {
        figures.push(
          { name: 'sqlite3 CLI .import (unindexed)', value: Math.round(cli * 10) / 10, unit: 's' },
          { name: 'sqlite3 CLI rate', value: Math.round(ROWS / cli), unit: 'rows/s' },
          { name: 'sightline / sqlite3 time', value: Math.round((seconds / cli) * 100) / 100, unit: 'x', goal: '<= 1.5' },
        );
      } else figures.push({ name: 'sqlite3 CLI not installed: no baseline', value: 0, unit: '' });
      figures.push(
        { name: 'peak RSS of the import process (all threads)', value: peakRssMb, unit: 'MB', goal: '<= 500' },
        { name: 'case file size', value: Math.round(fs.statSync(casePath).size / 1e6), unit: 'MB' },
        { name: 'full-text index build', value: 0, unit: 'not built yet (the grid issue adds search)' },
      );
      return figures;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
