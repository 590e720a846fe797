// Annotations: tags, notes and bookmarks on sign-ins, findings, users and IPs (table in 0005).
// Nothing is ever deleted: removing stamps removed_at/removed_by, editing a note removes the old
// row and adds the new text. Every change is one transaction with its `annotate` audit entry.
//
// API for other areas (timeline, report):
//   listAnnotations(db, query)        every annotation (optionally with removed ones), newest first
//   annotationSummaries(db, kind, ids) live tags / notes / bookmark per target
//   tagCounts(db)                      tags in use, presets first
//   annotatedSignIns(db)               live annotations on sign-ins that exist, with the sign-in time
import {
  SightlineError,
  TAG_PRESETS,
  type AddAnnotations,
  type Annotation,
  type AnnotationKind,
  type AnnotationSummary,
  type AnnotationTargetKind,
  type RemoveAnnotations,
} from '../../preload/contract';
import { appendAudit, currentAnalyst } from './audit';
import type { CaseDb } from './db';

type Row = {
  id: number;
  target_kind: AnnotationTargetKind;
  target: string;
  kind: AnnotationKind;
  value: string | null;
  analyst: string;
  created_at: string;
  removed_at: string | null;
  removed_by: string | null;
};

const toAnnotation = (r: Row): Annotation => ({
  id: r.id,
  targetKind: r.target_kind,
  target: r.target,
  kind: r.kind,
  value: r.value,
  analyst: r.analyst,
  createdAt: r.created_at,
  removedAt: r.removed_at,
  removedBy: r.removed_by,
});

/** How a target is written in the table: users by lower-cased UPN (as `signins.user_upn`), others as given. */
export function normalizeTarget(kind: AnnotationTargetKind, target: string): string {
  const t = target.trim();
  return kind === 'user' ? t.toLowerCase() : t;
}

/** Tags compare without case: stored lower-case, with inner runs of spaces collapsed. */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * Sign-in and finding targets must exist (a typo'd id would otherwise annotate nothing, silently).
 * Findings are checked once the detections area's table is in the case.
 */
function assertTargetsExist(db: CaseDb, kind: AnnotationTargetKind, ids: string[]): void {
  const table = kind === 'signin' ? 'signins' : kind === 'finding' ? 'findings' : null;
  if (!table) return;
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(table)) return;
  const check = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck();
  const missing = ids.filter((id) => check.get(id) === undefined);
  if (missing.length) {
    const what = kind === 'signin' ? 'sign-in' : 'finding';
    throw new SightlineError('not-found', `no ${what} with id ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''} in this case`);
  }
}

/**
 * Adds a tag, a note or the bookmark to every target. A tag or bookmark the target already carries
 * is skipped (counted), so tagging a selection twice changes nothing; notes always add.
 */
export function addAnnotations(db: CaseDb, req: AddAnnotations): { added: number; skipped: number; ids: number[] } {
  const targets = unique(req.targets.map((t) => normalizeTarget(req.targetKind, t)));
  const value = req.kind === 'tag' ? normalizeTag(req.value) : req.kind === 'note' ? req.value.trim() : null;
  return db
    .transaction(() => {
      assertTargetsExist(db, req.targetKind, targets);
      const analyst = currentAnalyst(db);
      const now = new Date().toISOString();
      const live = db.prepare('SELECT 1 FROM annotations WHERE target_kind = ? AND target = ? AND kind = ? AND value IS ? AND removed_at IS NULL').pluck();
      const insert = db.prepare('INSERT INTO annotations (target_kind, target, kind, value, analyst, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const ids: number[] = [];
      let skipped = 0;
      for (const target of targets) {
        if (req.kind !== 'note' && live.get(req.targetKind, target, req.kind, value) !== undefined) {
          skipped++;
          continue;
        }
        ids.push(Number(insert.run(req.targetKind, target, req.kind, value, analyst, now).lastInsertRowid));
      }
      if (ids.length) {
        appendAudit(db, 'annotate', { op: 'add', kind: req.kind, targetKind: req.targetKind, value, count: ids.length, targets: targets.slice(0, 100), annotationIds: ids.slice(0, 100) }, analyst);
      }
      return { added: ids.length, skipped, ids };
    })
    .immediate();
}

/** Marks annotations removed (by id, or a tag / the bookmark on targets); the rows stay as history. */
export function removeAnnotations(db: CaseDb, req: RemoveAnnotations): { removed: number } {
  return db
    .transaction(() => {
      const analyst = currentAnalyst(db);
      const now = new Date().toISOString();
      let rows: Row[];
      if ('ids' in req) {
        const get = db.prepare('SELECT * FROM annotations WHERE id = ?');
        rows = req.ids.map((id) => get.get(id) as Row | undefined).filter((r): r is Row => !!r);
        const unknown = req.ids.length - rows.length;
        if (unknown) throw new SightlineError('not-found', `${unknown} of the annotations to remove do not exist`);
        rows = rows.filter((r) => r.removed_at === null);
      } else {
        const value = req.kind === 'tag' ? (req.value === undefined ? undefined : normalizeTag(req.value)) : null;
        if (req.kind === 'tag' && value === undefined) throw new SightlineError('bad-request', 'name the tag to remove');
        const find = db.prepare('SELECT * FROM annotations WHERE target_kind = ? AND target = ? AND kind = ? AND value IS ? AND removed_at IS NULL');
        rows = unique(req.targets.map((t) => normalizeTarget(req.targetKind, t))).flatMap((t) => find.all(req.targetKind, t, req.kind, value) as Row[]);
      }
      const mark = db.prepare('UPDATE annotations SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL');
      let removed = 0;
      for (const r of rows) removed += mark.run(now, analyst, r.id).changes;
      if (removed) {
        const first = rows[0]!;
        appendAudit(
          db,
          'annotate',
          {
            op: 'remove',
            kind: rows.every((r) => r.kind === first.kind) ? first.kind : 'mixed',
            targetKind: rows.every((r) => r.target_kind === first.target_kind) ? first.target_kind : 'mixed',
            value: rows.every((r) => r.value === first.value) ? first.value : null,
            count: removed,
            targets: unique(rows.map((r) => r.target)).slice(0, 100),
            annotationIds: rows.map((r) => r.id).slice(0, 100),
          },
          analyst,
        );
      }
      return { removed };
    })
    .immediate();
}

/** A note's new text: the old row is marked removed and a new one added (both kept). */
export function editNote(db: CaseDb, id: number, text: string): Annotation {
  return db
    .transaction(() => {
      const old = db.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as Row | undefined;
      if (!old || old.kind !== 'note') throw new SightlineError('not-found', `no note with id ${id}`);
      if (old.removed_at !== null) throw new SightlineError('bad-request', `note ${id} was removed; add a new note instead`);
      const analyst = currentAnalyst(db);
      const now = new Date().toISOString();
      db.prepare('UPDATE annotations SET removed_at = ?, removed_by = ? WHERE id = ?').run(now, analyst, id);
      const newId = Number(
        db.prepare('INSERT INTO annotations (target_kind, target, kind, value, analyst, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(old.target_kind, old.target, 'note', text.trim(), analyst, now)
          .lastInsertRowid,
      );
      appendAudit(db, 'annotate', { op: 'edit', kind: 'note', targetKind: old.target_kind, targets: [old.target], replaced: id, annotationIds: [newId], count: 1 }, analyst);
      return toAnnotation(db.prepare('SELECT * FROM annotations WHERE id = ?').get(newId) as Row);
    })
    .immediate();
}

export type AnnotationListQuery = {
  targetKind?: AnnotationTargetKind;
  targets?: string[];
  kind?: AnnotationKind;
  includeRemoved?: boolean;
  limit?: number;
  offset?: number;
};

export function listAnnotations(db: CaseDb, q: AnnotationListQuery = {}): { total: number; annotations: Annotation[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (q.targetKind) {
    clauses.push('target_kind = ?');
    params.push(q.targetKind);
  }
  if (q.targets?.length) {
    const targets = unique(q.targets.map((t) => (q.targetKind ? normalizeTarget(q.targetKind, t) : t.trim())));
    clauses.push(`target IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(targets));
  }
  if (q.kind) {
    clauses.push('kind = ?');
    params.push(q.kind);
  }
  if (!q.includeRemoved) clauses.push('removed_at IS NULL');
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const total = db.prepare(`SELECT count(*) FROM annotations ${where}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT * FROM annotations ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, q.limit ?? 1000, q.offset ?? 0) as Row[];
  return { total, annotations: rows.map(toAnnotation) };
}

/** The live tags, notes and bookmark of each target, in the order asked (targets without any included). */
export function annotationSummaries(db: CaseDb, targetKind: AnnotationTargetKind, targets: string[]): AnnotationSummary[] {
  const keys = unique(targets.map((t) => normalizeTarget(targetKind, t)));
  const rows = db
    .prepare(
      `SELECT * FROM annotations WHERE target_kind = ? AND target IN (SELECT value FROM json_each(?)) AND removed_at IS NULL ORDER BY id DESC`,
    )
    .all(targetKind, JSON.stringify(keys)) as Row[];
  const by = new Map<string, AnnotationSummary>(keys.map((k) => [k, { targetKind, target: k, tags: [], notes: [], bookmarked: false }]));
  for (const r of rows) {
    const s = by.get(r.target)!;
    if (r.kind === 'tag' && r.value !== null && !s.tags.includes(r.value)) s.tags.push(r.value);
    else if (r.kind === 'note' && r.value !== null) s.notes.push({ id: r.id, text: r.value, analyst: r.analyst, createdAt: r.created_at });
    else if (r.kind === 'bookmark') s.bookmarked = true;
  }
  for (const s of by.values()) s.tags.sort();
  return [...by.values()];
}

/** Tags in use (live) with how many targets carry them; the presets always listed, first. */
export function tagCounts(db: CaseDb): { value: string; count: number; preset: boolean }[] {
  const rows = db.prepare(`SELECT value, count(*) AS count FROM annotations WHERE kind = 'tag' AND removed_at IS NULL GROUP BY value ORDER BY count DESC, value`).all() as { value: string; count: number }[];
  const counts = new Map(rows.map((r) => [r.value, r.count]));
  const presets = TAG_PRESETS.map((value) => ({ value, count: counts.get(value) ?? 0, preset: true }));
  const free = rows.filter((r) => !(TAG_PRESETS as readonly string[]).includes(r.value)).map((r) => ({ ...r, preset: false }));
  return [...presets, ...free];
}

export type AnnotatedSignIn = { signInId: string; createdDateTime: string; kind: AnnotationKind; value: string | null; analyst: string; createdAt: string; annotationId: number };

/** Live annotations on sign-ins that are in the case, oldest sign-in first (timeline lanes, report tables). */
export function annotatedSignIns(db: CaseDb, kinds: AnnotationKind[] = ['tag', 'note', 'bookmark'], limit = 100_000): AnnotatedSignIn[] {
  return (
    db
      .prepare(
        `SELECT a.id, a.target, a.kind, a.value, a.analyst, a.created_at, s.created_ms FROM annotations a JOIN signins s ON s.id = a.target
         WHERE a.target_kind = 'signin' AND a.removed_at IS NULL AND a.kind IN (SELECT value FROM json_each(?)) ORDER BY s.created_ms, a.id LIMIT ?`,
      )
      .all(JSON.stringify(kinds), limit) as { id: number; target: string; kind: AnnotationKind; value: string | null; analyst: string; created_at: string; created_ms: number }[]
  ).map((r) => ({ signInId: r.target, createdDateTime: new Date(r.created_ms).toISOString(), kind: r.kind, value: r.value, analyst: r.analyst, createdAt: r.created_at, annotationId: r.id }));
}
