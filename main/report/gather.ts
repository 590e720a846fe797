// Everything a report states, read from the case once, before any markup is written. Each part comes
// from its owner's functions where one exists (findings, annotations, audit, evidence verification,
// travel, scope) and is bounded: long tables keep their first rows here and the report names the
// companion CSV that holds them all (see companions.ts).
import path from 'node:path';
import type { AuditEntry, CaseDetails, DetectionInfo, DetectionRun, Evidence, EvidenceVerification, FindingSummary, ParamValue, SignInSummary, TimelineDensity, TravelLeg } from '../../preload/contract';
import { annotatedSignIns, listAnnotations } from '../case/annotations';
import { listAudit } from '../case/audit-read';
import type { CaseDb } from '../case/db';
import { getCaseDetails } from '../case/details';
import { listEvidence } from '../case/evidence';
import { lastRun, listFindings } from '../case/findings';
import { summarize } from '../case/summary';
import { verifyEvidence } from '../case/verify';
import { detectionInfo, metaOf } from '../detect/case-run';
import { registry } from '../detect/registry';
import { REPORT_SCOPE_KEY } from '../entities/actions';
import { geoStatus } from '../geo/status';
import { travelThresholds, type TravelThresholds } from '../geo/settings';
import { loadTrusted } from '../geo/trusted';
import { timelineDensity } from '../timeline/density';
import { fullLegs, notableLegs, type LeanLeg } from './travel';
import { version } from '../version';

/** Rows shown per table in the document; the full lists go to companion CSV files. */
export const CAPS = { detailedFindings: 30, detailedFindingsSummary: 15, findingSignIns: 8, annotated: 200, notes: 300, audit: 500, legs: 25, mapLegs: 400, mapPlaces: 400 } as const;

export type SignInRow = {
  id: string;
  time: string;
  user: string | null;
  ip: string | null;
  app: string | null;
  outcome: string;
  errorCode: number | null;
  place: string | null;
  userAgent: string | null;
  clientApp: string | null;
};

export type ReportFinding = FindingSummary & {
  params: Record<string, ParamValue>;
  notes: { text: string; analyst: string; createdAt: string }[];
  tags: string[];
  /** The first CAPS.findingSignIns evidence sign-ins, oldest first. */
  signIns: SignInRow[];
};

export type AnnotatedRow = SignInRow & { tags: string[]; bookmarked: boolean; notes: string[] };
export type NoteRow = { targetKind: string; target: string; text: string; analyst: string; createdAt: string };
export type EntityMark = { targetKind: string; target: string; tags: string[]; notes: number };

/** count: successful interactive sign-ins placed there; failure: failed sign-ins of any type. */
export type MapPlace = { lat: number; lon: number; count: number; failure: number; place: string | null };

export type ReportData = {
  generatedAt: string;
  version: string;
  template: 'full' | 'summary';
  caseFile: string;
  details: CaseDetails;
  detections: { ranNow: boolean; run: DetectionRun | null; infos: DetectionInfo[] };
  overview: SignInSummary & { first: string | null; last: string | null; users: number; ips: number };
  findings: ReportFinding[];
  involved: { users: { value: string; findings: number }[]; ips: { value: string; findings: number }[] };
  annotated: { rows: AnnotatedRow[]; total: number };
  entities: EntityMark[];
  notes: { rows: NoteRow[]; total: number };
  /** Legs drawn (fastest first, capped) and the geo module's full legs for the table. */
  map: { places: MapPlace[]; drawn: LeanLeg[]; listed: TravelLeg[]; legsTotal: number; thresholds: TravelThresholds; located: number };
  timeline: { density: TimelineDensity; findings: { start: number; end: number; severity: string }[]; marks: number[] };
  /** verification is empty when it was not asked for (the preview). */
  evidence: { rows: Evidence[]; verification: EvidenceVerification[]; verified: boolean };
  audit: { entries: AuditEntry[]; total: number };
  scope: ScopeStored | null;
  geo: { database: string; attribution: string; located: number; enriched: number; signIns: number };
  schema: number;
};

export type ScopeStored = {
  at?: string;
  analyst?: string;
  indicators?: { kind: string; value: string; signIns?: number; accounts?: number }[];
  accounts?: { user: string; kind?: string; successes?: number; failures?: number; interrupted?: number; first?: string; last?: string; matched?: { kind: string; value: string; indicator?: string }[] }[];
};

const iso = (ms: number | null | undefined) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);

/** The table columns of a sign-in in every report table, by pk or request id. */
const SIGN_IN_COLUMNS = `s.id, s.created_ms, coalesce(s.user_upn, s.user_id, s.user_display) AS usr, s.ip, s.app_name, s.outcome, s.error_code,
  s.city, s.state, s.country, s.user_agent, s.client_app`;

type SignInSql = {
  id: string; created_ms: number; usr: string | null; ip: string | null; app_name: string | null; outcome: string; error_code: number | null;
  city: string | null; state: string | null; country: string | null; user_agent: string | null; client_app: string | null;
};

export const toSignInRow = (r: SignInSql): SignInRow => ({
  id: r.id,
  time: new Date(r.created_ms).toISOString(),
  user: r.usr,
  ip: r.ip,
  app: r.app_name,
  outcome: r.outcome,
  errorCode: r.error_code,
  place: [r.city, r.state, r.country].filter((p) => p && p.trim()).join(', ') || null,
  userAgent: r.user_agent,
  clientApp: r.client_app,
});

/** A finding's evidence sign-ins, oldest first; `limit` null for all (the companion CSV). */
export function findingSignIns(db: CaseDb, findingId: string, limit: number | null): SignInRow[] {
  const rows = db
    .prepare(`SELECT ${SIGN_IN_COLUMNS} FROM finding_signins fs JOIN signins s ON s.pk = fs.signin_pk WHERE fs.finding_id = ? ORDER BY s.created_ms, s.pk ${limit === null ? '' : 'LIMIT ?'}`)
    .all(...(limit === null ? [findingId] : [findingId, limit])) as SignInSql[];
  return rows.map(toSignInRow);
}

/** Sign-ins by request id, in the order given (missing ones left out). */
export function signInsById(db: CaseDb, ids: string[]): Map<string, SignInRow> {
  const out = new Map<string, SignInRow>();
  const stmt = db.prepare(`SELECT ${SIGN_IN_COLUMNS} FROM signins s WHERE s.id IN (SELECT value FROM json_each(?))`);
  for (let i = 0; i < ids.length; i += 5000) for (const r of stmt.all(JSON.stringify(ids.slice(i, i + 5000))) as SignInSql[]) out.set(r.id, toSignInRow(r));
  return out;
}

function readFindings(db: CaseDb): ReportFinding[] {
  const { findings } = listFindings(db, { includeSuppressed: true, includeStale: true }, metaOf());
  const ids = findings.map((f) => f.id);
  const marks = new Map<string, { notes: ReportFinding['notes']; tags: string[] }>(ids.map((id) => [id, { notes: [], tags: [] }]));
  for (const a of listAnnotations(db, { targetKind: 'finding', limit: 100_000 }).annotations) {
    const m = marks.get(a.target);
    if (!m || a.value === null) continue;
    if (a.kind === 'note') m.notes.push({ text: a.value, analyst: a.analyst, createdAt: a.createdAt });
    else if (a.kind === 'tag' && !m.tags.includes(a.value)) m.tags.push(a.value);
  }
  const params = db.prepare('SELECT params FROM findings WHERE id = ?').pluck();
  return findings.map((f) => {
    let p: Record<string, ParamValue> = {};
    try {
      p = JSON.parse((params.get(f.id) as string | undefined) ?? '{}') as Record<string, ParamValue>;
    } catch {
      p = {};
    }
    return { ...f, params: p, notes: marks.get(f.id)!.notes.reverse(), tags: marks.get(f.id)!.tags.sort(), signIns: findingSignIns(db, f.id, CAPS.findingSignIns) };
  });
}

/** Users and IPs named by findings, with how many findings name each, most first. */
function involved(findings: ReportFinding[]): ReportData['involved'] {
  const count = (pick: (f: ReportFinding) => string[]) => {
    const m = new Map<string, number>();
    for (const f of findings) for (const v of new Set(pick(f))) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, n]) => ({ value, findings: n }));
  };
  return { users: count((f) => f.users), ips: count((f) => f.ips) };
}

/** Sign-ins carrying a live tag, bookmark or note (first CAPS.annotated in time; the total counted). */
export function annotatedRows(db: CaseDb, limit: number | null): { rows: AnnotatedRow[]; total: number } {
  const marks = annotatedSignIns(db, ['tag', 'bookmark', 'note']);
  const by = new Map<string, { tags: string[]; bookmarked: boolean; notes: string[] }>();
  for (const a of marks) {
    const e = by.get(a.signInId) ?? { tags: [], bookmarked: false, notes: [] };
    if (a.kind === 'tag' && a.value !== null && !e.tags.includes(a.value)) e.tags.push(a.value);
    else if (a.kind === 'bookmark') e.bookmarked = true;
    else if (a.kind === 'note' && a.value !== null) e.notes.push(a.value);
    by.set(a.signInId, e);
  }
  const ids = [...by.keys()];
  const shown = limit === null ? ids : ids.slice(0, limit);
  const rows = signInsById(db, shown);
  return { rows: shown.flatMap((id) => (rows.has(id) ? [{ ...rows.get(id)!, ...by.get(id)! }] : [])), total: ids.length };
}

/** Every live note, on any target, oldest first. */
export function noteRows(db: CaseDb, limit: number | null): { rows: NoteRow[]; total: number } {
  const { total, annotations } = listAnnotations(db, { kind: 'note', limit: limit ?? 1_000_000 });
  return { total, rows: annotations.reverse().map((a) => ({ targetKind: a.targetKind, target: a.target, text: a.value ?? '', analyst: a.analyst, createdAt: a.createdAt })) };
}

/** Tags and notes on users and IP addresses. */
function entityMarks(db: CaseDb): EntityMark[] {
  const by = new Map<string, EntityMark>();
  for (const kind of ['user', 'ip'] as const) {
    for (const a of listAnnotations(db, { targetKind: kind, limit: 100_000 }).annotations) {
      const key = `${kind}|${a.target}`;
      const e = by.get(key) ?? { targetKind: kind, target: a.target, tags: [], notes: 0 };
      if (a.kind === 'tag' && a.value && !e.tags.includes(a.value)) e.tags.push(a.value);
      if (a.kind === 'note') e.notes++;
      by.set(key, e);
    }
  }
  return [...by.values()].sort((a, b) => a.targetKind.localeCompare(b.targetKind) || a.target.localeCompare(b.target));
}

/**
 * The map's places: where successful interactive sign-ins were (counted by the travel pass, which
 * reads them anyway) and where failed sign-ins of any type were (a filtered pass over the narrow signin_geo rows). Grouping
 * every located sign-in by place would cost a sort of the whole case (seconds on 1M sign-ins).
 */
function mapPlaces(db: CaseDb, successes: { lat: number; lon: number; count: number }[]): MapPlace[] {
  const byPoint = new Map<string, MapPlace>(successes.map((p) => [`${p.lat}|${p.lon}`, { ...p, failure: 0, place: null }]));
  const failures = db
    .prepare(`SELECT lat, lon, count(*) AS n, min(place) AS place FROM signin_geo NOT INDEXED WHERE outcome = 'failure' AND lat IS NOT NULL GROUP BY 1, 2`)
    .all() as { lat: number; lon: number; n: number; place: string | null }[];
  for (const f of failures) {
    const key = `${f.lat}|${f.lon}`;
    const p = byPoint.get(key) ?? { lat: f.lat, lon: f.lon, count: 0, failure: 0, place: f.place };
    p.failure = f.n;
    byPoint.set(key, p);
  }
  return [...byPoint.values()].sort((a, b) => b.count + b.failure - (a.count + a.failure)).slice(0, CAPS.mapPlaces);
}

function travel(db: CaseDb): ReportData['map'] {
  const thresholds = travelThresholds(db);
  const { legs, located, places } = notableLegs(db, thresholds);
  return { places: mapPlaces(db, places), drawn: legs.slice(0, CAPS.mapLegs), listed: fullLegs(db, legs.slice(0, CAPS.legs), thresholds, loadTrusted(db)), legsTotal: legs.length, thresholds, located };
}

function storedScope(db: CaseDb): ScopeStored | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(REPORT_SCOPE_KEY) as string | undefined;
  if (!row) return null;
  try {
    const v = JSON.parse(row) as unknown;
    return v && typeof v === 'object' ? (v as ScopeStored) : null;
  } catch {
    return null;
  }
}

/** Lets queued I/O (progress events, a cancel) through between the long synchronous reads. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export type GatherOptions = {
  template: 'full' | 'summary';
  caseFile: string;
  detectionsRanNow: boolean;
  /** Hash every evidence file again (the written report); the preview leaves it out (seconds per GB). */
  verify?: boolean;
  /** Told each step, and within a long one what it is at (e.g. "re-verifying evidence 2/5"). */
  step?: (name: string, detail?: string) => void;
  /** Checked between steps (and between evidence files): an abort throws signal.reason. */
  signal?: AbortSignal;
  now?: Date;
};

export async function gatherReport(db: CaseDb, o: GatherOptions): Promise<ReportData> {
  const step = async (name: string, detail?: string) => {
    o.signal?.throwIfAborted();
    o.step?.(name, detail);
    await breathe();
    o.signal?.throwIfAborted();
  };
  const generatedAt = (o.now ?? new Date()).toISOString();
  await step('counting sign-ins');
  const summary = summarize(db, {});
  const first = db.prepare('SELECT min(created_ms) FROM signins').pluck().get() as number | null;
  const last = db.prepare('SELECT max(created_ms) FROM signins').pluck().get() as number | null;
  // Distinct counts read the (user, time) and (ip, time) indexes only.
  const users = db.prepare('SELECT count(DISTINCT user_upn) FROM signins').pluck().get() as number;
  const ips = db.prepare('SELECT count(DISTINCT ip) FROM signins').pluck().get() as number;

  await step('reading findings');
  const findings = readFindings(db);
  const run = lastRun(db);
  const infos = registry.all.map((d) => detectionInfo(db, d));

  await step('reading annotations');
  const annotated = annotatedRows(db, CAPS.annotated);
  const notes = noteRows(db, CAPS.notes);
  const entities = entityMarks(db);

  await step('drawing the map and the timeline');
  const map = travel(db);
  const density = timelineDensity(db, { filter: {}, buckets: 120 });
  const timeline = {
    density,
    findings: findings.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end), severity: f.severity })),
    marks: annotatedSignIns(db, ['tag', 'bookmark']).map((a) => Date.parse(a.createdDateTime)),
  };

  await step('re-verifying evidence hashes');
  const evidence = listEvidence(db);
  const verification: EvidenceVerification[] = [];
  if (o.verify !== false) {
    // One file at a time, so the analyst sees which and a cancel waits for one file at most.
    for (const [i, e] of evidence.entries()) {
      await step('re-verifying evidence hashes', `re-verifying evidence ${i + 1}/${evidence.length}`);
      verification.push(...(await verifyEvidence(db, [e.id])));
    }
  }

  await step('reading the audit trail');
  // The oldest entries first (the trail is listed newest first): the appendix reads as it happened.
  const auditTotal = listAudit(db, { limit: 1 }).total;
  const auditPage = listAudit(db, { limit: CAPS.audit, offset: Math.max(0, auditTotal - CAPS.audit) });
  const geo = geoStatus(db, false);

  return {
    generatedAt,
    version,
    template: o.template,
    caseFile: path.basename(o.caseFile),
    details: getCaseDetails(db),
    detections: { ranNow: o.detectionsRanNow, run, infos },
    overview: { ...summary, first: iso(first), last: iso(last), users, ips },
    findings,
    involved: involved(findings),
    annotated,
    entities,
    notes,
    map,
    timeline,
    evidence: { rows: evidence, verification, verified: o.verify !== false },
    audit: { entries: auditPage.entries.reverse(), total: auditPage.total },
    scope: storedScope(db),
    geo: { database: geo.database.id, attribution: geo.attribution, located: geo.located, enriched: geo.enriched, signIns: geo.signIns },
    schema: db.pragma('user_version', { simple: true }) as number,
  };
}
