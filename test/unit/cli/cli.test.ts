// The command line as people script it: through npm, from another directory, JSON on stdout only.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runSightline, sample, tempDir } from '../helpers';

const sightline = (args: string[], cwd: string) => runSightline(args, cwd);

describe('sightline CLI', () => {
  it('--version prints the package version and nothing else', async () => {
    const r = await sightline(['--version'], tempDir());
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('--help lists the commands; an unknown command exits 2 with a message on stderr', async () => {
    const help = await sightline(['--help'], tempDir());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('sightline import <case> <file-or-folder>... [--json]');
    expect(help.stdout).toContain('sightline serve <case> [--port N] [--json]');
    const bad = await sightline(['frobnicate'], tempDir());
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('import --json resolves relative paths against the caller and prints one JSON object', async () => {
    const dir = tempDir();
    fs.copyFileSync(sample('sentinel-training-lab/sign-in_adelete.csv'), path.join(dir, 'lab.csv'));
    const r = await sightline(['import', 't.sightline', 'lab.csv', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(summary).toEqual({
      files: [
        {
          path: path.join(dir, 'lab.csv'), sha256: '290764c77138541a8d053a68f8899cc442c0094988e5653dcb725305b46ce37f', format: 'la-csv',
          status: 'imported', error: null, warnings: [], records: 56, inserted: 56, updated: 0, duplicates: 0, rejectedRows: 0, rejected: [],
        },
      ],
      totals: { records: 56, inserted: 56, updated: 0, duplicates: 0, rejectedRows: 0, rejectedFiles: 0 },
    });
    expect(fs.existsSync(path.join(dir, 't.sightline'))).toBe(true);
  });

  it('import exits 1 when a file is rejected, and still prints the JSON summary', async () => {
    const dir = tempDir();
    const r = await sightline(['import', path.join(dir, 'c.sightline'), sample('sentinel-training-lab/signinLogs.csv'), sample('ciso-logs-public/query_data.csv'), '--json'], dir);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.files.map((f: { status: string }) => f.status)).toEqual(['rejected', 'imported']);
    expect(summary.totals).toMatchObject({ inserted: 98, duplicates: 4, rejectedFiles: 1 });
    expect(r.stderr).toContain('1 file(s) rejected');
  });

  it('import without files is a usage error (exit 2)', async () => {
    const r = await sightline(['import', 'only-a-case.sightline'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: sightline import');
  });

  it('two processes importing into one case at once are both safe (WAL, busy timeout)', async () => {
    const dir = tempDir();
    const casePath = path.join(dir, 'shared.sightline');
    const [a, b] = await Promise.all([
      sightline(['import', casePath, sample('ciso-logs-public/query_data.csv'), '--json'], dir),
      sightline(['import', casePath, sample('sentinel-training-lab/sign-in_adelete.csv'), '--json'], dir),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(JSON.parse(a.stdout).totals.inserted).toBe(98);
    expect(JSON.parse(b.stdout).totals.inserted).toBe(56);
    const again = await sightline(['import', casePath, sample('ciso-logs-public/query_data.csv'), sample('sentinel-training-lab/sign-in_adelete.csv'), '--json'], dir);
    expect(JSON.parse(again.stdout).totals).toMatchObject({ records: 158, inserted: 0, duplicates: 158 });
  });
});
