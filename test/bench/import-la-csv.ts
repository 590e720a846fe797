// Import throughput of the Log Analytics CSV path and first-page query latency on the result.
// Input: the real training-lab sample's rows, repeated with fresh request ids to a larger file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseSession } from '../../main/case/session';
import { querySignIns } from '../../main/case/signins';
import { importFiles } from '../../main/ingest/import';
import { writeBigLaCsv } from '../support/big-la-csv';
import { percentile, withPeakRss, type Benchmark } from './harness';

const ROWS = Number(process.env['BENCH_LA_ROWS'] ?? 50_000);
export const importLaCsv: Benchmark = {
  id: 'import-la-csv',
  title: `Import ${ROWS.toLocaleString('en-US')} Log Analytics CSV rows (training-lab rows repeated)`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-'));
    try {
      const input = writeBigLaCsv(path.join(dir, 'la-bench.csv'), ROWS);
      const session = CaseSession.open(path.join(dir, 'bench.sightline'));
      const started = performance.now();
      const { result, peakRssMb } = await withPeakRss(() => importFiles(session.db, [input]));
      const seconds = (performance.now() - started) / 1000;
      if (result.totals.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${JSON.stringify(result.totals)}`);
      session.db.pragma('wal_checkpoint(TRUNCATE)');

      const timings: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        querySignIns(session.db, { filter: {}, sort: { field: 'createdDateTime', dir: 'desc' }, offset: 0, limit: 100 });
        timings.push(performance.now() - t);
      }
      const deep: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        querySignIns(session.db, { filter: {}, sort: { field: 'createdDateTime', dir: 'desc' }, offset: Math.floor(ROWS * 0.9), limit: 100 });
        deep.push(performance.now() - t);
      }
      session.close();
      return [
        { name: 'input size', value: Math.round(fs.statSync(input).size / 1e5) / 10, unit: 'MB' },
        { name: 'import rate', value: Math.round(ROWS / seconds), unit: 'rows/s' },
        { name: 'import time', value: Math.round(seconds * 1000), unit: 'ms' },
        { name: 'peak RSS during import', value: peakRssMb, unit: 'MB', goal: '<= 500' },
        { name: 'case file size', value: Math.round(fs.statSync(path.join(dir, 'bench.sightline')).size / 1e5) / 10, unit: 'MB' },
        { name: 'first page (100 rows, newest first) p95', value: Math.round(percentile(timings, 95) * 10) / 10, unit: 'ms', goal: '<= 50' },
        { name: 'page at 90% depth p95', value: Math.round(percentile(deep, 95) * 10) / 10, unit: 'ms' },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
