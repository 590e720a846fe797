// `sightline generate` as people script it: through npm, from another directory, one JSON object on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main';
import { runSightline, tempDir } from '../helpers';

const sightline = (args: string[], cwd: string) => runSightline(args, cwd);

describe('sightline generate', () => {
  it('--json resolves --out against the caller and prints exactly one JSON object describing the files', async () => {
    const dir = tempDir();
    const r = await sightline(['generate', '--out', 'gen', '--rows', '700', '--users', '20', '--days', '5', '--seed', '3', '--format', 'la-csv', '--attacks', 'password-spray,mfa-fatigue', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ out: path.join(dir, 'gen'), rows: 700, incidents: 2, seed: 3, truth: path.join(dir, 'gen', 'truth.json') });
    expect(out.files.map((f: { path: string }) => path.basename(f.path))).toEqual([
      'SigninLogs_2026-10-02_2026-10-06.csv', 'AADNonInteractiveUserSignInLogs_2026-10-02_2026-10-06.csv', 'AADServicePrincipalSignInLogs_2026-10-02_2026-10-06.csv',
    ]);
    let rows = 0;
    for (const f of out.files) {
      expect(f.format).toBe('la-csv');
      expect(fs.statSync(f.path).size).toBe(f.bytes);
      rows += f.rows;
    }
    expect(rows).toBe(700);
  });

  it('readable lines without --json; a bad flag exits 2 with a message on stderr and nothing on stdout', async () => {
    const dir = tempDir();
    const [ok, bad] = await Promise.all([sightline(['generate', '--out', 'g', '--rows', '50'], dir), sightline(['generate', '--out', 'x', '--bogus'], dir)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/wrote .*InteractiveSignIns_2026-09-23_2026-10-06\.csv \(portal-csv\)/);
    expect(ok.stdout).toMatch(/total: 50 sign-ins/);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/Unknown option '--bogus'/);
  });

  it('rejects bad values with exit 2 and a clear message, writing nothing', async () => {
    const dir = tempDir();
    const cases = [
      [['--rows', '50'], /--out DIR is required/],
      [['--out', 'x', '--format', 'xml'], /--format must be one of/],
      [['--out', 'x', '--rows', 'many'], /--rows must be a whole number/],
      [['--out', 'x', '--users', '0'], /--users must be between 1 and/],
      [['--out', 'x', '--attacks', 'all', '--users', '5'], /--users must be between 10 and/],
      [['--out', 'x', '--attacks', 'password-spray,teleport'], /unknown attack\(s\) "teleport"/],
      [['--out', 'x', '--attacks', 'all', '--rows', '20'], /use --rows \d+ or more/],
      [['--out', 'x', '--end', 'yesterday'], /--end must be an ISO 8601/],
      [['--out', 'x', 'extra'], /unexpected argument "extra"/],
    ] as const;
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.env['INIT_CWD'];
    process.env['INIT_CWD'] = dir;
    try {
      for (const [args, message] of cases) {
        stderr.mockClear();
        expect(await main(['generate', ...args]), args.join(' ')).toBe(2);
        expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(message);
      }
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      if (before === undefined) delete process.env['INIT_CWD'];
      else process.env['INIT_CWD'] = before;
    }
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
