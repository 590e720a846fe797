// The timeline's lanes: findings, tagged / bookmarked / noted sign-ins, notes on findings, the span
// of each evidence file, the range of each Graph collection, and the other Graph sources (directory
// audits, risk detections, risky users). Each lane is read from its owner's functions where one
// exists (findings: case/findings.ts; notes on findings: case/annotations.ts; annotated sign-ins are
// read here with their sign-ins in one join, for speed) and limited per lane to the first `limit`
// items of the visible range, so 5,000 items stay cheap to send and draw.
import type { TimelineItem, TimelineItems, TimelineLane } from '../../preload/contract';
import { listAnnotations } from '../case/annotations';
import type { CaseDb } from '../case/db';
import { listFindings } from '../case/findings';
import { listEvidence } from '../case/evidence';
import { metaOf } from '../detect/case-run';

export type ItemsQuery = { fromMs?: number | undefined; toMs?: number | undefined; lanes?: TimelineLane[] | undefined; limit: number };

const ALL_LANES: TimelineLane[] = ['finding', 'tagged', 'bookmark', 'note', 'evidence', 'collection', 'directoryAudit', 'riskDetection', 'riskyUser'];
const SIGN_IN_TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown'];

/** Text for a label: one line, at most `max` characters. */
export function oneLine(text: string, max = 120): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const userKey = (v: string | null | undefined): string[] => (v ? [v.toLowerCase()] : []);

type Range = { from: number; to: number };
/** A point or span overlaps the visible range (end exclusive). */
const overlaps = (r: Range, start: number, end: number | null) => start < r.to && (end ?? start) >= r.from;

type SignInFacts = { user: string | null; outcome: string; ip: string | null; app: string | null };

function signInLabel(prefix: string, f: SignInFacts | undefined): string {
  if (!f) return prefix;
  return oneLine(`${prefix} · ${f.user ?? 'no user'} · ${f.ip ?? 'no IP'} · ${f.app ?? ''} (${f.outcome})`);
}

type AnnotatedRow = SignInFacts & { id: string; t: number; kind: 'tag' | 'bookmark' | 'note'; value: string | null };

/**
 * The live annotations on sign-ins in the range, each with its sign-in's time, user, outcome, IP and
 * app, in one pass: one index seek per annotated sign-in. (Reading the annotations first, then the
 * sign-ins' facts by id, seeks every sign-in twice; on 1M sign-ins with 4,800 annotated that was
 * most of the lanes' time.) The same rows as case/annotations.ts annotatedSignIns, which the report uses.
 */
function annotatedInRange(db: CaseDb, kinds: string[], range: Range): AnnotatedRow[] {
  return db
    .prepare(
      `SELECT a.target AS id, s.created_ms AS t, a.kind, a.value, coalesce(s.user_upn, s.user_id) AS user, s.outcome, s.ip, s.app_name AS app
       FROM annotations a JOIN signins s ON s.id = a.target
       WHERE a.target_kind = 'signin' AND a.removed_at IS NULL AND a.kind IN (SELECT value FROM json_each(@kinds))
         AND s.created_ms >= @from AND s.created_ms < @to
       ORDER BY s.created_ms, a.id LIMIT 100000`,
    )
    .all({ kinds: JSON.stringify(kinds), from: range.from, to: range.to }) as AnnotatedRow[];
}

/** Tagged, bookmarked and noted sign-ins: one item per sign-in per lane, its annotations combined. */
function annotationLanes(db: CaseDb, range: Range, wanted: Set<TimelineLane>): Map<TimelineLane, TimelineItem[]> {
  const out = new Map<TimelineLane, TimelineItem[]>();
  const kinds = (['tag', 'bookmark', 'note'] as const).filter((k) => wanted.has(k === 'tag' ? 'tagged' : k));
  if (!kinds.length) return out;
  const by = new Map<string, { lane: TimelineLane; row: AnnotatedRow; values: string[] }>();
  for (const a of annotatedInRange(db, [...kinds], range)) {
    const lane: TimelineLane = a.kind === 'tag' ? 'tagged' : a.kind;
    const key = `${lane}:${a.id}`;
    const entry = by.get(key) ?? { lane, row: a, values: [] };
    if (a.value !== null && !entry.values.includes(a.value)) entry.values.push(a.value);
    by.set(key, entry);
  }
  for (const [key, { lane, row, values }] of by) {
    const prefix = lane === 'tagged' ? values.join(', ') : lane === 'bookmark' ? 'Bookmarked' : `Note: ${oneLine(values.join(' | '), 60)}`;
    const list = out.get(lane) ?? [];
    list.push({ lane, key, startMs: row.t, endMs: null, label: signInLabel(prefix, row), users: userKey(row.user), level: row.outcome, ref: { kind: 'signin', id: row.id } });
    out.set(lane, list);
  }
  return out;
}

/** Findings (every one, suppressed and stale included: the timeline hides nothing). */
function findingItems(db: CaseDb, range: Range): { findings: TimelineItem[]; notes: TimelineItem[] } {
  const { findings } = listFindings(db, { includeSuppressed: true, includeStale: true }, metaOf());
  const byId = new Map(findings.map((f) => [f.id, f]));
  const items: TimelineItem[] = [];
  for (const f of findings) {
    const start = Date.parse(f.start);
    const end = Date.parse(f.end);
    if (!overlaps(range, start, end)) continue;
    items.push({ lane: 'finding', key: `finding:${f.id}`, startMs: start, endMs: end, label: oneLine(f.title), users: f.users.map((u) => u.toLowerCase()), level: f.severity, ref: { kind: 'finding', id: f.id } });
  }
  items.sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key));
  // Notes on findings sit at their finding's start.
  const notes: TimelineItem[] = [];
  for (const a of listAnnotations(db, { targetKind: 'finding', kind: 'note', limit: 100_000 }).annotations) {
    const f = byId.get(a.target);
    if (!f || !overlaps(range, Date.parse(f.start), null)) continue;
    notes.push({ lane: 'note', key: `note:${a.id}`, startMs: Date.parse(f.start), endMs: null, label: oneLine(`Note on finding: ${a.value ?? ''}`), users: f.users.map((u) => u.toLowerCase()), level: null, ref: { kind: 'finding', id: f.id } });
  }
  return { findings: items, notes };
}

/** Each evidence file's span: its first to its last sign-in (seeks on the signins_evidence index). */
function evidenceItems(db: CaseDb, range: Range): TimelineItem[] {
  // min and max apart: each is then one seek on the index (together they scan the evidence's whole range).
  const lo = db.prepare('SELECT min(created_ms) FROM signins WHERE src_evidence = ? AND type = ?').pluck();
  const hi = db.prepare('SELECT max(created_ms) FROM signins WHERE src_evidence = ? AND type = ?').pluck();
  const span = { get: (id: number, type: string) => ({ lo: lo.get(id, type) as number | null, hi: hi.get(id, type) as number | null }) };
  const items: TimelineItem[] = [];
  for (const e of listEvidence(db)) {
    if (e.source === 'graph') continue; // drawn from its collection run instead
    let first = Infinity;
    let last = -Infinity;
    for (const t of SIGN_IN_TYPES) {
      const r = span.get(e.id, t);
      if (r.lo !== null && r.hi !== null) {
        first = Math.min(first, r.lo);
        last = Math.max(last, r.hi);
      }
    }
    if (first === Infinity || !overlaps(range, first, last)) continue;
    items.push({ lane: 'evidence', key: `evidence:${e.id}`, startMs: first, endMs: last, label: oneLine(`${e.name} (${e.inserted.toLocaleString('en-US')} new of ${e.records.toLocaleString('en-US')} records, imported ${e.importedAt})`), users: [], level: null, ref: { kind: 'evidence', id: e.id } });
  }
  return items;
}

/** Each Graph collection run: the range it asked for. */
function collectionItems(db: CaseDb, range: Range): TimelineItem[] {
  const runs = db.prepare('SELECT id, status, query, records, started_at AS startedAt FROM collect_runs ORDER BY id').all() as { id: number; status: string; query: string; records: number; startedAt: string }[];
  const items: TimelineItem[] = [];
  for (const r of runs) {
    let q: { from?: string; to?: string; types?: string[] } = {};
    try {
      q = JSON.parse(r.query) as typeof q;
    } catch {
      continue;
    }
    const start = Date.parse(q.from ?? '');
    const end = Date.parse(q.to ?? '');
    if (Number.isNaN(start) || Number.isNaN(end) || !overlaps(range, start, end)) continue;
    items.push({
      lane: 'collection', key: `collection:${r.id}`, startMs: start, endMs: end,
      label: oneLine(`Collection ${r.id} (${r.status}, ${r.records.toLocaleString('en-US')} records, started ${r.startedAt})`), users: [], level: r.status, ref: { kind: 'collection', id: r.id },
    });
  }
  return items;
}

/** The other Graph sources, in time order within the range (time index on each table). */
function otherSourceItems(db: CaseDb, lane: 'directoryAudit' | 'riskDetection' | 'riskyUser', range: Range, limit: number): { items: TimelineItem[]; more: number } {
  const sql = {
    directoryAudit: `SELECT pk, time_ms AS t, activity AS a, result AS level, category AS b, initiated_by AS u FROM directory_audits`,
    riskDetection: `SELECT pk, time_ms AS t, risk_event AS a, risk_level AS level, ip AS b, user_upn AS u FROM risk_detections`,
    riskyUser: `SELECT pk, time_ms AS t, risk_state AS a, risk_level AS level, risk_detail AS b, user_upn AS u FROM risky_users`,
  }[lane];
  const rows = db.prepare(`${sql} WHERE t >= ? AND t < ? ORDER BY t LIMIT ?`).all(range.from, range.to, limit + 1) as { pk: number; t: number; a: string | null; level: string | null; b: string | null; u: string | null }[];
  const more = rows.length > limit ? (db.prepare(`SELECT count(*) FROM (${sql} WHERE t >= ? AND t < ?)`).pluck().get(range.from, range.to) as number) - limit : 0;
  const word = { directoryAudit: 'Audit', riskDetection: 'Risk', riskyUser: 'Risky user' }[lane];
  const items = rows.slice(0, limit).map((r): TimelineItem => {
    // initiated_by of a directory audit is a UPN or an app name: only a UPN groups by user.
    const user = r.u && (lane !== 'directoryAudit' || r.u.includes('@')) ? r.u.toLowerCase() : null;
    return {
      lane, key: `${lane}:${r.pk}`, startMs: r.t, endMs: null,
      label: oneLine(`${word}: ${r.a ?? '(none)'}${r.level ? ` (${r.level})` : ''}${r.b ? ` · ${r.b}` : ''}${r.u ? ` · ${r.u}` : ''}`),
      users: user ? [user] : [], level: r.level, ref: { kind: lane, id: r.pk },
    };
  });
  return { items, more };
}

/** Which lanes hold anything in this case (an empty lane is not drawn). */
function lanesWithData(db: CaseDb): TimelineLane[] {
  const any = (sql: string) => db.prepare(sql).pluck().get() !== undefined;
  const has: Record<TimelineLane, () => boolean> = {
    finding: () => any('SELECT 1 FROM findings LIMIT 1'),
    tagged: () => any(`SELECT 1 FROM annotations WHERE target_kind = 'signin' AND kind = 'tag' AND removed_at IS NULL LIMIT 1`),
    bookmark: () => any(`SELECT 1 FROM annotations WHERE target_kind = 'signin' AND kind = 'bookmark' AND removed_at IS NULL LIMIT 1`),
    note: () => any(`SELECT 1 FROM annotations WHERE target_kind IN ('signin', 'finding') AND kind = 'note' AND removed_at IS NULL LIMIT 1`),
    evidence: () => any(`SELECT 1 FROM evidence WHERE source = 'file' LIMIT 1`),
    collection: () => any('SELECT 1 FROM collect_runs LIMIT 1'),
    directoryAudit: () => any('SELECT 1 FROM directory_audits LIMIT 1'),
    riskDetection: () => any('SELECT 1 FROM risk_detections LIMIT 1'),
    riskyUser: () => any('SELECT 1 FROM risky_users WHERE time_ms IS NOT NULL LIMIT 1'),
  };
  return ALL_LANES.filter((l) => has[l]());
}

export function timelineItems(db: CaseDb, q: ItemsQuery): TimelineItems {
  const range: Range = { from: q.fromMs ?? 0, to: q.toMs ?? 8_640_000_000_000_000 };
  const lanes = lanesWithData(db);
  const wanted = new Set((q.lanes ?? ALL_LANES).filter((l) => lanes.includes(l)));
  const byLane = new Map<TimelineLane, TimelineItem[]>();
  const truncated: Record<string, number> = {};
  const add = (lane: TimelineLane, items: TimelineItem[]) => byLane.set(lane, [...(byLane.get(lane) ?? []), ...items]);

  if (wanted.has('finding') || wanted.has('note')) {
    const f = findingItems(db, range);
    if (wanted.has('finding')) add('finding', f.findings);
    if (wanted.has('note')) add('note', f.notes);
  }
  for (const [lane, items] of annotationLanes(db, range, wanted)) add(lane, items);
  if (wanted.has('evidence')) add('evidence', evidenceItems(db, range));
  if (wanted.has('collection')) add('collection', collectionItems(db, range));
  for (const lane of ['directoryAudit', 'riskDetection', 'riskyUser'] as const) {
    if (!wanted.has(lane)) continue;
    const { items, more } = otherSourceItems(db, lane, range, q.limit);
    add(lane, items);
    if (more > 0) truncated[lane] = more;
  }

  const items: TimelineItem[] = [];
  for (const lane of ALL_LANES) {
    const list = (byLane.get(lane) ?? []).sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key));
    if (list.length > q.limit && truncated[lane] === undefined) truncated[lane] = list.length - q.limit;
    items.push(...list.slice(0, q.limit));
  }
  return { items, lanes, truncated };
}
