// `sightline collect` as people run it: through npm, against the fake Graph (its certificate trusted
// through NODE_EXTRA_CA_CERTS), with the real clock and limiter. One --json object on stdout, the
// device code on stderr, usage errors, a SIGKILL midway and a resume, and no token anywhere.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { FAKE_CLIENT_ID, FAKE_TENANT_ID, type FakeGraph } from '../../support/fake-graph';
import { repoRoot, runSightline, tempDir } from '../helpers';
import { FROM, dataset, fakeGraph } from './util';

type Run = { code: number; stdout: string; stderr: string };

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function sightline(args: string[], cwd: string, fake: FakeGraph | null, opts: { onStderr?: (text: string) => void; onSpawn?: (pid: number) => void } = {}): Promise<Run> {
  return runSightline(args, cwd, { ...opts, detached: true, env: fake ? { NODE_EXTRA_CA_CERTS: fake.certPath } : {} });
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

function caseBytesHoldNoToken(file: string, tokens: string[]) {
  for (const f of [file, `${file}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const bytes = fs.readFileSync(f);
    for (const t of tokens) {
      expect(bytes.includes(Buffer.from(t))).toBe(false);
      // Not even the signature-less half of it (header.payload) leaks.
      expect(bytes.includes(Buffer.from(t.split('.').slice(0, 2).join('.')))).toBe(false);
    }
  }
}

describe('sightline collect', () => {
  it('--token-file (az JSON) --json: exactly one object with the nine fields; no token in output or case', async () => {
    const fake = await fakeGraph();
    const dir = tempDir();
    const token = fake.mintToken();
    fs.writeFileSync(path.join(dir, 'token.json'), JSON.stringify({ accessToken: token, expiresOn: '2026-11-23 10:00:00.000000', tokenType: 'Bearer', tenant: FAKE_TENANT_ID }));
    const r = await sightline(
      ['collect', 'c.sightline', '--from', iso(FROM), '--to', iso(FROM + DAY), '--types', 'servicePrincipal,interactiveUser', '--token-file', 'token.json', '--graph-base-url', `${fake.url}/`, '--json'],
      dir,
      fake,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(Object.keys(out)).toEqual(['windows', 'pages', 'records', 'inserted', 'updated', 'duplicates', 'retries', 'throttled', 'resumedFrom']);
    // Day 0: interactive 25 (4 pages, one of them empty), servicePrincipal 10 (one page).
    expect(out).toEqual({ windows: 2, pages: 5, records: 35, inserted: 35, updated: 0, duplicates: 0, retries: 0, throttled: 0, resumedFrom: null });
    // The trailing slash of the base was tolerated: requests went to /beta/auditLogs/signIns.
    expect(fake.graphRequests.every((q) => new URL(q.url).pathname === '/beta/auditLogs/signIns')).toBe(true);
    expect(r.stderr).toMatch(/warning: The range starts \d+ days ago/);
    for (const t of fake.issuedTokens) {
      expect(r.stdout).not.toContain(t);
      expect(r.stderr).not.toContain(t);
    }
    caseBytesHoldNoToken(path.join(dir, 'c.sightline'), fake.issuedTokens);

    // The same command again: everything is checkpointed, nothing is fetched, resumedFrom is the end.
    const again = await sightline(['collect', 'c.sightline', '--from', iso(FROM), '--to', iso(FROM + DAY), '--types', 'servicePrincipal,interactiveUser', '--token-file', 'token.json', '--graph-base-url', fake.url, '--json'], dir, fake);
    expect(JSON.parse(again.stdout)).toMatchObject({ windows: 0, pages: 0, resumedFrom: iso(FROM + DAY) });
  });

  it('--device-code against the fake authority: the code is printed on stderr, then the run completes', async () => {
    const fake = await fakeGraph();
    const dir = tempDir();
    let approved = false;
    const r = await sightline(
      ['collect', 'c.sightline', '--from', iso(FROM), '--to', iso(FROM + DAY), '--types', 'servicePrincipal', '--tenant', 'contoso.onmicrosoft.com', '--client-id', FAKE_CLIENT_ID, '--device-code',
        '--authority-url', fake.authorityUrl, '--graph-base-url', fake.url, '--json'],
      dir,
      fake,
      {
        onStderr: (text) => {
          const code = /enter the code (\w+)/.exec(text)?.[1];
          if (code && !approved) {
            approved = true;
            fake.approveDeviceCode(code);
          }
        },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/To sign in, use a web browser to open the page https:\/\/microsoft\.com\/devicelogin and enter the code \w+/);
    expect(r.stderr).toContain('signed in as analyst@contoso.onmicrosoft.com');
    expect(JSON.parse(r.stdout)).toMatchObject({ windows: 1, pages: 1, records: 10, inserted: 10 });
    // MSAL asked only the fake authority: its metadata, the device code, the token. Nothing else.
    expect(fake.log.filter((l) => !l.startsWith('GET /beta/'))).toEqual([
      `GET /contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
      `POST /contoso.onmicrosoft.com/oauth2/v2.0/devicecode`,
      ...fake.log.filter((l) => l.endsWith('/oauth2/v2.0/token')),
    ]);
    for (const t of fake.issuedTokens) expect(r.stdout + r.stderr).not.toContain(t);
    caseBytesHoldNoToken(path.join(dir, 'c.sightline'), fake.issuedTokens);
  });

  it('refuses plain http off loopback, zoneless times, and both auth options at once (exit 2)', async () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [['--token-file', 't', '--graph-base-url', 'http://graph.example.com'], /must use https/],
      [['--token-file', 't', '--graph-base-url', 'https://graph.microsoft.com/beta'], /without a version/],
      [['--tenant', 'x', '--client-id', FAKE_CLIENT_ID, '--authority-url', 'http://login.example.com'], /must use https/],
      [['--tenant', 'x', '--client-id', FAKE_CLIENT_ID, '--token-file', 't'], /either --token-file or --tenant/],
      [[], /sign in with --tenant and --client-id/],
      [['--token-file', 't', '--types', 'bogus'], /unknown value "bogus"/],
    ];
    for (const [extra, message] of cases) {
      const r = await sightline(['collect', 'c.sightline', '--from', '2026-11-01', '--to', '2026-11-02T00:00:00Z', ...extra], dir, null);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    const zoneless = await sightline(['collect', 'c.sightline', '--from', '2026-11-01T10:00', '--to', '2026-11-02', '--token-file', 't'], dir, null);
    expect(zoneless.code).toBe(2);
    expect(zoneless.stderr).toMatch(/has no time zone/);
  });

  it('Ctrl+C (SIGINT) cancels cleanly: the JSON of what landed, exit 130, the run recorded as cancelled', async () => {
    const fake = await fakeGraph();
    const dir = tempDir();
    const file = path.join(dir, 'c.sightline');
    fs.writeFileSync(path.join(dir, 'token.txt'), fake.mintToken());
    let sent = false;
    // Node itself (not npm), so the signal and the exit code are the command's own.
    const child = spawn(process.execPath, ['--import', tsxLoader, path.join(repoRoot, 'main/cli.ts'), 'collect', 'c.sightline', '--from', iso(FROM), '--to', iso(FROM + 2 * DAY), '--types', 'interactiveUser', '--token-file', 'token.txt', '--graph-base-url', fake.url, '--json'], {
      cwd: dir,
      env: { ...process.env, INIT_CWD: dir, NODE_EXTRA_CA_CERTS: fake.certPath },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Timed from the first page (not the start: the process and its collection thread load first).
    let firstPageAt = 0;
    let interruptedAt = 0;
    const poll = setInterval(() => {
      if (sent || !fs.existsSync(file)) return;
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const pages = (db.prepare('SELECT count(*) AS n FROM collect_pages').get() as { n: number }).n;
        if (pages >= 1 && !firstPageAt) firstPageAt = Date.now();
        if (pages >= 5) {
          sent = true;
          interruptedAt = Date.now();
          child.kill('SIGINT');
        }
      } catch {
        // not migrated yet
      } finally {
        db.close();
      }
    }, 100);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearInterval(poll);
    expect(sent).toBe(true);
    expect(code, stderr).toBe(130);
    // It stopped at once, without waiting for its next request slot.
    expect(Date.now() - interruptedAt).toBeLessThan(3000);
    expect(Date.now() - firstPageAt).toBeLessThan(9000);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ pages: 5 });
    expect(stderr).toMatch(/cancelling/);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT status, pages FROM collect_runs').all()).toEqual([{ status: 'cancelled', pages: 5 }]);
    db.close();
  });

  it('killed (SIGKILL) midway, then run again: resumes from its checkpoints to exactly the expected set of sign-ins', { timeout: 120_000 }, async () => {
    const fake = await fakeGraph();
    const dir = tempDir();
    const file = path.join(dir, 'c.sightline');
    fs.writeFileSync(path.join(dir, 'token.txt'), `${fake.mintToken()}\n`);
    const args = ['collect', 'c.sightline', '--from', iso(FROM), '--to', iso(FROM + 2 * DAY), '--types', 'interactiveUser', '--token-file', 'token.txt', '--graph-base-url', fake.url, '--json'];
    let pid = 0;
    const first = sightline(args, dir, fake, { onSpawn: (p) => (pid = p) });
    // Kill the whole process group once 5 of the 8 pages have landed (the first window and part of the second).
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if (!fs.existsSync(file)) continue;
      const db = new Database(file, { readonly: true, fileMustExist: true });
      let pages = 0;
      try {
        pages = (db.prepare('SELECT count(*) AS n FROM collect_pages').get() as { n: number }).n;
      } catch {
        // not migrated yet
      } finally {
        db.close();
      }
      if (pages >= 5) break;
    }
    process.kill(-pid, 'SIGKILL');
    const killed = await first;
    expect(killed.stdout).toBe('');

    const db = new Database(file, { readonly: true });
    const landed = (db.prepare('SELECT count(*) AS n FROM signins').get() as { n: number }).n;
    const windowsDone = (db.prepare('SELECT count(*) AS n FROM collect_checkpoints').get() as { n: number }).n;
    db.close();
    expect(landed).toBeGreaterThan(0);
    // Windows are fetched oldest first, each checkpointed with its last page: the first is done, not all.
    expect(windowsDone).toBe(1);

    const second = await sightline(args, dir, fake);
    expect(second.code, second.stderr).toBe(0);
    const out = JSON.parse(second.stdout);
    expect(out).toMatchObject({ windows: 1, pages: 4, resumedFrom: iso(FROM + DAY) });
    const after = new Database(file, { readonly: true });
    const got = (after.prepare('SELECT id FROM signins ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const runs = after.prepare('SELECT status FROM collect_runs ORDER BY id').all();
    after.close();
    const expected = dataset().filter((o) => (o['signInEventTypes'] as string[])[0] === 'interactiveUser' && Date.parse(String(o['createdDateTime'])) < FROM + 2 * DAY).map((o) => String(o['id'])).sort();
    expect(got).toEqual(expected);
    expect(new Set(got).size).toBe(got.length);
    // The killed run never finished; the next run saw its process was gone and marked it.
    expect(runs).toEqual([{ status: 'interrupted' }, { status: 'completed' }]);
  });
});
