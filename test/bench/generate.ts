// Generator throughput: portal-csv rows per second and MB per second for BENCH_GEN_ROWS rows (default 200,000),
// 50 users, 14 days, every attack planted; peak RSS shows that memory stays flat (streaming writes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ATTACK_KINDS } from '../../main/generate/attacks';
import { DEFAULT_END, generate } from '../../main/generate/generate';
import { withPeakRss, type Benchmark } from './harness';

const ROWS = Number(process.env['BENCH_GEN_ROWS'] ?? 200_000);

export const generatePortalCsv: Benchmark = {
  id: 'generate-portal-csv',
  title: `Generate ${ROWS.toLocaleString('en-US')} portal-csv sign-ins (50 users, 14 days, all attacks)`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-gen-'));
    try {
      const started = performance.now();
      const { result, peakRssMb } = await withPeakRss(async () =>
        generate({ out: dir, users: 50, days: 14, rows: ROWS, seed: 1, format: 'portal-csv', attacks: ATTACK_KINDS, end: DEFAULT_END }),
      );
      const seconds = (performance.now() - started) / 1000;
      const bytes = result.files.reduce((a, f) => a + f.bytes, 0);
      return [
        { name: 'rows per second', value: Math.round(ROWS / seconds), unit: 'rows/s', goal: '>= 100000' },
        { name: 'output throughput', value: Math.round(bytes / 1e6 / seconds), unit: 'MB/s' },
        { name: 'bytes per row', value: Math.round(bytes / ROWS), unit: 'B' },
        { name: 'peak RSS', value: peakRssMb, unit: 'MB' },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
