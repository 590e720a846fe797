// What a collection keeps in the case besides the records themselves: its run (query, counts,
// status), every raw page with its SHA-256, and a checkpoint per finished window, which is what a
// later run resumes from. Pages and checkpoints are written in the same transaction as the records
// they carry, so the case never claims a window it does not hold.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { CaseDb } from '../case/db';
import type { Window } from './windows';

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export type RunCounts = {
  windows: number;
  pages: number;
  records: number;
  inserted: number;
  updated: number;
  duplicates: number;
  retries: number;
  throttled: number;
};

export type RunQuery = {
  from: string;
  to: string;
  types: string[];
  users: string[];
  apps: string[];
  also: string[];
  graphBaseUrl: string;
  tenant: string | null;
  method: string;
};

export type RunRow = RunCounts & {
  id: number;
  evidenceId: number | null;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  query: RunQuery;
  resumedFrom: string | null;
  warnings: string[];
  error: string | null;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** A 'running' run of another machine without a page for this long is taken for dead (its process cannot be checked). */
export const STALE_RUN_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process nobody has reaped yet (a zombie) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Marks 'running' runs whose process is gone (same machine) or that went silent as 'interrupted'. */
export function markStaleRuns(db: CaseDb, now: number): number {
  const rows = db.prepare("SELECT id, owner, updated_at AS updatedAt FROM collect_runs WHERE status = 'running'").all() as { id: number; owner: string; updatedAt: string }[];
  const mark = db.prepare("UPDATE collect_runs SET status = 'interrupted', finished_at = updated_at WHERE id = ?");
  let n = 0;
  for (const r of rows) {
    const owner = JSON.parse(r.owner) as { host?: string; pid?: number };
    // On this machine the process tells; a run of another machine (a case on a share) by its silence.
    const here = owner.host === os.hostname() && typeof owner.pid === 'number';
    const gone = here ? owner.pid !== process.pid && !alive(owner.pid!) : Date.parse(r.updatedAt) < now - STALE_RUN_MS;
    if (gone) n += mark.run(r.id).changes;
  }
  return n;
}

/** A run whose thread died: 'interrupted', with why (only while it still reads 'running'). */
export function interruptRun(db: CaseDb, runId: number, error: string, now: number): boolean {
  return db.prepare("UPDATE collect_runs SET status = 'interrupted', error = ?, finished_at = ? WHERE id = ? AND status = 'running'").run(error, iso(now), runId).changes > 0;
}

export function createRun(db: CaseDb, query: RunQuery, resumedFrom: string | null, warnings: string[], now: number): number {
  return Number(
    db
      .prepare('INSERT INTO collect_runs (started_at, updated_at, owner, status, query, resumed_from, warnings) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(iso(now), iso(now), JSON.stringify({ host: os.hostname(), pid: process.pid }), 'running', JSON.stringify(query), resumedFrom, JSON.stringify(warnings)).lastInsertRowid,
  );
}

export function setRunEvidence(db: CaseDb, runId: number, evidenceId: number): void {
  db.prepare('UPDATE collect_runs SET evidence_id = ? WHERE id = ?').run(evidenceId, runId);
}

export function updateRun(db: CaseDb, runId: number, counts: RunCounts, now: number, end?: { status: RunStatus; error: string | null; warnings: string[] }): void {
  db.prepare(
    `UPDATE collect_runs SET windows = ?, pages = ?, records = ?, inserted = ?, updated = ?, duplicates = ?, retries = ?, throttled = ?, updated_at = ?
     ${end ? ', status = ?, error = ?, warnings = ?, finished_at = ?' : ''} WHERE id = ?`,
  ).run(
    counts.windows, counts.pages, counts.records, counts.inserted, counts.updated, counts.duplicates, counts.retries, counts.throttled, iso(now),
    ...(end ? [end.status, end.error, JSON.stringify(end.warnings), iso(now)] : []),
    runId,
  );
}

export type StoredPage = {
  runId: number;
  seq: number;
  source: string;
  eventType: string | null;
  window: Window | null;
  url: string;
  apiVersion: string;
  fetchedAt: number;
  status: number;
  records: number;
  body: Buffer;
  sha256: string;
};

export function sha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function insertPage(db: CaseDb, p: StoredPage): number {
  return Number(
    db
      .prepare(
        `INSERT INTO collect_pages (run_id, seq, source, event_type, window_start, window_end, url, api_version, fetched_at, http_status, records, size, sha256, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.runId, p.seq, p.source, p.eventType, p.window ? iso(p.window.start) : null, p.window ? iso(p.window.end) : null, p.url, p.apiVersion, iso(p.fetchedAt), p.status, p.records, p.body.length, p.sha256, p.body)
      .lastInsertRowid,
  );
}

/**
 * The evidence hash of a run: SHA-256 over its pages' hashes in page order, one per line. Anyone can
 * recompute it from collect_pages (and each page's hash from its body).
 */
export function runDigest(db: CaseDb, runId: number): { sha256: string; size: number } {
  const rows = db.prepare('SELECT sha256, size FROM collect_pages WHERE run_id = ? ORDER BY seq').all(runId) as { sha256: string; size: number }[];
  return { sha256: sha256(rows.map((r) => r.sha256).join('\n')), size: rows.reduce((n, r) => n + r.size, 0) };
}

export function updateEvidenceDigest(db: CaseDb, evidenceId: number, runId: number): void {
  const d = runDigest(db, runId);
  db.prepare('UPDATE evidence SET sha256 = ?, size = ? WHERE id = ?').run(d.sha256, d.size, evidenceId);
}

export function insertCheckpoint(db: CaseDb, c: { runId: number; scope: string; source: string; eventType: string | null; window: Window; pages: number; records: number; now: number }): void {
  db.prepare(
    `INSERT INTO collect_checkpoints (run_id, scope, source, event_type, window_start, window_end, start_ms, end_ms, pages, records, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.runId, c.scope, c.source, c.eventType, iso(c.window.start), iso(c.window.end), c.window.start, c.window.end, c.pages, c.records, iso(c.now));
}

/** The windows checkpointed under any of these scopes that touch [from, to]. */
export function coveredWindows(db: CaseDb, scopes: string[], from: number, to: number): Window[] {
  const marks = scopes.map(() => '?').join(', ');
  return (db.prepare(`SELECT start_ms AS start, end_ms AS end FROM collect_checkpoints WHERE scope IN (${marks}) AND end_ms >= ? AND start_ms <= ? ORDER BY start_ms`).all(...scopes, from, to) as Window[]);
}

export function listRuns(db: CaseDb, limit = 50): RunRow[] {
  const rows = db
    .prepare(
      `SELECT id, evidence_id AS evidenceId, started_at AS startedAt, finished_at AS finishedAt, status, query, resumed_from AS resumedFrom, windows, pages, records,
              inserted, updated, duplicates, retries, throttled, warnings, error FROM collect_runs ORDER BY id DESC LIMIT ?`,
    )
    .all(limit) as (Omit<RunRow, 'query' | 'warnings'> & { query: string; warnings: string })[];
  return rows.map((r) => ({ ...r, query: JSON.parse(r.query) as RunQuery, warnings: JSON.parse(r.warnings) as string[] }));
}
