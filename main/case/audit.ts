// The analyst audit trail: append-only (triggers in 0001 refuse UPDATE and DELETE).
import os from 'node:os';
import type { CaseDb } from './db';

export function analystName(): string {
  return process.env['SIGHTLINE_ANALYST'] || os.userInfo().username || 'analyst';
}

export function appendAudit(db: CaseDb, action: string, detail: Record<string, unknown> = {}, analyst = analystName()): void {
  db.prepare('INSERT INTO audit (at, analyst, action, detail) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), analyst, action, JSON.stringify(detail));
}
