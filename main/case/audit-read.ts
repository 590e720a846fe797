// Reading the audit trail (written by audit.ts, append-only): newest first, optionally one action.
import type { AuditPage } from '../../preload/contract';
import type { CaseDb } from './db';

export function listAudit(db: CaseDb, q: { action?: string; limit?: number; offset?: number } = {}): AuditPage {
  const where = q.action ? 'WHERE action = ?' : '';
  const params = q.action ? [q.action] : [];
  const total = db.prepare(`SELECT count(*) FROM audit ${where}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT id, at, analyst, action, detail FROM audit ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, q.limit ?? 500, q.offset ?? 0) as {
    id: number;
    at: string;
    analyst: string;
    action: string;
    detail: string;
  }[];
  const actions = db.prepare('SELECT DISTINCT action FROM audit ORDER BY action').pluck().all() as string[];
  return {
    total,
    actions,
    entries: rows.map((r) => {
      let detail: unknown;
      try {
        detail = JSON.parse(r.detail);
      } catch {
        detail = r.detail;
      }
      return { id: r.id, at: r.at, analyst: r.analyst, action: r.action, detail };
    }),
  };
}
