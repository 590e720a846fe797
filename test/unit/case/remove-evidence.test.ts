// Removing evidence: the case afterwards must be exactly the case that never imported it. Each
// scenario builds a case from several real-format files, removes one, and compares it with a fresh
// case importing only the others (same order): every sign-in's canonical record, its superseded
// versions, its provenance, the search index and the users lookup. Plus: refusal leaves nothing
// changed, per-sign-in tables lose their rows, collections take their pages, and it is audited.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { addAnnotations } from '../../../main/case/annotations';
import { CaseSession } from '../../../main/case/session';
import { getSignIn } from '../../../main/case/signins';
import { previewRemoval, removeEvidence } from '../../../main/case/remove-evidence';
import { collect } from '../../../main/collect/collector';
import { Limiter } from '../../../main/collect/limiter';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { virtualClock } from '../../support/clock';
import { FROM, NOW, fakeGraph, loopbackTransport, request, tokenSource, DAY } from '../collect/util';
import { sample, tempDir } from '../helpers';

type Snapshot = {
  signIns: Record<string, { signIn: unknown; versions: unknown[]; provenance: string[] }>;
  users: string[];
  fts: number[];
  pks: number[];
};

/** Everything about a case's sign-ins that must not depend on which evidence was removed. */
async function snapshot(s: CaseSession): Promise<Snapshot> {
  const ids = s.db.prepare('SELECT id FROM signins ORDER BY id').pluck().all() as string[];
  const signIns: Snapshot['signIns'] = {};
  for (const id of ids) {
    const d = await getSignIn(s.db, id);
    signIns[id] = {
      signIn: d.signIn,
      versions: d.versions.map((v) => v.signIn),
      provenance: d.provenance.map((p) => `${p.evidenceName}:${p.line}:${p.recordIndex}:${p.current}`).sort(),
    };
  }
  const users = (s.db.prepare('SELECT upn, display FROM users ORDER BY 1, 2').all() as { upn: string; display: string }[]).map((u) => `${u.upn}|${u.display}`);
  // Every indexed row is a sign-in and every sign-in is indexed.
  const fts = s.db.prepare('SELECT rowid FROM signins_fts').pluck().all() as number[];
  const pks = s.db.prepare('SELECT pk FROM signins ORDER BY pk').pluck().all() as number[];
  return { signIns, users, fts: [...new Set(fts)].sort((a, b) => a - b), pks };
}

/** A fresh case from these files, in this order. */
async function fresh(dir: string, files: string[]): Promise<CaseSession> {
  const s = CaseSession.open(path.join(dir, `fresh-${Math.random().toString(36).slice(2)}.sightline`));
  const r = await importFiles(s.db, files);
  expect(r.totals.rejectedFiles).toBe(0);
  return s;
}

function evidenceId(s: CaseSession, name: string): number {
  return s.db.prepare('SELECT id FROM evidence WHERE name = ?').pluck().get(name) as number;
}

/** A generated portal export cut into two overlapping files, and a third changing a few records of the overlap. */
function overlappingCsv(dir: string) {
  const gen = path.join(dir, 'gen');
  generate({ out: gen, users: 12, days: 3, rows: 400, seed: 11, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  const file = fs.readdirSync(gen).find((f) => f.startsWith('InteractiveSignIns'))!;
  const text = fs.readFileSync(path.join(gen, file), 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const write = (name: string, body: string[][]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, '\uFEFF' + Papa.unparse([header!, ...body], { newline: '\r\n' }));
    return p;
  };
  const cut = Math.floor(rows.length * 0.6);
  const from = Math.floor(rows.length * 0.4);
  const a = write('a.csv', rows.slice(0, cut));
  const b = write('b.csv', rows.slice(from));
  // c.csv: five records of the overlap with a changed user agent (same request ids): newer versions.
  const ua = header!.indexOf('User agent');
  const changed = rows.slice(from, from + 5).map((r) => r.map((cell, i) => (i === ua ? `${cell} (changed)` : cell)));
  const c = write('c.csv', changed);
  return { a, b, c, overlap: cut - from, all: rows.length };
}

describe('removing file evidence equals never having imported it', () => {
  const cases = [
    // a, b overlap (duplicates); c supersedes five records of the overlap.
    { remove: 'a.csv', classes: 'rebuild (b re-read from disk), delete, strip' },
    { remove: 'b.csv', classes: 'strip (sightings and versions), delete' },
    { remove: 'c.csv', classes: 'rebuild from a stored version and re-read sightings of b' },
  ];
  for (const { remove, classes } of cases) {
    it(`remove ${remove}: ${classes}`, async () => {
      const dir = tempDir();
      const f = overlappingCsv(dir);
      const order = [f.a, f.b, f.c];
      const s = CaseSession.open(path.join(dir, 'case.sightline'));
      const r = await importFiles(s.db, order);
      expect(r.files.map((x) => [x.inserted, x.updated, x.duplicates])).toEqual([
        [Math.floor(f.all * 0.6), 0, 0],
        [f.all - Math.floor(f.all * 0.6), 0, f.overlap],
        [0, 5, 0],
      ]);
      const id = evidenceId(s, remove);
      const preview = previewRemoval(s.db, id);
      const removed = await removeEvidence(s.db, id);
      expect(removed).toMatchObject({ ...preview, ms: expect.any(Number) });
      const expected = await fresh(dir, order.filter((p) => path.basename(p) !== remove));
      const [got, want] = [await snapshot(s), await snapshot(expected)];
      expect(Object.keys(got.signIns).length).toBe(Object.keys(want.signIns).length);
      expect(got.signIns).toEqual(want.signIns);
      expect(got.users).toEqual(want.users);
      expect(got.fts).toEqual(got.pks);
      expect(Object.keys(got.signIns).length).toBe(f.all - removed.signInsRemoved);
      expect(s.db.prepare('SELECT count(*) FROM evidence WHERE id = ?').pluck().get(id)).toBe(0);
      // Nothing points at the removed evidence any more; the schema's foreign keys all hold.
      expect(s.db.pragma('foreign_key_check')).toEqual([]);
      expect(s.db.prepare('SELECT count(*) FROM signin_versions WHERE src_evidence = ?').pluck().get(id)).toBe(0);
      expect(s.db.prepare('SELECT count(*) FROM signin_sources WHERE evidence_id = ?').pluck().get(id)).toBe(0);
      const audit = s.db.prepare(`SELECT detail FROM audit WHERE action = 'evidence.remove'`).pluck().all() as string[];
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!)).toMatchObject({ evidenceId: id, name: remove, signInsRemoved: removed.signInsRemoved, signInsKept: removed.signInsKept });
      s.close();
      expected.close();
    }, 60_000);
  }

  it('the counts say what happened: a.csv alone held 40%, shared 20%', async () => {
    const dir = tempDir();
    const f = overlappingCsv(dir);
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    await importFiles(s.db, [f.a, f.b]);
    const before = s.db.prepare('SELECT count(*) FROM signins').pluck().get() as number;
    const r = await removeEvidence(s.db, evidenceId(s, 'a.csv'));
    expect(r.signInsRemoved).toBe(Math.floor(f.all * 0.4));
    expect(r.signInsKept).toBe(f.overlap);
    expect(r.rereads).toEqual([{ evidenceId: evidenceId(s, 'b.csv'), name: 'b.csv', records: f.overlap, available: true, reason: null }]);
    expect(s.db.prepare('SELECT count(*) FROM signins').pluck().get()).toBe(before - r.signInsRemoved);
    // The kept sign-ins now come from b.csv, with b's lines.
    const kept = s.db.prepare('SELECT DISTINCT src_evidence FROM signins').pluck().all();
    expect(kept).toEqual([evidenceId(s, 'b.csv')]);
    s.close();
  }, 60_000);

  it('cross-format merges: removing either side leaves the other as if alone', async () => {
    const dir = tempDir();
    generate({ out: path.join(dir, 'csv'), users: 8, days: 2, rows: 150, seed: 3, format: 'portal-csv', attacks: [], end: DEFAULT_END });
    generate({ out: path.join(dir, 'json'), users: 8, days: 2, rows: 150, seed: 3, format: 'graph-json', attacks: [], end: DEFAULT_END });
    const csv = fs.readdirSync(path.join(dir, 'csv')).map((n) => path.join(dir, 'csv', n));
    const json = fs.readdirSync(path.join(dir, 'json')).map((n) => path.join(dir, 'json', n));
    for (const removeSide of ['csv', 'json'] as const) {
      const s = CaseSession.open(path.join(dir, `merge-${removeSide}.sightline`));
      await importFiles(s.db, [...csv, ...json]);
      expect(s.db.prepare('SELECT count(*) FROM signins WHERE merged IS NOT NULL').pluck().get()).toBe(150);
      const pksBefore = s.db.prepare('SELECT id, pk FROM signins ORDER BY id').all();
      for (const file of removeSide === 'csv' ? csv : json) await removeEvidence(s.db, evidenceId(s, path.basename(file)));
      const want = await fresh(dir, removeSide === 'csv' ? json : csv);
      expect((await snapshot(s)).signIns).toEqual((await snapshot(want)).signIns);
      // A kept sign-in keeps its pk (other tables refer to it).
      expect(s.db.prepare('SELECT id, pk FROM signins ORDER BY id').all()).toEqual(pksBefore);
      s.close();
      want.close();
    }
  }, 90_000);

  it('a real sample with superseded versions (ciso SigninLogs.csv) removed beside another file', async () => {
    const dir = tempDir();
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    const ciso = sample('ciso-logs-public/SigninLogs.csv');
    const lab = sample('sentinel-training-lab/sign-in_adelete.csv');
    await importFiles(s.db, [lab, ciso]);
    expect(s.db.prepare('SELECT count(*) FROM signin_versions').pluck().get()).toBeGreaterThan(0);
    await removeEvidence(s.db, evidenceId(s, 'SigninLogs.csv'));
    const want = await fresh(dir, [lab]);
    expect(await snapshot(s)).toMatchObject({ signIns: (await snapshot(want)).signIns, users: (await snapshot(want)).users });
    expect(s.db.prepare('SELECT count(*) FROM signin_versions').pluck().get()).toBe(0);
    s.close();
    want.close();
  }, 60_000);
});

describe('removal refuses rather than guesses, and cleans up after itself', () => {
  it('a shared sign-in whose other file is gone: refused, nothing changed', async () => {
    const dir = tempDir();
    const f = overlappingCsv(dir);
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    await importFiles(s.db, [f.a, f.b]);
    const before = await snapshot(s);
    const auditBefore = s.db.prepare('SELECT count(*) FROM audit').pluck().get();
    fs.renameSync(f.b, `${f.b}.moved`);
    const preview = previewRemoval(s.db, evidenceId(s, 'a.csv'));
    expect(preview.rereads[0]).toMatchObject({ name: 'b.csv', available: false, reason: expect.stringContaining('no longer at') });
    await expect(removeEvidence(s.db, evidenceId(s, 'a.csv'))).rejects.toThrow(/cannot remove this evidence.*b\.csv.*Nothing was changed/);
    expect(await snapshot(s)).toEqual(before);
    expect(s.db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(auditBefore);
    expect(s.db.inTransaction).toBe(false);
    // A changed file is refused the same way (its bytes are not the ones imported).
    fs.renameSync(`${f.b}.moved`, f.b);
    fs.appendFileSync(f.b, ' ');
    await expect(removeEvidence(s.db, evidenceId(s, 'a.csv'))).rejects.toThrow(/SHA-256 differs|size differs/);
    expect(await snapshot(s)).toEqual(before);
    s.close();
  }, 60_000);

  it('rows other tables keep per sign-in go with it; annotations stay (by request id) and are counted', async () => {
    const dir = tempDir();
    const f = overlappingCsv(dir);
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    await importFiles(s.db, [f.a, f.b]);
    // A table another area keeps per sign-in (like signin_geo), without ON DELETE CASCADE.
    s.db.exec('CREATE TABLE per_signin_test (signin_pk INTEGER NOT NULL REFERENCES signins (pk), note TEXT)');
    s.db.exec('CREATE INDEX per_signin_test_pk ON per_signin_test (signin_pk)');
    s.db.exec("INSERT INTO per_signin_test SELECT pk, 'x' FROM signins");
    const onlyA = s.db.prepare('SELECT id FROM signins WHERE src_evidence = ? AND NOT EXISTS (SELECT 1 FROM signin_sources x WHERE x.signin_pk = signins.pk) LIMIT 3').pluck().all(evidenceId(s, 'a.csv')) as string[];
    addAnnotations(s.db, { kind: 'tag', targetKind: 'signin', targets: onlyA, value: 'suspicious' });
    const r = await removeEvidence(s.db, evidenceId(s, 'a.csv'));
    expect(r.annotatedSignInsRemoved).toBe(3);
    expect(s.db.prepare('SELECT count(*) FROM per_signin_test').pluck().get()).toBe(s.db.prepare('SELECT count(*) FROM signins').pluck().get());
    expect(s.db.prepare(`SELECT count(*) FROM annotations WHERE removed_at IS NULL`).pluck().get()).toBe(3);
    // Imported again, the sign-ins come back with their tags.
    await importFiles(s.db, [f.a]);
    expect(s.db.prepare(`SELECT count(*) FROM signins WHERE id IN (SELECT target FROM annotations)`).pluck().get()).toBe(3);
    s.close();
  }, 60_000);

  it('an unknown evidence id is not-found', async () => {
    const s = CaseSession.open(path.join(tempDir(), 'case.sightline'));
    await expect(removeEvidence(s.db, 42)).rejects.toMatchObject({ code: 'not-found' });
    s.close();
  });
});

describe('removing a Graph collection', () => {
  it('takes its run, pages and checkpoints; sign-ins another run also fetched stay, rebuilt from that run’s pages', async () => {
    const fake = await fakeGraph();
    const transport = loopbackTransport(fake);
    const dir = tempDir();
    const run = async (s: CaseSession, from: number, to: number) => {
      const clock = virtualClock(NOW);
      // No window is checkpointed (all count as recent), so the second run fetches the overlap again.
      const r = await collect(request({ from, to }), { db: s.db, tokens: tokenSource(fake), transport, clock, limiter: new Limiter({ clock }), settleMs: 365 * DAY });
      expect(r.status).toBe('completed');
      return r.evidenceId!;
    };
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    const first = await run(s, FROM, FROM + 3 * DAY);
    const second = await run(s, FROM + DAY, FROM + 4 * DAY);
    expect(s.db.prepare('SELECT count(*) FROM signin_sources WHERE evidence_id = ?').pluck().get(second)).toBeGreaterThan(0);
    const r = await removeEvidence(s.db, first);
    expect(r.signInsKept).toBeGreaterThan(0);
    expect(r.signInsRemoved).toBeGreaterThan(0);
    expect(r.rereads.map((x) => x.evidenceId)).toEqual([second]);
    expect(s.db.prepare('SELECT count(*) FROM collect_runs WHERE evidence_id = ?').pluck().get(first)).toBe(0);
    // Only the second run's pages are left.
    expect(s.db.prepare('SELECT DISTINCT r.evidence_id FROM collect_pages p JOIN collect_runs r ON r.id = p.run_id').pluck().all()).toEqual([second]);
    // The same as a case that only ever ran the second collection.
    const want = CaseSession.open(path.join(dir, 'want.sightline'));
    await run(want, FROM + DAY, FROM + 4 * DAY);
    const [got, expected] = [await snapshot(s), await snapshot(want)];
    // Evidence names carry the run number, which differs between the two cases.
    const strip = (x: Snapshot) => Object.fromEntries(Object.entries(x.signIns).map(([k, v]) => [k, { ...v, provenance: v.provenance.map((p) => p.replace(/\(run \d+\)/, '')) }]));
    expect(strip(got)).toEqual(strip(expected));
    expect(s.db.pragma('foreign_key_check')).toEqual([]);
    s.close();
    want.close();
  }, 90_000);
});
