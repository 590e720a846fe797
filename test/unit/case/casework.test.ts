// Case details, recent cases, hash re-verification and the audit trail: every action type the case
// issue lists (import, collection, export, annotation, case update, evidence removal) lands on it
// with a UTC time and the analyst, and the trail cannot be changed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCaseDetails, setCaseDetails } from '../../../main/case/details';
import { RecentCases } from '../../../main/case/recent';
import { CaseSession } from '../../../main/case/session';
import { verifyEvidence } from '../../../main/case/verify';
import { collect } from '../../../main/collect/collector';
import { Limiter } from '../../../main/collect/limiter';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { importFiles } from '../../../main/ingest/import';
import { virtualClock } from '../../support/clock';
import { FROM, NOW, DAY, fakeGraph, loopbackTransport, request, tokenSource } from '../collect/util';
import { sample, tempDir } from '../helpers';

const lab = sample('sentinel-training-lab/sign-in_adelete.csv');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('case details', () => {
  it('are stored in the case, change field by field, name the case and its analyst, and are audited', () => {
    const file = path.join(tempDir(), 'acme-ir.sightline');
    const s = CaseSession.open(file);
    expect(getCaseDetails(s.db)).toEqual({ name: '', number: '', analyst: '', client: '', timeZone: '', description: '' });
    expect(s.info().name).toBe('acme-ir');
    setCaseDetails(s.db, { name: 'ACME BEC', number: 'IR-2026-041', analyst: 'Dana Analyst', client: 'ACME (contoso.onmicrosoft.com)', timeZone: 'Europe/Berlin', description: 'Suspected BEC.\nSecond line.' });
    setCaseDetails(s.db, { number: 'IR-2026-042' });
    s.close();
    const again = CaseSession.open(file);
    expect(getCaseDetails(again.db)).toEqual({ name: 'ACME BEC', number: 'IR-2026-042', analyst: 'Dana Analyst', client: 'ACME (contoso.onmicrosoft.com)', timeZone: 'Europe/Berlin', description: 'Suspected BEC.\nSecond line.' });
    expect(again.info().name).toBe('ACME BEC');
    const trail = again.db.prepare(`SELECT analyst, detail FROM audit WHERE action = 'case.update' ORDER BY id`).all() as { analyst: string; detail: string }[];
    expect(trail).toHaveLength(2);
    expect(trail[1]!.analyst).toBe('Dana Analyst');
    expect(JSON.parse(trail[1]!.detail)).toEqual({ changed: { number: { from: 'IR-2026-041', to: 'IR-2026-042' } } });
    // No change, no entry.
    setCaseDetails(again.db, { number: 'IR-2026-042' });
    expect(again.db.prepare(`SELECT count(*) FROM audit WHERE action = 'case.update'`).pluck().get()).toBe(2);
    expect(() => setCaseDetails(again.db, { timeZone: 'Mars/Olympus_Mons' })).toThrow(/unknown time zone/);
    again.close();
  });

  it('through the contract: bad input is a bad request', async () => {
    const s = CaseSession.open(path.join(tempDir(), 'c.sightline'));
    const ctx = createHandlerContext({ mode: 'web', emit: () => undefined, session: s });
    expect(await dispatch('case.setDetails', { timeZone: 'not a zone!' }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch('case.setDetails', { name: 'x'.repeat(201) }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch('case.setDetails', { analyst: 'Sam' }, ctx)).toMatchObject({ ok: true, value: { analyst: 'Sam' } });
    s.close();
  });
});

describe('recent cases', () => {
  it('live in the user settings folder, newest first, once each; opening a case through the context records it', () => {
    const settings = tempDir();
    const cases = tempDir();
    const recent = new RecentCases(settings);
    const ctx = createHandlerContext({ mode: 'electron', emit: () => undefined, recent });
    ctx.openCase(path.join(cases, 'one.sightline'));
    ctx.openCase(path.join(cases, 'two.sightline'));
    ctx.openCase(path.join(cases, 'one.sightline'));
    expect(recent.list().map((r) => path.basename(r.path))).toEqual(['one.sightline', 'two.sightline']);
    expect(recent.list().every((r) => r.exists && ISO.test(r.openedAt))).toBe(true);
    // Not in the case file: the list is a file in the settings folder.
    expect(fs.readdirSync(settings)).toEqual(['recent-cases.json']);
    ctx.session?.close();
    fs.rmSync(path.join(cases, 'two.sightline'));
    expect(recent.list().find((r) => r.path.endsWith('two.sightline'))?.exists).toBe(false);
    recent.forget(path.join(cases, 'two.sightline'));
    expect(recent.list()).toHaveLength(1);
    // A damaged list is started afresh rather than stopping a case from opening.
    fs.writeFileSync(recent.file, '{not json');
    expect(recent.list()).toEqual([]);
  });

  it('web mode says the case is fixed and keeps no list', async () => {
    const s = CaseSession.open(path.join(tempDir(), 'c.sightline'));
    const ctx = createHandlerContext({ mode: 'web', emit: () => undefined, session: s });
    expect(await dispatch('case.recent', {}, ctx)).toEqual({ ok: true, value: { fixed: true, cases: [] } });
    s.close();
  });
});

describe('evidence re-verification', () => {
  it('a file that still matches, one changed since, one gone', async () => {
    const dir = tempDir();
    const copies = ['a.csv', 'b.csv', 'c.csv'].map((n, i) => {
      const p = path.join(dir, n);
      fs.copyFileSync(lab, p);
      // Different bytes per file (trailing newlines), so each is its own evidence.
      fs.appendFileSync(p, '\n'.repeat(i + 1));
      return p;
    });
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    await importFiles(s.db, copies);
    fs.appendFileSync(copies[1]!, 'tampered\n');
    fs.rmSync(copies[2]!);
    const r = await verifyEvidence(s.db);
    expect(r.map((x) => [x.name, x.status])).toEqual([['a.csv', 'match'], ['b.csv', 'mismatch'], ['c.csv', 'missing']]);
    expect(r[1]!.actual).not.toBe(r[1]!.recorded);
    expect(r.every((x) => ISO.test(x.checkedAt))).toBe(true);
    s.close();
  });
});

describe('the audit trail', () => {
  it('records import, collect, export, annotate, case.update and evidence.remove with UTC time and the analyst', async () => {
    const dir = tempDir();
    const s = CaseSession.open(path.join(dir, 'case.sightline'));
    const ctx = createHandlerContext({ mode: 'web', emit: () => undefined, session: s });
    const ok = async (channel: Parameters<typeof dispatch>[0], payload: unknown) => {
      const r = await dispatch(channel, payload, ctx);
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      return (r as { value: unknown }).value;
    };
    await ok('case.setDetails', { analyst: 'Dana Analyst' });
    await ok('evidence.import', { paths: [lab] });
    const fake = await fakeGraph();
    const clock = virtualClock(NOW);
    await collect(request({ from: FROM, to: FROM + DAY }), { db: s.db, tokens: tokenSource(fake), transport: loopbackTransport(fake), clock, limiter: new Limiter({ clock }) });
    const id = s.db.prepare('SELECT id FROM signins LIMIT 1').pluck().get() as string;
    await ok('annotations.add', { kind: 'tag', targetKind: 'signin', targets: [id], value: 'suspicious' });
    await ok('signins.export', { filter: {}, format: 'csv', path: path.join(dir, 'out.csv') });
    await ok('case.export', { request: { what: 'signins', format: 'timesketch', filter: { tag: ['suspicious'] } }, path: path.join(dir, 'out.jsonl') });
    const graphEvidence = s.db.prepare(`SELECT id FROM evidence WHERE source = 'graph'`).pluck().get() as number;
    await ok('evidence.remove', { id: graphEvidence });
    const page = (await ok('audit.list', {})) as { entries: { at: string; analyst: string; action: string; detail: Record<string, unknown> }[]; actions: string[] };
    expect(page.actions).toEqual(['annotate', 'case.update', 'collect', 'evidence.import', 'evidence.remove', 'export']);
    for (const e of page.entries) {
      expect(e.at).toMatch(ISO);
      expect(e.analyst).toBe('Dana Analyst');
    }
    const collectEntry = page.entries.find((e) => e.action === 'collect')!;
    expect(collectEntry.detail).toMatchObject({ status: 'completed', evidenceId: graphEvidence, query: { from: new Date(FROM).toISOString() } });
    // Never a token on the trail.
    expect(JSON.stringify(page.entries)).not.toMatch(/eyJ|Bearer/);
    expect(page.entries.filter((e) => e.action === 'export').map((e) => e.detail['format'])).toEqual(['timesketch', 'csv']);
    // Newest first; one action at a time.
    expect(page.entries[0]!.action).toBe('evidence.remove');
    expect(((await ok('audit.list', { action: 'export' })) as { total: number }).total).toBe(2);
    expect(() => s.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    // The removal ran on its own thread; its errors keep their code.
    expect(await dispatch('evidence.remove', { id: 999 }, ctx)).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no evidence with id 999 in this case' } });
    s.close();
  }, 60_000);
});
