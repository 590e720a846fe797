// The report issue's speed goal: a full report, HTML and PDF, for a 1M-sign-in case with 200
// findings in <= 15 s each. The case (test/bench/report-case.ts) is generated and imported once and
// kept; its evidence files are kept too, so the report really re-hashes about 1 GB of evidence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseSession } from '../../main/case/session';
import { chromiumStatus } from '../../main/report/pdf';
import { REPORT_STAGES } from '../../main/report/build';
import { writeReport } from '../../main/report/report';
import type { Benchmark, Figure } from './harness';
import { REPORT_FINDINGS, REPORT_ROWS, reportBenchCase, TAGGED } from './report-case';
import { timelineDensity } from '../../main/timeline/density';
import { timelineItems } from '../../main/timeline/items';
import { percentile } from './harness';

export const reportBench: Benchmark = {
  id: 'report',
  title: `Case report on a ${REPORT_ROWS.toLocaleString('en-US')}-sign-in case with ${REPORT_FINDINGS} findings`,
  async run() {
    const casePath = await reportBenchCase();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-report-out-'));
    const session = CaseSession.open(casePath, { mustExist: true });
    const figures: Figure[] = [];
    try {
      const steps: Record<string, number> = {};
      let last = performance.now();
      // Until the first step arrives: the report thread starting (compiling under tsx; a bundle in the app).
      let current = 'starting the report thread';
      // Timed per stage ("re-verifying evidence 2/5" counts as re-verifying evidence hashes).
      const onProgress = (p: { step: string; index: number }) => {
        const now = performance.now();
        if (current) steps[current] = (steps[current] ?? 0) + now - last;
        current = REPORT_STAGES[p.index] ?? p.step;
        last = now;
      };
      const html = await writeReport(session.db, casePath, { format: 'html', template: 'full', out: path.join(out, 'report.html') }, { via: 'bench', onProgress });
      if (current) steps[current] = (steps[current] ?? 0) + performance.now() - last;
      figures.push({ name: 'full report, HTML', value: Math.round(html.ms / 100) / 10, unit: 's', goal: '<= 15' });
      for (const [step, ms] of Object.entries(steps)) figures.push({ name: `  HTML: ${step}`, value: Math.round(ms), unit: 'ms' });
      figures.push({ name: 'HTML size', value: Math.round(html.bytes / 1e5) / 10, unit: 'MB' });
      const evidenceBytes = (session.db.prepare('SELECT sum(size) FROM evidence').pluck().get() as number) ?? 0;
      figures.push({ name: 'evidence re-hashed', value: Math.round(evidenceBytes / 1e6), unit: 'MB' });
      if (chromiumStatus().available) {
        const pdf = await writeReport(session.db, casePath, { format: 'pdf', template: 'full', out: path.join(out, 'report.pdf') }, { via: 'bench' });
        figures.push({ name: 'full report, PDF', value: Math.round(pdf.ms / 100) / 10, unit: 's', goal: '<= 15' });
        figures.push({ name: 'PDF size', value: Math.round(pdf.bytes / 1e5) / 10, unit: 'MB' });
      } else {
        figures.push({ name: 'full report, PDF (no Chromium: skipped)', value: 0, unit: 's' });
      }
      const summary = await writeReport(session.db, casePath, { format: 'pdf', template: 'summary', out: path.join(out, 'summary.pdf') }, { via: 'bench' }).catch(() => null);
      if (summary) figures.push({ name: 'summary report, PDF', value: Math.round(summary.ms / 100) / 10, unit: 's' });
      return figures;
    } finally {
      session.close();
      fs.rmSync(out, { recursive: true, force: true });
    }
  },
};

const p95 = (runs: number[]) => Math.round(percentile(runs, 95) * 10) / 10;
function timed(fn: () => unknown, runs = 10): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * What the Timeline view asks on every zoom or pan (debounced by 120 ms), over the same case (1M
 * sign-ins, 5,000 tagged, 200 findings). Goals: the band within 200 ms and the lanes within 500 ms of
 * a move, so zooming and panning keep up with the pointer.
 */
export const timelineBench: Benchmark = {
  id: 'timeline',
  title: `Timeline queries on a ${REPORT_ROWS.toLocaleString('en-US')}-sign-in case (${TAGGED.toLocaleString('en-US')} tagged sign-ins, ${REPORT_FINDINGS} findings)`,
  async run() {
    const session = CaseSession.open(await reportBenchCase(), { mustExist: true });
    try {
      const db = session.db;
      const extent = timelineDensity(db, { filter: {}, buckets: 300 }).extent!;
      const week = { fromMs: extent.startMs + 7 * 86_400_000, toMs: extent.startMs + 14 * 86_400_000 };
      const hour = { fromMs: week.fromMs, toMs: week.fromMs + 3_600_000 };
      const items = timelineItems(db, { limit: 5000 });
      return [
        { name: 'density band, whole case (300 buckets)', value: p95(timed(() => timelineDensity(db, { filter: {}, buckets: 300 }))), unit: 'ms p95', goal: '<= 200' },
        { name: 'density band, one week', value: p95(timed(() => timelineDensity(db, { filter: {}, ...week, buckets: 300 }))), unit: 'ms p95', goal: '<= 200' },
        { name: 'density band, one hour', value: p95(timed(() => timelineDensity(db, { filter: {}, ...hour, buckets: 300 }))), unit: 'ms p95', goal: '<= 200' },
        { name: 'density band, --status failure (scan path)', value: p95(timed(() => timelineDensity(db, { filter: { status: ['failure'] }, buckets: 300 }), 5)), unit: 'ms p95' },
        { name: 'density band, --type interactiveUser (scan path)', value: p95(timed(() => timelineDensity(db, { filter: { type: ['interactiveUser'] }, buckets: 300 }), 3)), unit: 'ms p95' },
        { name: 'lane items, whole case', value: p95(timed(() => timelineItems(db, { limit: 5000 }), 5)), unit: 'ms p95', goal: '<= 500' },
        { name: 'lane items returned (whole case)', value: items.items.length, unit: 'items' },
        { name: 'lane items, one week', value: p95(timed(() => timelineItems(db, { ...week, limit: 5000 }), 5)), unit: 'ms p95' },
      ];
    } finally {
      session.close();
    }
  },
};
