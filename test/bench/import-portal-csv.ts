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

/**
 * The generated export, kept between runs (the generator is deterministic for its seed, and
 * writing a gigabyte of CSV takes longer than some of what is measured).
 */
function generatedExport(): string[] {
  const out = path.join(os.tmpdir(), `sightline-bench-portal-csv-${ROWS}`);
  const list = path.join(out, 'files.json');
  if (fs.existsSync(list)) return JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  fs.rmSync(out, { recursive: true, force: true });
  // Enough users that per-user volumes stay realistic at this size.
  const gen = generate({ out, users: Math.max(50, Math.round(ROWS / 500)), days: 14, rows: ROWS, seed: 7, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  const files = gen.files.map((f) => f.path);
  fs.writeFileSync(list, JSON.stringify(files));
  return files;
}

type Phases = Record<'total' | 'reading' | 'indexes' | 'search' | 'saving' | 'placing' | 'cpu', number>;

/** One import in a process of its own (import-child.ts), with its phases and peak memory. */
async function measuredImport(casePath: string, files: string[], held = false): Promise<{ ms: Phases; peakRssMb: number }> {
  const args = ['--import', tsxLoader, path.join(import.meta.dirname, 'import-child.ts'), ...(held ? ['--held'] : []), casePath, ...files];
  const { stdout, peakRssMb } = await runMeasured(process.execPath, args);
  const { summary, ms } = JSON.parse(stdout) as { summary: { totals: { inserted: number } }; ms: Phases };
  if (summary.totals.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${JSON.stringify(summary.totals)}`);
  return { ms, peakRssMb };
}

export const importPortalCsv: Benchmark = {
  id: 'import-portal-csv',
  title: `Import ${ROWS.toLocaleString('en-US')} generated portal-CSV rows (57 columns), against sqlite3 .import`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-portal-'));
    try {
      const files = generatedExport();
      const inputBytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);

      const cli = sqliteCliSeconds(files, dir);

      // The import runs as the CLI runs it (the import worker, its parse thread, then placing), in a
      // process of its own, so its memory is its own; the child reports how long each phase took.
      const casePath = path.join(dir, 'bench.sightline');
      const { ms, peakRssMb } = await measuredImport(casePath, files);
      // The same import with the case held open elsewhere, as the app holds it: it stays in WAL mode.
      const heldPath = path.join(dir, 'held.sightline');
      const inApp = (await measuredImport(heldPath, files, true)).ms;
      fs.rmSync(heldPath);
      // The goal's measure: parse, normalize, insert (up to its commit) and indexes. The search text
      // and the placing pass (offline geolocation, a later issue's step) are reported apart, and in
      // the overall figure.
      const seconds = (ms.reading + ms.indexes + ms.saving) / 1000;
      const s = (v: number) => Math.round(v / 100) / 10;

      const figures: Figure[] = [
        { name: 'input', value: Math.round(inputBytes / 1e6), unit: 'MB' },
        { name: 'sightline import (parse, normalize, insert, indexes, commit)', value: Math.round(seconds * 10) / 10, unit: 's' },
        { name: '  of which reading the files (parse, normalize, insert)', value: s(ms.reading), unit: 's' },
        { name: '  of which rebuilding the indexes', value: s(ms.indexes), unit: 's' },
        { name: '  of which saving: commit, back to WAL, start of the placing thread', value: s(ms.saving), unit: 's' },
        { name: 'sightline import rate', value: Math.round(ROWS / seconds), unit: 'rows/s', goal: cli ? `>= ${Math.round(ROWS / (cli * 1.5))}` : undefined },
        { name: 'full-text index build (search text)', value: s(ms.search), unit: 's' },
        { name: 'placing the sign-ins (offline geolocation)', value: s(ms.placing), unit: 's' },
        { name: 'everything, end to end', value: s(ms.total), unit: 's' },
        { name: 'CPU time of the import process (all threads)', value: s(ms.cpu), unit: 's' },
        { name: 'with the case open elsewhere (the app), in WAL: parse, normalize, insert, indexes, commit', value: s(inApp.reading + inApp.indexes + inApp.saving), unit: 's' },
        { name: '  of which reading the files', value: s(inApp.reading), unit: 's' },
        { name: '  of which rebuilding the indexes', value: s(inApp.indexes), unit: 's' },
        { name: '  of which saving: commit and WAL checkpoint', value: s(inApp.saving), unit: 's' },
        { name: '  everything, end to end', value: s(inApp.total), unit: 's' },
      ];
      if (cli !== null) {
        figures.push(
          { name: 'sqlite3 CLI .import (unindexed)', value: Math.round(cli * 10) / 10, unit: 's' },
          { name: 'sqlite3 CLI rate', value: Math.round(ROWS / cli), unit: 'rows/s' },
          { name: 'sightline / sqlite3 time', value: Math.round((seconds / cli) * 100) / 100, unit: 'x', goal: '<= 1.5' },
          { name: 'sightline / sqlite3 time, everything', value: Math.round((ms.total / 1000 / cli) * 100) / 100, unit: 'x' },
        );
      } else figures.push({ name: 'sqlite3 CLI not installed: no baseline', value: 0, unit: '' });
      figures.push(
        { name: 'peak RSS of the import process (all threads)', value: peakRssMb, unit: 'MB', goal: '<= 500' },
        { name: 'case file size', value: Math.round(fs.statSync(casePath).size / 1e6), unit: 'MB' },
      );
      return figures;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
