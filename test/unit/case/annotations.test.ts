// Annotations on a real case: tags, notes and bookmarks on sign-ins (one or a selection), findings,
// users and IPs; removal keeps the history; each change is on the audit trail with the analyst; the
// tag and bookmarked filters select the same sign-ins in the contract, the CLI and the REST API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilterParams } from '../../../main/case/filter-params';
import { addAnnotations, annotatedSignIns, annotationSummaries, editNote, listAnnotations, removeAnnotations, tagCounts } from '../../../main/case/annotations';
import { setCaseDetails } from '../../../main/case/details';
import { CaseSession } from '../../../main/case/session';
import { countSignIns } from '../../../main/case/signins';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { importFiles } from '../../../main/ingest/import';
import { startServer, type RunningServer } from '../../../main/server/server';
import { runSightline, sample, tempDir } from '../helpers';

const lab = sample('sentinel-training-lab/sign-in_adelete.csv');

function freshCase() {
  const dir = tempDir();
  const file = path.join(dir, 'case.sightline');
  return { dir, file, session: CaseSession.open(file) };
}

type Row = { id: string; user_upn: string | null; ip: string | null };

async function labCase() {
  const c = freshCase();
  await importFiles(c.session.db, [lab]);
  const rows = c.session.db.prepare('SELECT id, user_upn, ip FROM signins ORDER BY created_ms, pk').all() as Row[];
  return { ...c, rows };
}

const audits = (s: CaseSession) => (s.db.prepare(`SELECT analyst, detail FROM audit WHERE action = 'annotate' ORDER BY id`).all() as { analyst: string; detail: string }[]).map((a) => ({ ...a, detail: JSON.parse(a.detail) as Record<string, unknown> }));

describe('annotations', () => {
  it('tags a selection once (lower-cased), skips repeats, and records each change with the analyst', async () => {
    const { session, rows } = await labCase();
    setCaseDetails(session.db, { analyst: 'Dana Analyst' });
    const ids = rows.slice(0, 3).map((r) => r.id);
    expect(addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: ids, value: '  Suspicious ' })).toMatchObject({ added: 3, skipped: 0 });
    expect(addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: [...ids, rows[3]!.id], value: 'SUSPICIOUS' })).toMatchObject({ added: 1, skipped: 3 });
    const [s0] = annotationSummaries(session.db, 'signin', [ids[0]!]);
    expect(s0).toEqual({ targetKind: 'signin', target: ids[0], tags: ['suspicious'], notes: [], bookmarked: false });
    const a = audits(session);
    expect(a).toHaveLength(2);
    expect(a[0]).toMatchObject({ analyst: 'Dana Analyst', detail: { op: 'add', kind: 'tag', targetKind: 'signin', value: 'suspicious', count: 3, targets: ids } });
    expect(listAnnotations(session.db, { kind: 'tag' }).annotations.every((x) => x.analyst === 'Dana Analyst')).toBe(true);
  });

  it('removing keeps the history; a note edit keeps the old text; bookmarks toggle', async () => {
    const { session, rows } = await labCase();
    const id = rows[0]!.id;
    addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: [id], value: 'benign' });
    addAnnotations(session.db, { kind: 'bookmark', targetKind: 'signin', targets: [id] });
    const { ids: [noteId] } = addAnnotations(session.db, { kind: 'note', targetKind: 'signin', targets: [id], value: 'first look: <b>odd</b> UA' });
    expect(removeAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: [id], value: 'Benign' })).toEqual({ removed: 1 });
    expect(removeAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: [id], value: 'benign' })).toEqual({ removed: 0 });
    const edited = editNote(session.db, noteId!, 'second look: password spray source');
    expect(edited).toMatchObject({ kind: 'note', value: 'second look: password spray source', removedAt: null });
    removeAnnotations(session.db, { kind: 'bookmark', targetKind: 'signin', targets: [id] });
    const [now] = annotationSummaries(session.db, 'signin', [id]);
    expect(now).toMatchObject({ tags: [], bookmarked: false, notes: [{ id: edited.id, text: 'second look: password spray source' }] });
    // Nothing was deleted: five rows (tag, bookmark, note, edited note) with removal stamps on three.
    const history = listAnnotations(session.db, { targetKind: 'signin', targets: [id], includeRemoved: true }).annotations;
    expect(history).toHaveLength(4);
    expect(history.filter((h) => h.removedAt !== null).map((h) => h.kind).sort()).toEqual(['bookmark', 'note', 'tag']);
    expect(history.find((h) => h.id === noteId)?.value).toBe('first look: <b>odd</b> UA');
    expect(session.db.prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(4);
    expect(audits(session).map((x) => x.detail['op'])).toEqual(['add', 'add', 'add', 'remove', 'edit', 'remove']);
    expect(() => editNote(session.db, noteId!, 'again')).toThrow(/was removed/);
  });

  it('users, IPs and findings are annotated too; an unknown sign-in id is refused', async () => {
    const { session, rows } = await labCase();
    const withUser = rows.find((r) => r.user_upn)!;
    addAnnotations(session.db, { kind: 'tag', targetKind: 'user', targets: [withUser.user_upn!.toUpperCase()], value: 'compromised' });
    addAnnotations(session.db, { kind: 'note', targetKind: 'ip', targets: ['175.45.176.99'], value: 'known spray IP' });
    // A finding (the agreed 0004 shape; the table is made here if the detections migration is not in this build).
    if (!session.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'findings'`).get()) {
      session.db.exec(`CREATE TABLE findings (id TEXT PRIMARY KEY, detection TEXT, detection_version INTEGER, severity TEXT, title TEXT, explanation TEXT, users TEXT, ips TEXT,
        start_ms INTEGER, end_ms INTEGER, params TEXT, facts TEXT, triage TEXT, triage_note TEXT)`);
    }
    session.db
      .prepare(`INSERT INTO findings (id, detection, detection_version, severity, title, explanation, users, ips, start_ms, end_ms, params, facts, triage, triage_note)
                VALUES ('finding-1', 'password-spray', 1, 'high', 't', 'e', '[]', '[]', 0, 1, '{}', '{}', 'open', NULL)`)
      .run();
    addAnnotations(session.db, { kind: 'tag', targetKind: 'finding', targets: ['finding-1'], value: 'attacker-infrastructure' });
    expect(() => addAnnotations(session.db, { kind: 'note', targetKind: 'finding', targets: ['finding-404'], value: 'x' })).toThrow(/no finding with id finding-404/);
    expect(annotationSummaries(session.db, 'user', [withUser.user_upn!])[0]!.tags).toEqual(['compromised']);
    expect(() => addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: ['no-such-id'], value: 'x' })).toThrow(/no sign-in with id no-such-id/);
    expect(tagCounts(session.db).slice(0, 4).map((t) => t.value)).toEqual(['suspicious', 'compromised', 'benign', 'attacker-infrastructure']);
    expect(tagCounts(session.db).find((t) => t.value === 'compromised')).toEqual({ value: 'compromised', count: 1, preset: true });
  });

  it('annotatedSignIns lists live annotations of sign-ins in the case, oldest sign-in first (timeline/report API)', async () => {
    const { session, rows } = await labCase();
    addAnnotations(session.db, { kind: 'bookmark', targetKind: 'signin', targets: [rows[5]!.id, rows[1]!.id] });
    addAnnotations(session.db, { kind: 'note', targetKind: 'signin', targets: [rows[2]!.id], value: 'n' });
    const list = annotatedSignIns(session.db);
    expect(list.map((l) => l.signInId)).toEqual([rows[1]!.id, rows[2]!.id, rows[5]!.id]);
    expect(list[0]!.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(annotatedSignIns(session.db, ['note']).map((l) => l.kind)).toEqual(['note']);
  });
});

describe('the tag and bookmarked filters', () => {
  it('--tag matches tags on the sign-in, its user or its IP, any case; * is any tag; removed tags do not count', async () => {
    const { session, rows } = await labCase();
    const count = (params: Record<string, string>) => countSignIns(session.db, parseFilterParams(params));
    const upn = rows.find((r) => r.user_upn)!.user_upn!;
    const ip = rows.find((r) => r.ip && rows.filter((x) => x.ip === r.ip).length > 1)!.ip!;
    const direct = rows.slice(0, 2).map((r) => r.id);
    addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: direct, value: 'suspicious' });
    addAnnotations(session.db, { kind: 'tag', targetKind: 'user', targets: [upn], value: 'compromised' });
    addAnnotations(session.db, { kind: 'tag', targetKind: 'ip', targets: [ip], value: 'attacker-infrastructure' });
    const byUser = rows.filter((r) => r.user_upn === upn);
    const byIp = rows.filter((r) => r.ip === ip);
    expect(count({ tag: 'SUSPICIOUS' })).toBe(2);
    expect(count({ tag: 'compromised' })).toBe(byUser.length);
    expect(count({ tag: 'attacker-infrastructure' })).toBe(byIp.length);
    const union = new Set([...direct, ...byUser.map((r) => r.id), ...byIp.map((r) => r.id)]);
    expect(count({ tag: 'suspicious,compromised,attacker-infrastructure' })).toBe(union.size);
    expect(count({ tag: '*' })).toBe(union.size);
    expect(count({ tag: 'benign' })).toBe(0);
    removeAnnotations(session.db, { kind: 'tag', targetKind: 'user', targets: [upn], value: 'compromised' });
    expect(count({ tag: 'compromised' })).toBe(0);
    // Combined with other filters (AND).
    expect(count({ tag: 'attacker-infrastructure', status: 'success' })).toBe(
      countSignIns(session.db, parseFilterParams({ ip, status: 'success' })),
    );
  });

  it('--bookmarked yes/no splits the case', async () => {
    const { session, rows } = await labCase();
    addAnnotations(session.db, { kind: 'bookmark', targetKind: 'signin', targets: [rows[0]!.id, rows[7]!.id] });
    expect(countSignIns(session.db, parseFilterParams({ bookmarked: 'yes' }))).toBe(2);
    expect(countSignIns(session.db, parseFilterParams({ bookmarked: 'no' }))).toBe(rows.length - 2);
  });

  describe('the same in the CLI and the REST API', () => {
    let c: Awaited<ReturnType<typeof labCase>>;
    let server: RunningServer;
    beforeAll(async () => {
      // A folder of its own: tempDir() folders go after each test, and the CLI runs in this one.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-annotations-'));
      const file = path.join(dir, 'case.sightline');
      const session = CaseSession.open(file);
      await importFiles(session.db, [lab]);
      c = { dir, file, session, rows: session.db.prepare('SELECT id, user_upn, ip FROM signins ORDER BY created_ms, pk').all() as Row[] };
      c.session.close();
      const rendererDir = path.join(c.dir, 'renderer');
      fs.mkdirSync(rendererDir);
      fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
      server = await startServer({ casePath: c.file, rendererDir });
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      fs.rmSync(c.dir, { recursive: true, force: true });
    });

    it('sightline tag, then query --tag, REST ?tag=, annotations --all', async () => {
      const ip = c.rows.find((r) => r.ip)!.ip!;
      const tagged = await runSightline(['tag', c.file, 'attacker-infrastructure', '--target-ip', ip, '--json'], c.dir);
      expect(tagged.code, tagged.stderr).toBe(0);
      expect(JSON.parse(tagged.stdout)).toEqual({ tag: 'attacker-infrastructure', targetKind: 'ip', targets: 1, changed: 1 });
      const byFilter = await runSightline(['tag', c.file, 'suspicious', '--status', 'failure', '--json'], c.dir);
      expect(byFilter.code, byFilter.stderr).toBe(0);
      const failures = JSON.parse(byFilter.stdout).targets as number;
      expect(failures).toBeGreaterThan(0);
      const q = await runSightline(['query', c.file, '--tag', 'suspicious', '--json', '--limit', '1'], c.dir);
      expect(JSON.parse(q.stdout).total).toBe(failures);
      const auth = { authorization: `Bearer ${server.token}` };
      const rest = (await (await fetch(`${server.url}/api/security/sign-in-logs?tag=attacker-infrastructure&limit=1`, { headers: auth })).json()) as { total: number };
      expect(rest.total).toBe(c.rows.filter((r) => r.ip === ip).length);
      const note = await runSightline(['note', c.file, 'looked at this', '--id', c.rows[0]!.id], c.dir);
      expect(note.code, note.stderr).toBe(0);
      const untag = await runSightline(['tag', c.file, 'suspicious', '--remove', '--status', 'failure'], c.dir);
      expect(untag.code, untag.stderr).toBe(0);
      const list = await runSightline(['annotations', c.file, '--all', '--json'], c.dir);
      const page = JSON.parse(list.stdout) as { total: number; annotations: { kind: string; removedAt: string | null }[] };
      expect(page.total).toBe(1 + failures + 1);
      expect(page.annotations.filter((a) => a.removedAt !== null)).toHaveLength(failures);
      // Through the contract (what the UI calls): a bad tag is a bad request, not a crash.
      const r = await fetch(`${server.url}/rpc/annotations.add`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'tag', targetKind: 'signin', targets: [c.rows[0]!.id], value: '<script>' }) });
      expect(r.status).toBe(400);
    }, 90_000);

    it('usage errors exit 2 with a message', async () => {
      const none = await runSightline(['tag', c.file, 'x'], c.dir);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/name the targets one way/);
      const bad = await runSightline(['tag', c.file, '=cmd|x', '--id', c.rows[0]!.id], c.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/a tag starts with a letter or digit/);
    }, 60_000);
  });
});

describe('the annotation channels', () => {
  it('add, summaries, list, remove through dispatch (what the renderer calls)', async () => {
    const { session, rows } = await labCase();
    const ctx = createHandlerContext({ mode: 'web', emit: () => undefined, session });
    const ids = rows.slice(0, 4).map((r) => r.id);
    expect(await dispatch('annotations.add', { kind: 'tag', targetKind: 'signin', targets: ids, value: 'suspicious' }, ctx)).toEqual({ ok: true, value: { added: 4, skipped: 0 } });
    const sums = await dispatch('annotations.summaries', { targetKind: 'signin', targets: ids }, ctx);
    expect(sums.ok && (sums.value as { tags: string[] }[]).every((s) => s.tags[0] === 'suspicious')).toBe(true);
    expect(await dispatch('annotations.remove', { kind: 'tag', targetKind: 'signin', targets: ids.slice(0, 2), value: 'suspicious' }, ctx)).toEqual({ ok: true, value: { removed: 2 } });
    const listed = await dispatch('annotations.list', { includeRemoved: true }, ctx);
    expect(listed.ok && (listed.value as { total: number }).total).toBe(4);
    expect((await dispatch('annotations.add', { kind: 'note', targetKind: 'signin', targets: ids, value: '' }, ctx)).ok).toBe(false);
  });
});
