// The report benchmark's case: a generated 1M-sign-in tenant with every planted attack, imported
// (and geo-enriched) by the real import, its evidence files KEPT (the report re-hashes them), plus
// 200 findings written in the agreed 0004 shape and 5,000 tagged sign-ins. Built once in the temp folder and reused
// (BENCH_REPORT_ROWS, default 1,000,000; delete the folder to rebuild it). The query bench's kept
// case is not used: it is shared, its evidence files were deleted after import, and a report writes
// to its case (the audit entry).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseSession } from '../../main/case/session';
import { ATTACK_KINDS } from '../../main/generate/attacks';
import { DEFAULT_END, generate } from '../../main/generate/generate';
import { startImport } from '../../main/ingest/run-import';

export const REPORT_ROWS = Number(process.env['BENCH_REPORT_ROWS'] ?? 1_000_000);
export const REPORT_FINDINGS = 200;
export const TAGGED = 5000;

/** 200 findings over real sign-ins: per finding one user's failures (up to 60) and a few successes. */
export function plantFindings(casePath: string, count = REPORT_FINDINGS): void {
  const session = CaseSession.open(casePath, { mustExist: true });
  try {
    const db = session.db;
    db.transaction(() => {
      db.exec('DELETE FROM finding_signins; DELETE FROM findings; DELETE FROM detection_runs;');
      const now = new Date().toISOString();
      const run = Number(
        db
          .prepare("INSERT INTO detection_runs (started_at, finished_at, analyst, status, results) VALUES (?, ?, 'bench', 'completed', ?)")
          .run(now, now, JSON.stringify([{ detection: 'password-spray', version: 1, params: { minUsers: 10 }, ms: 0, findings: count, notEvaluable: 0, error: null }])).lastInsertRowid,
      );
      const users = db.prepare("SELECT user_upn FROM signins WHERE outcome = 'failure' AND user_upn IS NOT NULL GROUP BY user_upn ORDER BY count(*) DESC LIMIT ?").pluck().all(count) as string[];
      const pick = db.prepare("SELECT pk, created_ms, ip FROM signins WHERE user_upn = ? AND outcome = 'failure' ORDER BY created_ms LIMIT 60");
      const ok = db.prepare("SELECT pk, created_ms, ip FROM signins WHERE user_upn = ? AND outcome = 'success' ORDER BY created_ms LIMIT 5");
      const insert = db.prepare(
        `INSERT INTO findings (id, detection, detection_version, severity, title, explanation, users, ips, start_ms, end_ms, params, facts, signin_count, triage, first_run, last_run)
         VALUES (?, 'password-spray', 1, ?, ?, ?, ?, ?, ?, ?, '{"minUsers":10}', '{}', ?, ?, ?, ?)`,
      );
      const link = db.prepare('INSERT OR IGNORE INTO finding_signins (finding_id, signin_pk) VALUES (?, ?)');
      for (let i = 0; i < count; i++) {
        const user = users[i % users.length]!;
        const rows = [...(pick.all(user) as { pk: number; created_ms: number; ip: string }[]), ...(ok.all(user) as { pk: number; created_ms: number; ip: string }[])];
        if (!rows.length) continue;
        // Finding ids are 16 hex digits (the contract's FindingId).
        const id = (0xbe00000000 + i).toString(16).padStart(16, '0');
        const times = rows.map((r) => r.created_ms);
        const ips = [...new Set(rows.map((r) => r.ip).filter(Boolean))].slice(0, 20);
        insert.run(
          id, ['high', 'medium', 'low'][i % 3], `Bench finding ${i + 1}: failures then success for ${user}`,
          `${rows.length} sign-ins of ${user} from ${ips.length} addresses, failures followed by a success.`,
          JSON.stringify([user]), JSON.stringify(ips), Math.min(...times), Math.max(...times), rows.length,
          ['open', 'confirmed', 'false_positive', 'needs_review'][i % 4], run, run,
        );
        for (const r of rows) link.run(id, r.pk);
      }
      // 5,000 tagged sign-ins spread over the month: the timeline's lanes and the report's tagged table.
      db.exec("DELETE FROM annotations WHERE analyst = 'bench'");
      const tag = db.prepare("INSERT INTO annotations (target_kind, target, kind, value, analyst, created_at) VALUES ('signin', ?, 'tag', ?, 'bench', ?)");
      const ids = db.prepare('SELECT id FROM signins WHERE pk % 200 = 0 ORDER BY pk LIMIT ?').pluck().all(TAGGED) as string[];
      ids.forEach((id, i) => tag.run(id, i % 10 === 0 ? 'compromised' : 'suspicious', now));
    })();
  } finally {
    session.close();
  }
}

/** The case (built on first use), with its findings planted afresh. */
export async function reportBenchCase(rows = REPORT_ROWS): Promise<string> {
  const dir = path.join(os.tmpdir(), `sightline-bench-report-${rows}`);
  const casePath = path.join(dir, 'report.sightline');
  const done = path.join(dir, 'complete');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const out = path.join(dir, 'export');
    generate({ out, users: Math.max(50, Math.round(rows / 500)), days: 30, rows, seed: 3, format: 'portal-csv', attacks: [...ATTACK_KINDS], end: DEFAULT_END });
    const summary = await startImport(casePath, [out]).done;
    if (summary.totals.inserted < rows * 0.99) throw new Error(`report bench case: ${JSON.stringify(summary.totals)}`);
    fs.writeFileSync(done, new Date().toISOString());
  }
  plantFindings(casePath);
  return casePath;
}
