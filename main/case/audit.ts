// The analyst audit trail: append-only (triggers in 0001 refuse UPDATE and DELETE).
import os from 'node:os';
import type { CaseDb } from './db';

export function analystName(): string {
  return process.env['SIGHTLINE_ANALYST'] || os.userInfo().username || 'analyst';
}

/** The analyst named in the case details (case_meta `case.analyst`, see details.ts), if any. */
function caseAnalyst(db: CaseDb): string | null {
  const row = db.prepare("SELECT value FROM case_meta WHERE key = 'case.analyst'").get() as { value: string } | undefined;
  return row?.value.trim() || null;
}

/** Who acts on this case: the analyst named in its details, else the OS user (or SIGHTLINE_ANALYST). */
export function currentAnalyst(db: CaseDb): string {
  return caseAnalyst(db) ?? analystName();
}

/** Appends one entry, by the current analyst unless one is given. */
export function appendAudit(db: CaseDb, action: string, detail: Record<string, unknown> = {}, analyst = currentAnalyst(db)): void {
  db.prepare('INSERT INTO audit (at, analyst, action, detail) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), analyst, action, JSON.stringify(detail));
}
