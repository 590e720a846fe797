// Issue 7's audit trail, end to end: each analyst action done through the contract (as the app and
// web mode do it) leaves its entry, with UTC time and the case's analyst. Collection's `collect`
// entry is checked in casework.test.ts, which runs a collection against the fake Graph.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext, type HandlerContext } from '../../../main/handlers/context';
import { ATTACK_KINDS } from '../../../main/generate/attacks';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { tempDir } from '../helpers';

let dir: string;
let ctx: HandlerContext;
let session: CaseSession;

async function ok<T = unknown>(channel: Parameters<typeof dispatch>[0], payload: unknown): Promise<T> {
  const r = await dispatch(channel, payload, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tempDir(), 'audit-'));
  session = CaseSession.open(path.join(dir, 'audit.sightline'));
  ctx = createHandlerContext({ mode: 'web', emit: () => {}, session });
});

afterAll(() => session?.close());

it('records import, export, annotation, detection run, triage, suppression, report, case update and evidence removal', async () => {
  await ok('case.setDetails', { analyst: 'Dana Analyst' });
  const gen = path.join(dir, 'export');
  generate({ out: gen, users: 20, days: 3, rows: 1500, seed: 9, format: 'graph-json', attacks: ATTACK_KINDS, end: DEFAULT_END });
  const files = fs.readdirSync(gen).filter((f) => f.startsWith('GraphSignIns')).map((f) => path.join(gen, f));
  await ok('evidence.import', { paths: files });
  await ok('signins.export', { filter: { status: ['failure'] }, format: 'csv', path: path.join(dir, 'failures.csv') });
  const { rows } = await ok<{ rows: { id: string }[] }>('signins.query', { limit: 2 });
  await ok('annotations.add', { kind: 'tag', targetKind: 'signin', targets: rows.map((r) => r.id), value: 'suspicious' });
  await ok('detections.run', {});
  const { findings } = await ok<{ findings: { id: string; ips: string[] }[] }>('findings.list', {});
  expect(findings.length).toBeGreaterThan(0);
  const withIp = findings.find((f) => f.ips.length > 0)!;
  await ok('findings.triage', { id: withIp.id, triage: 'false_positive', note: 'our pen test', suppress: { kind: 'ip', value: withIp.ips[0]! } });
  await ok('report.write', { format: 'html', path: path.join(dir, 'report.html') });
  const evidence = await ok<{ id: number }[]>('evidence.list', {});
  await ok('evidence.remove', { id: evidence.at(-1)!.id });

  const entries = session.db.prepare('SELECT at, analyst, action FROM audit ORDER BY id').all() as { at: string; analyst: string; action: string }[];
  const actions = new Set(entries.map((e) => e.action));
  for (const action of ['case.update', 'evidence.import', 'export', 'annotate', 'detect', 'triage', 'suppress', 'report', 'evidence.remove']) {
    expect(actions, `no "${action}" entry in ${[...actions].join(', ')}`).toContain(action);
  }
  for (const e of entries) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  // Everything after the details were set is in the case's analyst's name.
  expect(entries.filter((e) => e.action !== 'case.update').every((e) => e.analyst === 'Dana Analyst')).toBe(true);
}, 120_000);
