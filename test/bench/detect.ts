// Detections (the detections issue): every detection over the 1M-sign-in case of the query benchmark
// (goal: all <= 10 s, impossible travel <= 2 s), timed one by one; and the false positives of each
// detection on a benign-only tenant of 500 users over 30 days (business travel, commuting, ActiveSync
// phones; no planted attack, so every finding is a false positive; goal: no high-severity one).
// The 1M case is only read (findings are not stored in it); the benign case is built once and kept
// in the temp folder between runs (BENCH_DETECT_BENIGN_ROWS, default 250,000; delete it to rebuild).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFindings } from '../../main/case/findings';
import { CaseSession } from '../../main/case/session';
import { caseParams, metaOf, runCaseDetections } from '../../main/detect/case-run';
import { registry } from '../../main/detect/registry';
import { runDetections } from '../../main/detect/runner';
import { caseTrusted } from '../../main/detect/trusted';
import { DEFAULT_END, generate } from '../../main/generate/generate';
import { startImport } from '../../main/ingest/run-import';
import type { Benchmark, Figure } from './harness';
import { benchCase } from './query';

const BENIGN_ROWS = Number(process.env['BENCH_DETECT_BENIGN_ROWS'] ?? 250_000);

async function benignCase(): Promise<string> {
  const dir = path.join(os.tmpdir(), `sightline-bench-detect-benign-${BENIGN_ROWS}`);
  const casePath = path.join(dir, 'benign.sightline');
  const done = path.join(dir, 'complete');
  if (fs.existsSync(done)) return casePath;
  fs.rmSync(dir, { recursive: true, force: true });
  const out = path.join(dir, 'export');
  generate({ out, users: 500, days: 30, rows: BENIGN_ROWS, seed: 21, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  const summary = await startImport(casePath, [out]).done;
  if (summary.totals.inserted !== BENIGN_ROWS) throw new Error(`benign bench case: ${JSON.stringify(summary.totals)}`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.writeFileSync(done, new Date().toISOString());
  return casePath;
}

export const detectBench: Benchmark = {
  id: 'detect',
  title: 'Detections: per-detection time on the 1M-sign-in case; false positives on a benign 500-user, 30-day tenant',
  async run() {
    const figures: Figure[] = [];

    // 1M sign-ins: timing only (read, not stored, so the shared case stays as the other benchmarks expect).
    const big = CaseSession.open(await benchCase(), { mustExist: true });
    try {
      const db = big.db;
      const outcomes = await runDetections(db, registry.all, { trusted: caseTrusted(db), paramsOf: (d) => caseParams(db, d) });
      const total = outcomes.reduce((n, o) => n + o.ms, 0);
      figures.push({ name: 'all detections, 1M sign-ins', value: Math.round(total), unit: 'ms', goal: '<= 10000' });
      for (const o of outcomes) {
        figures.push({
          name: `  ${o.detection.id}${o.error ? ' (FAILED)' : ''}`,
          value: o.ms,
          unit: 'ms',
          ...(o.detection.id === 'impossible-travel' ? { goal: '<= 2000' } : {}),
        });
        if (o.error) process.stderr.write(`${o.detection.id} failed: ${o.error}\n`);
      }
    } finally {
      big.close();
    }

    // Benign tenant: every finding is a false positive. Stored like a real run (its time includes storing).
    const benign = CaseSession.open(await benignCase(), { mustExist: true });
    try {
      const db = benign.db;
      const { run } = await runCaseDetections(db);
      const findings = listFindings(db, { includeStale: false }, metaOf(registry)).findings;
      const high = findings.filter((f) => f.severity === 'high').length;
      figures.push({ name: `benign tenant (${BENIGN_ROWS.toLocaleString('en-US')} sign-ins): detections and storing`, value: run.results.reduce((n, r) => n + r.ms, 0), unit: 'ms' });
      figures.push({ name: 'benign: false positives, high severity', value: high, unit: 'findings', goal: '0' });
      figures.push({ name: 'benign: false positives, all severities', value: findings.length, unit: 'findings' });
      for (const d of registry.all) {
        const mine = findings.filter((f) => f.detection === d.id);
        const bySeverity = ['high', 'medium', 'low'].map((s) => mine.filter((f) => f.severity === s).length);
        figures.push({ name: `  ${d.id} (high/medium/low ${bySeverity.join('/')})`, value: mine.length, unit: 'false positives' });
      }
    } finally {
      benign.close();
    }
    return figures;
  },
};
