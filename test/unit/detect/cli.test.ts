// `sightline detect` and `sightline kql` as people script them (through npm, from another directory).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../main/detect/registry';
import { runSightline, tempDir } from '../helpers';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('sightline detect', () => {
  let dir: string;
  let truth: { incidents: { detection: string; requestIds: string[] }[] };
  beforeAll(async () => {
    // Shared by the tests of this block (tempDir() is removed after each test).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-detect-cli-'));
    const gen = await runSightline(['generate', '--out', 'export', '--rows', '1500', '--users', '25', '--days', '10', '--attacks', 'password-spray,mfa-fatigue,legacy-auth', '--format', 'portal-csv'], dir);
    expect(gen.code, gen.stderr).toBe(0);
    truth = JSON.parse(fs.readFileSync(path.join(dir, 'export', 'truth.json'), 'utf8'));
    const imported = await runSightline(['import', 'case.sightline', 'export'], dir);
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json prints one object: findings with ids, ISO times and sign-in ids, and notEvaluable counts', async () => {
    const r = await runSightline(['detect', 'case.sightline', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { findings: Record<string, unknown>[]; notEvaluable: { detection: string; signIns: number }[] };
    expect(Object.keys(out)).toEqual(['findings', 'notEvaluable']);
    for (const f of out.findings) {
      expect(Object.keys(f)).toEqual(['id', 'detection', 'severity', 'attack', 'title', 'explanation', 'users', 'ips', 'start', 'end', 'signInIds']);
      expect(f['id']).toMatch(/^[0-9a-f]{16}$/);
      expect(f['start']).toMatch(ISO);
      expect(f['end']).toMatch(ISO);
      expect((f['signInIds'] as string[]).length).toBeGreaterThan(0);
    }
    // Each planted incident's sign-ins (request ids, not database keys) are in its detection's findings.
    for (const incident of truth.incidents) {
      const ids = new Set(out.findings.filter((f) => f['detection'] === incident.detection).flatMap((f) => f['signInIds'] as string[]));
      expect(incident.requestIds.some((id) => ids.has(id)), incident.detection).toBe(true);
    }
    // The admin center CSV carries no risk fields: said, with a count.
    expect(out.notEvaluable).toContainEqual({ detection: 'identity-protection-risk', signIns: expect.any(Number) });
    expect(r.stderr).toMatch(/findings? from \d+ detections in \d+ ms/);

    // Findings are stored: a second run gives the same ids.
    const again = JSON.parse((await runSightline(['detect', 'case.sightline', '--json'], dir)).stdout) as typeof out;
    expect(again.findings.map((f) => f['id']).sort()).toEqual(out.findings.map((f) => f['id']).sort());
  }, 60_000);

  it('--only runs the named detections (a comma list); an unknown one is a usage error naming the known ones', async () => {
    const r = await runSightline(['detect', 'case.sightline', '--only', 'password-spray,mfa-fatigue', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const detections = new Set((JSON.parse(r.stdout).findings as { detection: string }[]).map((f) => f.detection));
    expect([...detections].sort()).toEqual(['mfa-fatigue', 'password-spray']);
    const bad = await runSightline(['detect', 'case.sightline', '--only', 'password-spary'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown detection password-spary; known: .*password-spray/);
    expect(bad.stdout).toBe('');
  }, 60_000);

  it('without --json: one line per finding on stdout; a missing case is an error', async () => {
    const r = await runSightline(['detect', 'case.sightline', '--only', 'legacy-auth'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^MEDIUM +\d{4}-.*legacy-auth +[0-9a-f]{16} +IMAP4 sign-ins for /m);
    const missing = await runSightline(['detect', 'nope.sightline'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no case file at/);
    expect((await runSightline(['detect'], dir)).code).toBe(2);
  }, 60_000);
});

describe('sightline kql', () => {
  it('prints the KQL twin of a detection, labelled as not run by Sightline', async () => {
    const r = await runSightline(['kql', 'password-spray'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('not run by Sightline');
    expect(r.stdout).toContain(registry.get('password-spray')!.kql);
  });

  it('an unknown id exits 2 and lists the known ones', async () => {
    const r = await runSightline(['kql', 'teleport'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown detection "teleport"; known: .*mfa-fatigue/);
  });
});
