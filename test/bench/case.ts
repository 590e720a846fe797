// The case's own figures on the 1M-sign-in benchmark case (a copy: the shared one stays as it is):
// coverage, the tag filter, annotating a large selection, Timesketch export rate, and removing an
// evidence file of ~700,000 sign-ins of which 20,000 are also held by another file (rebuilt from it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addAnnotations } from '../../main/case/annotations';
import { caseCoverage } from '../../main/case/coverage';
import { openCaseDb } from '../../main/case/db';
import { CaseSession } from '../../main/case/session';
import { countSignIns, querySignIns } from '../../main/case/signins';
import { removeEvidence } from '../../main/case/remove-evidence';
import { importFiles } from '../../main/ingest/import';
import { exportSignIns } from '../../main/report/export';
import { exportCase } from '../../main/report/timesketch';
import type { Benchmark, Figure } from './harness';
import { benchCase } from './query';

const ms = (t: number) => Math.round(performance.now() - t);

export const caseBench: Benchmark = {
  id: 'case',
  title: 'Case work on a copy of the 1,000,000-sign-in benchmark case',
  async run() {
    const source = await benchCase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-casework-'));
    const casePath = path.join(dir, 'case.sightline');
    const figures: Figure[] = [];
    try {
      // A consistent copy through SQLite's backup (other benchmarks may have the shared case open).
      const src = openCaseDb(source, { readonly: true });
      try {
        await src.backup(casePath);
      } finally {
        src.close();
      }
      let t = performance.now();
      const session = CaseSession.open(casePath);
      figures.push({ name: 'opening an older case (0005 migration: per-evidence index)', value: ms(t), unit: 'ms' });
      const db = session.db;
      const total = countSignIns(db, {});

      t = performance.now();
      const coverage = caseCoverage(db);
      figures.push({ name: `coverage (${coverage.types.reduce((n, x) => n + x.lanes.length, 0)} lanes)`, value: ms(t), unit: 'ms' });

      const ids = db.prepare(`SELECT id FROM signins WHERE outcome = 'failure' ORDER BY created_ms DESC LIMIT 10000`).pluck().all() as string[];
      t = performance.now();
      addAnnotations(db, { kind: 'tag', targetKind: 'signin', targets: ids, value: 'suspicious' });
      figures.push({ name: 'tag 10,000 sign-ins (one transaction, audited)', value: ms(t), unit: 'ms' });
      t = performance.now();
      await querySignIns(db, { filter: { tag: ['suspicious'] }, limit: 100, offset: 0, sort: { field: 'createdDateTime', dir: 'desc' }, withTotal: false });
      figures.push({ name: 'first page, --tag suspicious', value: ms(t), unit: 'ms' });
      t = performance.now();
      countSignIns(db, { tag: ['suspicious'] });
      figures.push({ name: 'count, --tag suspicious', value: ms(t), unit: 'ms' });

      // Timesketch export of a 100,000-row slice (newest first).
      const newest = db.prepare('SELECT created_ms FROM signins ORDER BY created_ms DESC LIMIT 1 OFFSET 100000').pluck().get() as number;
      const slice = { from: new Date(newest + 1).toISOString() };
      t = performance.now();
      const ts = await exportCase(db, { what: 'signins', format: 'timesketch', filter: slice }, path.join(dir, 'slice.jsonl'));
      figures.push({ name: `Timesketch JSONL export (${ts.rows.toLocaleString('en-US')} rows)`, value: Math.round(ts.rows / ((performance.now() - t) / 1000)), unit: 'rows/s' });

      // An overlapping file: 20,000 of the non-interactive evidence's sign-ins exported again as a
      // portal CSV (same sign-ins, another file), imported; then the big evidence is removed.
      const big = db.prepare(`SELECT id, name FROM evidence WHERE name LIKE 'NonInteractive%' LIMIT 1`).get() as { id: number; name: string };
      const overlapDir = path.join(dir, 'overlap');
      fs.mkdirSync(overlapDir);
      const overlap = path.join(overlapDir, 'NonInteractiveSignIns_overlap.csv');
      const first = db.prepare('SELECT created_ms FROM signins WHERE src_evidence = ? ORDER BY created_ms DESC LIMIT 1 OFFSET 20000').pluck().get(big.id) as number;
      await exportSignIns(db, { from: new Date(first + 1).toISOString(), type: ['nonInteractiveUser'] }, 'csv', overlap);
      const imported = await importFiles(db, [overlap]);
      const bigRows = db.prepare('SELECT count(*) FROM signins WHERE src_evidence = ?').pluck().get(big.id) as number;
      t = performance.now();
      const removal = await removeEvidence(db, big.id);
      const removalMs = ms(t);
      figures.push(
        { name: `evidence removal: ${bigRows.toLocaleString('en-US')} sign-ins of ${total.toLocaleString('en-US')}`, value: removalMs, unit: 'ms' },
        { name: '  removed (only that file held them)', value: removal.signInsRemoved, unit: 'sign-ins' },
        { name: `  kept, rebuilt from the overlap file (${imported.totals.duplicates} dup, ${imported.totals.updated} upd)`, value: removal.signInsKept, unit: 'sign-ins' },
        { name: '  removal rate', value: Math.round(bigRows / (removalMs / 1000)), unit: 'sign-ins/s' },
      );
      // Where the time went (the audit entry keeps each step's milliseconds).
      const phases = (JSON.parse(db.prepare(`SELECT detail FROM audit WHERE action = 'evidence.remove' ORDER BY id DESC LIMIT 1`).pluck().get() as string) as { phases: Record<string, number | boolean> }).phases;
      for (const [k, v] of Object.entries(phases)) if (typeof v === 'number') figures.push({ name: `  step: ${k}`, value: v, unit: 'ms' });
      session.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
