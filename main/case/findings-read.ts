// Reading findings for exports, written against the agreed 0004 schema (COMMON.md): findings(id,
// detection, detection_version, severity, title, explanation, users JSON, ips JSON, start_ms,
// end_ms, params JSON, facts JSON, triage, triage_note, ...) and finding_signins(finding_id,
// signin_pk). The detections area owns those tables; a case without them has no findings.
import type { CaseDb } from './db';

export type FindingRow = {
  id: string;
  detection: string;
  detectionVersion: number | null;
  severity: string;
  title: string;
  explanation: string;
  users: string[];
  ips: string[];
  start: string | null;
  end: string | null;
  signIns: number;
  triage: string | null;
  triageNote: string | null;
};

export function hasFindings(db: CaseDb): boolean {
  return db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('findings', 'finding_signins')`).pluck().get() === 2;
}

const list = (json: unknown): string[] => {
  if (typeof json !== 'string') return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

const iso = (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** Every finding, earliest first, with how many sign-ins are its evidence. */
export function readFindings(db: CaseDb): FindingRow[] {
  if (!hasFindings(db)) return [];
  const rows = db
    .prepare(
      `SELECT f.id, f.detection, f.detection_version, f.severity, f.title, f.explanation, f.users, f.ips, f.start_ms, f.end_ms, f.triage, f.triage_note,
              (SELECT count(*) FROM finding_signins fs WHERE fs.finding_id = f.id) AS signins
       FROM findings f ORDER BY f.start_ms, f.id`,
    )
    .all() as Record<string, unknown>[];
  return rows.map((r) => ({
    id: String(r['id']),
    detection: String(r['detection'] ?? ''),
    detectionVersion: typeof r['detection_version'] === 'number' ? r['detection_version'] : null,
    severity: String(r['severity'] ?? ''),
    title: String(r['title'] ?? ''),
    explanation: String(r['explanation'] ?? ''),
    users: list(r['users']),
    ips: list(r['ips']),
    start: iso(r['start_ms']),
    end: iso(r['end_ms']),
    signIns: Number(r['signins'] ?? 0),
    triage: typeof r['triage'] === 'string' ? r['triage'] : null,
    triageNote: typeof r['triage_note'] === 'string' ? r['triage_note'] : null,
  }));
}
