// The case commands as people script them: case details, the evidence list with hashes, verify,
// coverage, removal (only with --yes), and the audit trail. One JSON object each with --json.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSightline, sample, tempDir } from '../helpers';

const lab = sample('sentinel-training-lab/sign-in_adelete.csv');
const ciso = sample('ciso-logs-public/SigninLogs.csv');

describe('sightline case / evidence / audit', () => {
  it('details, evidence with SHA-256, verify, coverage, remove with --yes, audit', async () => {
    const dir = tempDir();
    const cli = (...args: string[]) => runSightline(args, dir);
    const imported = await cli('import', 'c.sightline', lab, ciso, '--json');
    expect(imported.code, imported.stderr).toBe(0);

    const details = await cli('case', 'c.sightline', '--name', 'ACME BEC', '--analyst', 'Dana Analyst', '--time-zone', 'Europe/Berlin', '--json');
    expect(details.code, details.stderr).toBe(0);
    expect(JSON.parse(details.stdout)).toEqual({ name: 'ACME BEC', number: '', analyst: 'Dana Analyst', client: '', timeZone: 'Europe/Berlin', description: '' });

    const list = await cli('evidence', 'c.sightline', '--json');
    const evidence = JSON.parse(list.stdout).evidence as { id: number; name: string; sha256: string; path: string }[];
    expect(evidence.map((e) => [e.name, e.sha256, e.path])).toEqual([
      ['sign-in_adelete.csv', createHash('sha256').update(fs.readFileSync(lab)).digest('hex'), lab],
      ['SigninLogs.csv', createHash('sha256').update(fs.readFileSync(ciso)).digest('hex'), ciso],
    ]);

    const verify = await cli('evidence', 'c.sightline', '--verify', '--json');
    expect(verify.code).toBe(0);
    expect((JSON.parse(verify.stdout).evidence as { status: string }[]).map((v) => v.status)).toEqual(['match', 'match']);

    const coverage = await cli('evidence', 'c.sightline', '--coverage', '--json');
    expect(coverage.code, coverage.stderr).toBe(0);
    expect(JSON.parse(coverage.stdout).types[0].lanes).toHaveLength(2);

    // Without --yes nothing is removed: it says what would happen and exits 2.
    const dry = await cli('evidence', 'c.sightline', '--remove', String(evidence[1]!.id), '--json');
    expect(dry.code).toBe(2);
    expect(JSON.parse(dry.stdout)).toMatchObject({ removed: false, preview: { name: 'SigninLogs.csv', signInsRemoved: 54 } });
    expect(dry.stderr).toMatch(/add --yes/);
    const removed = await cli('evidence', 'c.sightline', '--remove', String(evidence[1]!.id), '--yes', '--json');
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: true, signInsRemoved: 54, signInsKept: 0 });

    const audit = await cli('audit', 'c.sightline', '--json');
    const entries = JSON.parse(audit.stdout).entries as { action: string; analyst: string; at: string }[];
    expect(entries.map((e) => e.action)).toEqual(['evidence.remove', 'case.update', 'evidence.import', 'evidence.import']);
    expect(entries[0]).toMatchObject({ analyst: 'Dana Analyst' });
    expect(entries[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const bad = await cli('case', 'c.sightline', '--time-zone', 'Nowhere/Land');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown time zone/);
    expect(fs.existsSync(path.join(dir, 'c.sightline'))).toBe(true);
  }, 180_000);
});
