// The detections on generated tenants: every incident `generate --attacks all` plants is found by the
// detection truth.json names (in the richest export, Graph JSON, and in the admin center CSV, which
// lacks the risk fields), and a benign-only tenant with business travel and commuting raises no
// high-severity finding. The 500-user benign run is in the benchmark (test/bench/detect.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsWithSignIns, listFindings } from '../../../main/case/findings';
import { CaseSession } from '../../../main/case/session';
import { metaOf, runCaseDetections, type CaseRunResult } from '../../../main/detect/case-run';
import { ATTACK_KINDS, type Incident } from '../../../main/generate/attacks';
import { DEFAULT_END, generate, type Truth } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import type { FindingSummary } from '../../../preload/contract';
import { tempDir } from '../helpers';

type Scenario = { session: CaseSession; truth: Truth | null; run: CaseRunResult; findings: FindingSummary[]; ids: Map<string, string[]> };

async function scenario(format: 'graph-json' | 'portal-csv', attacks: readonly (typeof ATTACK_KINDS)[number][], size: { users: number; rows: number; days: number; seed: number }): Promise<Scenario> {
  const dir = tempDir();
  const out = path.join(dir, 'export');
  const gen = generate({ out, format, attacks, end: DEFAULT_END, ...size });
  const session = CaseSession.open(path.join(dir, 'case.sightline'));
  await importFiles(session.db, [out]);
  const run = await runCaseDetections(session.db);
  const findings = listFindings(session.db, {}, metaOf()).findings;
  return { session, truth: gen.truth ? (JSON.parse(fs.readFileSync(gen.truth, 'utf8')) as Truth) : null, run, findings, ids: findingsWithSignIns(session.db, findings.map((f) => f.id)) };
}

/** The findings of an incident's detection whose evidence holds its planted (non-anchor) sign-ins. */
function foundBy(s: Scenario, incident: Incident): FindingSummary[] {
  const planted = new Set(incident.requestIds.filter((id) => !incident.anchorRequestIds.includes(id)));
  return s.findings.filter((f) => f.detection === incident.detection && s.ids.get(f.id)!.some((id) => planted.has(id)));
}

describe.each([['graph-json' as const], ['portal-csv' as const]])('every planted incident is found by its detection (%s)', (format) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario(format, ATTACK_KINDS, { users: 40, rows: 3000, days: 14, seed: 11 });
  }, 120_000);
  afterAll(() => s?.session.close());

  it('runs every detection without an error', () => {
    expect(s.run.run.results.filter((r) => r.error)).toEqual([]);
    expect(s.truth!.incidents.map((i) => i.kind)).toEqual([...ATTACK_KINDS]);
  });

  for (const kind of ATTACK_KINDS) {
    it(kind, () => {
      const incident = s.truth!.incidents.find((i) => i.kind === kind)!;
      if (format === 'portal-csv' && incident.detection === 'identity-protection-risk') {
        // The admin center download has no risk columns: not evaluable, never "nothing found".
        expect(foundBy(s, incident)).toEqual([]);
        expect(s.run.run.results.find((r) => r.detection === 'identity-protection-risk')!.notEvaluable).toBeGreaterThan(2000);
        return;
      }
      const found = foundBy(s, incident);
      expect(found.length, `${kind}: ${incident.description}`).toBeGreaterThan(0);
      // The finding names the incident's users.
      expect(found.flatMap((f) => f.users)).toEqual(expect.arrayContaining([incident.users[0]]));
    });
  }
});

describe('a benign-only tenant (business travel, commuting, ActiveSync phones)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario('portal-csv', [], { users: 80, rows: 8000, days: 14, seed: 5 });
  }, 120_000);
  afterAll(() => s?.session.close());

  it('has travellers and commuters to be fooled by', () => {
    const dir = path.dirname(s.session.path);
    expect(fs.existsSync(path.join(dir, 'export', 'truth.json'))).toBe(false);
    // Cities of the commuter towns appear beside the office cities.
    const cities = (s.session.db.prepare('SELECT DISTINCT city FROM signins WHERE city IS NOT NULL').all() as { city: string }[]).map((r) => r.city);
    expect(cities.some((c) => ['Tacoma', 'Everett', 'Reading', 'Guildford', 'Potsdam'].includes(c))).toBe(true);
  });

  it('raises no high-severity finding', () => {
    expect(s.findings.filter((f) => f.severity === 'high').map((f) => `${f.detection}: ${f.explanation}`)).toEqual([]);
  });
});
