// The command line as people script it: through npm, from another directory, JSON on stdout only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot, runSightline, sample, tempDir } from '../helpers';

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

  it('import --json prints its one object also when the case cannot be opened (exit 1)', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a case file, but text an analyst typed\n'.repeat(200));
    const r = await sightline(['import', 'notes.txt', sample('sentinel-training-lab/sign-in_adelete.csv'), '--json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.files).toEqual([expect.objectContaining({ path: sample('sentinel-training-lab/sign-in_adelete.csv'), status: 'rejected', records: 0, sha256: null })]);
    expect(summary.files[0].error).toMatch(/not a database/);
    expect(summary.totals).toEqual({ records: 0, inserted: 0, updated: 0, duplicates: 0, rejectedRows: 0, rejectedFiles: 1 });
    expect(r.stderr).toMatch(/sightline import: .*not a database/);
  });

  it('import passes --format and --date-order on; a bad value is a usage error', async () => {
    const dir = tempDir();
    const ps = fixture('powershell/graph-full-winps51-en-US.csv');
    const ambiguous = await sightline(['import', 'a.sightline', ps, '--json'], dir);
    expect(ambiguous.code).toBe(1);
    expect(JSON.parse(ambiguous.stdout).files[0].error).toMatch(/--date-order dmy or --date-order mdy/);
    const dmy = await sightline(['import', 'a.sightline', ps, '--json', '--date-order', 'dmy', '--format', 'powershell-csv'], dir);
    expect(dmy.code, dmy.stderr).toBe(0);
    expect(JSON.parse(dmy.stdout).files[0]).toMatchObject({ status: 'imported', format: 'powershell-csv', inserted: 3 });
    const rows = await sightline(['query', 'a.sightline', '--json', '--limit', '10'], dir);
    expect(JSON.parse(rows.stdout).rows.map((r: { createdDateTime: string }) => r.createdDateTime)).toContain('2025-12-03T07:22:01.000Z');
    const forced = await sightline(['import', 'b.sightline', sample('sentinel-training-lab/sign-in_adelete.csv'), '--json', '--format', 'graph-json'], dir);
    expect(forced.code).toBe(1);
    expect(JSON.parse(forced.stdout).files[0]).toMatchObject({ status: 'rejected', format: 'graph-json' });
    for (const bad of [['--format', 'excel'], ['--date-order', 'ymd']]) {
      const r = await sightline(['import', 'c.sightline', ps, ...bad], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(bad[0] === '--format' ? /--format must be one of portal-csv, .*; got "excel"/ : /--date-order must be dmy or mdy; got "ymd"/);
    }
  });

  it('import shows a progress line only when stderr is a terminal', async () => {
    const dir = tempDir();
    const lab = sample('sentinel-training-lab/sign-in_adelete.csv');
    const piped = await sightline(['import', 'p.sightline', lab], dir);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('\x1b[2K');
    // Under a pseudo-terminal (util-linux `script`, in every Debian), the same import draws and clears its line.
    const command = ['npm', 'run', '--silent', '--prefix', repoRoot, 'sightline', '--', 'import', 't.sightline', lab].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qefc', command, '/dev/null'], { cwd: dir, env: { ...process.env, INIT_CWD: dir }, encoding: 'utf8' });
    expect(tty.status, tty.stderr).toBe(0);
    expect(tty.stdout).toMatch(/\r\x1b\[2K\[1\/1\] .*sign-in_adelete\.csv: \d+ records/);
    expect(tty.stdout).toContain('\r\x1b[2Ksaving the case…');
    expect(tty.stdout).toContain('imported ' + lab);
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
