// Findings in the case (0004_findings.sql): stored from detection runs with stable ids, triaged and
// suppressed by the analyst (each action on the audit trail), and read back for the UI, CLI and report.
import { createHash } from 'node:crypto';
import type { DetectionRun, DetectionRunResult, FindingDetail, FindingQuery, FindingSummary, ParamValue, Severity, Suppression, SuppressionKind, TriageState } from '../../preload/contract';
import { appendAudit, currentAnalyst } from './audit';
import type { CaseDb } from './db';

/** What the store needs of a detection (main/detect's Detection fits; case/ does not import detect/). */
export type DetectionMeta = { id: string; title: string; version: number; severity: Severity; attack: string[]; kql: string };

/** A finding as a detection produced it (main/detect's FindingDraft). */
export type Draft = {
  key: string;
  severity?: Severity;
  title: string;
  explanation: string;
  users: string[];
  ips: string[];
  startMs: number;
  endMs: number;
  signInPks: number[];
  facts?: Record<string, unknown>;
};

export type StoredOutcome = {
  detection: DetectionMeta;
  params: Record<string, ParamValue>;
  ms: number;
  findings: Draft[];
  notEvaluable: number;
  error: string | null;
};

export class FindingError extends Error {
  constructor(readonly code: 'not-found' | 'bad-request', message: string) {
    super(message);
  }
}

/** The stable id: a hash of the detection id and the finding's key, 16 hex digits. */
export function findingId(detection: string, key: string): string {
  return createHash('sha256').update(`${detection}\u0000${key}`).digest('hex').slice(0, 16);
}

const iso = (ms: number) => new Date(ms).toISOString();
const json = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

// ---- runs ----

export function startRun(db: CaseDb, startedAt = new Date()): number {
  return Number(db.prepare("INSERT INTO detection_runs (started_at, analyst, status) VALUES (?, ?, 'running')").run(startedAt.toISOString(), currentAnalyst(db)).lastInsertRowid);
}

type RunRow = { id: number; started_at: string; finished_at: string | null; status: DetectionRun['status']; results: string };
const runOf = (r: RunRow): DetectionRun => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, results: json<DetectionRunResult[]>(r.results, []) });

export function getRun(db: CaseDb, id: number): DetectionRun | null {
  const r = db.prepare('SELECT id, started_at, finished_at, status, results FROM detection_runs WHERE id = ?').get(id) as RunRow | undefined;
  return r ? runOf(r) : null;
}

export function lastRun(db: CaseDb): DetectionRun | null {
  const r = db.prepare("SELECT id, started_at, finished_at, status, results FROM detection_runs WHERE status <> 'running' ORDER BY id DESC LIMIT 1").get() as RunRow | undefined;
  return r ? runOf(r) : null;
}

/**
 * Stores what a run produced, in one transaction. Per detection that ran without error: its findings are
 * upserted by id (content refreshed, triage kept), their evidence replaced; its findings this run no
 * longer produced are deleted, or kept as stale when the analyst triaged them. Audited as 'detect'.
 */
export function storeRun(db: CaseDb, runId: number, outcomes: StoredOutcome[], status: 'completed' | 'cancelled' | 'failed'): DetectionRun {
  const upsert = db.prepare(
    `INSERT INTO findings (id, detection, detection_version, severity, title, explanation, users, ips, asns, start_ms, end_ms, params, facts, signin_count, first_run, last_run, stale)
     VALUES (@id, @detection, @version, @severity, @title, @explanation, @users, @ips, '[]', @start, @end, @params, @facts, @count, @run, @run, 0)
     ON CONFLICT (id) DO UPDATE SET detection_version = excluded.detection_version, severity = excluded.severity, title = excluded.title,
       explanation = excluded.explanation, users = excluded.users, ips = excluded.ips, start_ms = excluded.start_ms, end_ms = excluded.end_ms,
       params = excluded.params, facts = excluded.facts, signin_count = excluded.signin_count, last_run = excluded.last_run, stale = 0`,
  );
  const clearEvidence = db.prepare('DELETE FROM finding_signins WHERE finding_id = ?');
  const link = db.prepare('INSERT OR IGNORE INTO finding_signins (finding_id, signin_pk) VALUES (?, ?)');
  // The ASNs of the evidence (the record's own, else the offline lookup), for suppression by ASN.
  const asnsOf = db.prepare(
    `SELECT DISTINCT COALESCE(s.asn, i.asn) AS asn FROM finding_signins fs JOIN signins s ON s.pk = fs.signin_pk LEFT JOIN ip_info i ON i.ip = s.ip
     WHERE fs.finding_id = ? AND COALESCE(s.asn, i.asn) IS NOT NULL ORDER BY 1`,
  );
  const setAsns = db.prepare('UPDATE findings SET asns = ? WHERE id = ?');
  const dropUntriaged = db.prepare("DELETE FROM findings WHERE detection = ? AND (last_run IS NOT ? ) AND triage = 'open'");
  const markStale = db.prepare('UPDATE findings SET stale = 1 WHERE detection = ? AND last_run IS NOT ?');

  const results: DetectionRunResult[] = outcomes.map((o) => ({
    detection: o.detection.id,
    title: o.detection.title,
    ms: o.ms,
    findings: o.findings.length,
    notEvaluable: o.notEvaluable,
    error: o.error,
  }));
  db.transaction(() => {
    for (const o of outcomes) {
      if (o.error !== null) continue;
      // Two drafts with one key are one finding (a detection should not make them; merge rather than lose one).
      const merged = new Map<string, Draft>();
      for (const f of o.findings) {
        const prev = merged.get(f.key);
        merged.set(
          f.key,
          prev
            ? { ...prev, users: [...new Set([...prev.users, ...f.users])], ips: [...new Set([...prev.ips, ...f.ips])], startMs: Math.min(prev.startMs, f.startMs), endMs: Math.max(prev.endMs, f.endMs), signInPks: [...prev.signInPks, ...f.signInPks] }
            : f,
        );
      }
      for (const f of merged.values()) {
        const id = findingId(o.detection.id, f.key);
        const pks = [...new Set(f.signInPks)];
        upsert.run({
          id,
          detection: o.detection.id,
          version: o.detection.version,
          severity: f.severity ?? o.detection.severity,
          title: f.title,
          explanation: f.explanation,
          users: JSON.stringify([...new Set(f.users.map((u) => u.toLowerCase()))]),
          ips: JSON.stringify([...new Set(f.ips)]),
          start: f.startMs,
          end: f.endMs,
          params: JSON.stringify(o.params),
          facts: JSON.stringify(f.facts ?? {}),
          count: pks.length,
          run: runId,
        });
        clearEvidence.run(id);
        for (const pk of pks) link.run(id, pk);
        setAsns.run(JSON.stringify((asnsOf.all(id) as { asn: number }[]).map((r) => r.asn)), id);
      }
      dropUntriaged.run(o.detection.id, runId);
      markStale.run(o.detection.id, runId);
    }
    db.prepare('UPDATE detection_runs SET finished_at = ?, status = ?, results = ? WHERE id = ?').run(new Date().toISOString(), status, JSON.stringify(results), runId);
    appendAudit(db, 'detect', {
      run: runId,
      status,
      detections: results.map((r) => ({ id: r.detection, ms: r.ms, findings: r.findings, notEvaluable: r.notEvaluable, ...(r.error ? { error: r.error } : {}) })),
    });
  })();
  return getRun(db, runId)!;
}

// ---- reading ----

type FindingRow = {
  id: string;
  detection: string;
  detection_version: number;
  severity: Severity;
  title: string;
  explanation: string;
  users: string;
  ips: string;
  asns: string;
  start_ms: number;
  end_ms: number;
  params: string;
  facts: string;
  signin_count: number;
  triage: TriageState;
  triage_note: string | null;
  triaged_at: string | null;
  triaged_by: string | null;
  stale: number;
};

type SuppressionRow = {
  id: number;
  detection: string;
  kind: SuppressionKind;
  value: string;
  note: string | null;
  finding_id: string | null;
  created_at: string;
  created_by: string;
  removed_at: string | null;
  removed_by: string | null;
};

const suppressionOf = (r: SuppressionRow): Suppression => ({
  id: r.id,
  detection: r.detection,
  kind: r.kind,
  value: r.value,
  note: r.note,
  findingId: r.finding_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  removedAt: r.removed_at,
  removedBy: r.removed_by,
});

/** Active suppressions covering a finding: one kind covers it when every user (IP, ASN) of it is suppressed. */
function covering(row: FindingRow, active: Suppression[]): Suppression[] {
  const mine = active.filter((s) => s.detection === row.detection);
  if (mine.length === 0) return [];
  const values: Record<SuppressionKind, string[]> = {
    user: json<string[]>(row.users, []).map((u) => u.toLowerCase()),
    ip: json<string[]>(row.ips, []),
    asn: json<number[]>(row.asns, []).map(String),
  };
  const out: Suppression[] = [];
  for (const kind of ['user', 'ip', 'asn'] as const) {
    const of = mine.filter((s) => s.kind === kind);
    if (values[kind].length && of.length && values[kind].every((v) => of.some((s) => s.value === v))) out.push(...of.filter((s) => values[kind].includes(s.value)));
  }
  return out;
}

function activeSuppressions(db: CaseDb): Suppression[] {
  return (db.prepare('SELECT * FROM suppressions WHERE removed_at IS NULL ORDER BY id').all() as SuppressionRow[]).map(suppressionOf);
}

function summaryOf(r: FindingRow, meta: DetectionMeta | undefined, suppressed: boolean): FindingSummary {
  return {
    id: r.id,
    detection: r.detection,
    detectionTitle: meta?.title ?? r.detection,
    detectionVersion: r.detection_version,
    severity: r.severity,
    attack: meta?.attack ?? [],
    title: r.title,
    explanation: r.explanation,
    users: json<string[]>(r.users, []),
    ips: json<string[]>(r.ips, []),
    asns: json<number[]>(r.asns, []),
    start: iso(r.start_ms),
    end: iso(r.end_ms),
    signInCount: r.signin_count,
    triage: r.triage,
    triageNote: r.triage_note,
    triagedAt: r.triaged_at,
    triagedBy: r.triaged_by,
    stale: r.stale === 1,
    suppressed,
  };
}

const SEVERITY_ORDER = `CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`;

/** Findings matching the query, high severity first, then newest first. */
export function listFindings(db: CaseDb, q: FindingQuery, metaOf: (id: string) => DetectionMeta | undefined): { findings: FindingSummary[]; total: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    args.push(...values);
  };
  inList('detection', q.detection);
  inList('severity', q.severity);
  inList('triage', q.triage);
  if (q.includeStale === false) where.push('stale = 0');
  const rows = db
    .prepare(`SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${SEVERITY_ORDER}, start_ms DESC, id`)
    .all(...args) as FindingRow[];
  const active = activeSuppressions(db);
  const findings = rows.map((r) => summaryOf(r, metaOf(r.detection), covering(r, active).length > 0)).filter((f) => q.includeSuppressed || !f.suppressed);
  return { findings, total: findings.length };
}

export function getFinding(db: CaseDb, id: string, metaOf: (id: string) => DetectionMeta | undefined): FindingDetail {
  const r = db.prepare('SELECT * FROM findings WHERE id = ?').get(id) as FindingRow | undefined;
  if (!r) throw new FindingError('not-found', `no finding ${id} in this case`);
  const signInIds = (
    db.prepare('SELECT s.id FROM finding_signins fs JOIN signins s ON s.pk = fs.signin_pk WHERE fs.finding_id = ? ORDER BY s.created_ms, s.pk').all(id) as { id: string }[]
  ).map((x) => x.id);
  const meta = metaOf(r.detection);
  const suppressions = covering(r, activeSuppressions(db));
  return {
    ...summaryOf(r, meta, suppressions.length > 0),
    params: json<Record<string, ParamValue>>(r.params, {}),
    facts: json<Record<string, unknown>>(r.facts, {}),
    signInIds,
    kql: meta?.kql ?? '',
    suppressions,
  };
}

/** Findings with their evidence sign-in ids, for the CLI (one query for the ids of all of them). */
export function findingsWithSignIns(db: CaseDb, ids: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  const stmt = db.prepare('SELECT fs.finding_id AS f, s.id AS id FROM finding_signins fs JOIN signins s ON s.pk = fs.signin_pk WHERE fs.finding_id = ? ORDER BY s.created_ms, s.pk');
  for (const id of ids) out.set(id, (stmt.all(id) as { id: string }[]).map((r) => r.id));
  return out;
}

// ---- triage and suppressions ----

export function triageFinding(db: CaseDb, id: string, triage: TriageState, note: string | null): void {
  const at = new Date().toISOString();
  const analyst = currentAnalyst(db);
  db.transaction(() => {
    const before = db.prepare('SELECT triage, triage_note FROM findings WHERE id = ?').get(id) as { triage: string; triage_note: string | null } | undefined;
    if (!before) throw new FindingError('not-found', `no finding ${id} in this case`);
    db.prepare('UPDATE findings SET triage = ?, triage_note = ?, triaged_at = ?, triaged_by = ? WHERE id = ?').run(triage, note, at, analyst, id);
    appendAudit(db, 'triage', { finding: id, triage, note, previous: before.triage }, analyst);
  })();
}

export function addSuppression(db: CaseDb, s: { detection: string; kind: SuppressionKind; value: string; note?: string | null; findingId?: string | null }): Suppression {
  const value = s.kind === 'user' ? s.value.trim().toLowerCase() : s.value.trim();
  if (s.kind === 'asn' && !/^\d+$/.test(value)) throw new FindingError('bad-request', `an ASN is a number; got "${s.value}"`);
  const analyst = currentAnalyst(db);
  return db.transaction(() => {
    const existing = db.prepare('SELECT * FROM suppressions WHERE detection = ? AND kind = ? AND value = ? AND removed_at IS NULL').get(s.detection, s.kind, value) as SuppressionRow | undefined;
    if (existing) return suppressionOf(existing);
    const id = Number(
      db
        .prepare('INSERT INTO suppressions (detection, kind, value, note, finding_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(s.detection, s.kind, value, s.note ?? null, s.findingId ?? null, new Date().toISOString(), analyst).lastInsertRowid,
    );
    appendAudit(db, 'suppress', { action: 'add', suppression: id, detection: s.detection, kind: s.kind, value, note: s.note ?? null, finding: s.findingId ?? null }, analyst);
    return suppressionOf(db.prepare('SELECT * FROM suppressions WHERE id = ?').get(id) as SuppressionRow);
  })();
}

export function removeSuppression(db: CaseDb, id: number): Suppression {
  const analyst = currentAnalyst(db);
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM suppressions WHERE id = ?').get(id) as SuppressionRow | undefined;
    if (!row) throw new FindingError('not-found', `no suppression ${id} in this case`);
    if (row.removed_at === null) {
      db.prepare('UPDATE suppressions SET removed_at = ?, removed_by = ? WHERE id = ?').run(new Date().toISOString(), analyst, id);
      appendAudit(db, 'suppress', { action: 'remove', suppression: id, detection: row.detection, kind: row.kind, value: row.value }, analyst);
    }
    return suppressionOf(db.prepare('SELECT * FROM suppressions WHERE id = ?').get(id) as SuppressionRow);
  })();
}

export function listSuppressions(db: CaseDb): Suppression[] {
  return (db.prepare('SELECT * FROM suppressions ORDER BY id DESC').all() as SuppressionRow[]).map(suppressionOf);
}

// ---- per-case parameters ----

export function paramOverrides(db: CaseDb, detection: string): Record<string, unknown> {
  const rows = db.prepare('SELECT name, value FROM detection_params WHERE detection = ?').all(detection) as { name: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, json<unknown>(r.value, null)]));
}

/** Stores checked values (null removes the override); audited as 'detect' with what changed. */
export function setParamOverrides(db: CaseDb, detection: string, params: Record<string, ParamValue | null>): void {
  db.transaction(() => {
    for (const [name, value] of Object.entries(params)) {
      if (value === null) db.prepare('DELETE FROM detection_params WHERE detection = ? AND name = ?').run(detection, name);
      else db.prepare('INSERT INTO detection_params (detection, name, value) VALUES (?, ?, ?) ON CONFLICT (detection, name) DO UPDATE SET value = excluded.value').run(detection, name, JSON.stringify(value));
    }
    appendAudit(db, 'detect', { action: 'params', detection, params });
  })();
}
