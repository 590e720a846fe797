// Web mode over real HTTP on loopback: token, Host check, no CORS, static traversal, contract
// routes, the event stream and web-mode upload.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../main/server/server';
import { resolveStatic } from '../../../main/server/static';
import type { ImportSummary } from '../../../preload/contract';
import { fixture, sample, tempDir } from '../helpers';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function rendererDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'secret');
  return dir;
}

async function start(): Promise<RunningServer> {
  server = await startServer({ casePath: path.join(tempDir(), 'web.sightline'), rendererDir: rendererDir() });
  return server;
}

/** Raw request so the Host header can be set freely (fetch forbids it). */
function request(s: RunningServer, opts: { path: string; method?: string; host?: string; token?: string | null; body?: string | Buffer }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: opts.host ?? `127.0.0.1:${s.port}` };
    if (opts.token !== null) headers['authorization'] = `Bearer ${opts.token ?? s.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const req = http.request({ host: '127.0.0.1', port: s.port, path: opts.path, method: opts.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('sightline serve', () => {
  it('binds 127.0.0.1 on a random port with a long random token', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.port).toBeGreaterThan(0);
    expect(s.token.length).toBeGreaterThanOrEqual(40);
    const other = await startServer({ casePath: path.join(tempDir(), 'b.sightline'), rendererDir: rendererDir() });
    expect(other.token).not.toBe(s.token);
    expect(other.port).not.toBe(s.port);
    await other.close();
  });

  it('creates a case path that does not exist', async () => {
    const file = path.join(tempDir(), 'fresh', 'made.sightline');
    server = await startServer({ casePath: file, rendererDir: rendererDir() });
    expect(fs.existsSync(file)).toBe(true);
  });

  it('requires the token on contract, event, upload and API routes, not on static files', async () => {
    const s = await start();
    for (const p of ['/rpc/case.current', '/events', '/upload', '/api/security/sign-in-logs']) {
      const r = await request(s, { path: p, method: p === '/events' || p.startsWith('/api') ? 'GET' : 'POST', token: null });
      expect(r.status, p).toBe(401);
      const wrong = await request(s, { path: p, method: 'POST', token: s.token.slice(1) + 'x' });
      expect(wrong.status, p).toBe(401);
    }
    const page = await request(s, { path: '/', token: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await request(s, { path: '/assets/app.js', token: null })).headers['content-type']).toContain('javascript');
  });

  it('accepts only Host 127.0.0.1:PORT or localhost:PORT', async () => {
    const s = await start();
    expect((await request(s, { path: '/', host: `localhost:${s.port}` })).status).toBe(200);
    for (const host of ['evil.example', `127.0.0.1:${s.port + 1}`, '127.0.0.1', `attacker.test:${s.port}`]) {
      expect((await request(s, { path: '/', host })).status, host).toBe(421);
      expect((await request(s, { path: '/rpc/case.current', method: 'POST', host })).status, host).toBe(421);
    }
  });

  it('sends no CORS headers, even to a cross-origin preflight', async () => {
    const s = await start();
    const r = await request(s, { path: '/rpc/case.current', method: 'OPTIONS' });
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
    const ok = await request(s, { path: '/rpc/case.current', method: 'POST', body: '{}' });
    expect(Object.keys(ok.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
  });

  it('never serves files outside the renderer folder', async () => {
    const s = await start();
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00index.html']) {
      const r = await request(s, { path: p, token: null });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('secret');
    }
    const root = rendererDir();
    expect(resolveStatic(root, '/../secret.txt')).toBeNull();
    expect(resolveStatic(root, '/index.html')).toBe(fs.realpathSync(path.join(root, 'index.html')));
  });

  it('speaks the contract: bad payloads are 400 bad-request, unknown channels 404', async () => {
    const s = await start();
    const bad = await request(s, { path: '/rpc/signins.query', method: 'POST', body: '{"limit":0}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('bad-request');
    expect((await request(s, { path: '/rpc/signins.query', method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await request(s, { path: '/rpc/nope', method: 'POST', body: '{}' })).status).toBe(404);
    const ok = await request(s, { path: '/rpc/case.current', method: 'POST', body: '{}' });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { signIns: 0 } });
  });

  it('streams push events and imports uploaded files, keeping the upload beside the case', async () => {
    const s = await start();
    const events: string[] = [];
    const controller = new AbortController();
    const res = await fetch(`${s.url}/events`, { headers: { authorization: `Bearer ${s.token}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        events.push(value!);
        if (events.join('').includes('event: case.changed')) return;
      }
    })();
    const body = fs.readFileSync(sample('sentinel-training-lab/sign-in_adelete.csv'));
    const up = await fetch(`${s.url}/upload?name=${encodeURIComponent('../../sign-in_adelete.csv')}`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` }, body });
    const result = await up.json();
    expect(result).toMatchObject({ ok: true, value: { totals: { inserted: 56 } } });
    await reading;
    controller.abort();
    const text = events.join('');
    expect(text).toContain('event: import.progress');
    expect(text).toMatch(/event: case.changed\ndata: \{.*"signIns":56/);
    const uploads = fs.readdirSync(`${s.casePath}.uploads`, { recursive: true }).map(String).filter((p) => p.endsWith('.csv'));
    expect(uploads).toHaveLength(1);
    // The original name is kept (a portal file's name carries its sign-in type); the path cannot escape.
    expect(path.basename(uploads[0]!)).toBe('sign-in_adelete.csv');
    expect(uploads[0]).not.toContain('..');
  });

  it('imports an upload with the format and date order of its query, and refuses a bad one before storing it', async () => {
    const s = await start();
    const auth = { authorization: `Bearer ${s.token}` };
    const body = fs.readFileSync(fixture('powershell/graph-full-winps51-en-US.csv'));
    const up = async (query: string) => {
      const res = await fetch(`${s.url}/upload?name=ps.csv${query}`, { method: 'POST', headers: auth, body });
      return { status: res.status, json: (await res.json()) as { ok: boolean; value?: ImportSummary; error?: { code: string; message: string } } };
    };
    const stored = () => (fs.existsSync(`${s.casePath}.uploads`) ? fs.readdirSync(`${s.casePath}.uploads`, { recursive: true }).map(String).filter((p) => p.endsWith('.csv')) : []);

    for (const [query, message] of [
      ['&format=portal-xml', /^upload: format must be one of portal-csv, portal-json, graph-json, la-csv, la-json, azure-monitor-jsonl, powershell-csv, ual, not "portal-xml"$/],
      ['&dateOrder=ymd', /^upload: dateOrder must be one of dmy, mdy, not "ymd"$/],
      ['&dateOrder=', /^upload: dateOrder must be one of dmy, mdy, not ""$/],
      ['&dateOrder=dmy&dateOrder=mdy', /^upload: dateOrder is given 2 times; give it once/],
    ] as const) {
      const bad = await up(query);
      expect(bad.status, query).toBe(400);
      expect(bad.json.error?.code, query).toBe('bad-request');
      expect(bad.json.error?.message, query).toMatch(message);
    }
    expect(stored()).toEqual([]);

    // No option: the dates cannot tell day from month, so the file is refused (and that refusal audited).
    const refused = await up('');
    expect(refused.json.value?.files[0]).toMatchObject({ status: 'rejected', format: 'powershell-csv', error: expect.stringMatching(/--date-order dmy or --date-order mdy/) });
    // Day first, with the format named: imported, and read as the option says.
    const imported = await up('&format=powershell-csv&dateOrder=dmy');
    expect(imported.status).toBe(200);
    expect(imported.json.value?.files[0]).toMatchObject({ status: 'imported', format: 'powershell-csv', warnings: expect.arrayContaining([expect.stringMatching(/day-first \(D\/M\/YYYY\) because --date-order dmy was given/)]) });
    expect(stored()).toHaveLength(2);
    const audit = await request(s, { path: '/rpc/audit.list', method: 'POST', body: JSON.stringify({ action: 'evidence.rejected' }) });
    expect(JSON.parse(audit.body).value.entries).toHaveLength(1);
  });

  it('refuses to start without a built renderer, saying how to build it', async () => {
    await expect(startServer({ casePath: path.join(tempDir(), 'x.sightline'), rendererDir: tempDir() })).rejects.toThrow(/npm run build/);
  });
});
