// Web mode: the same handlers over loopback HTTP, so the renderer runs unchanged in a browser.
// 127.0.0.1 only, a random per-launch token on every API route, a strict Host check, no CORS.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventNames, isChannel, type EventName, type EventPayload } from '../../preload/contract';
import { CaseSession } from '../case/session';
import { dispatch, type HandlerContext } from '../handlers';
import { createHandlerContext } from '../handlers/context';
import { CONTENT_SECURITY_POLICY, contentType, resolveStatic } from './static';
import { handleRest } from './rest';
import { receiveUpload, uploadOptions } from './upload';

// SIGHTLINE_RENDERER_DIR lets a developer (or a parallel test run) serve a renderer built elsewhere.
export const defaultRendererDir = process.env['SIGHTLINE_RENDERER_DIR'] || fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export type ServerOptions = { casePath: string; port?: number; rendererDir?: string; token?: string };

export type RunningServer = {
  url: string;
  token: string;
  port: number;
  casePath: string;
  ctx: HandlerContext;
  close(): Promise<void>;
};

const MAX_BODY = 16 * 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir;
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${rendererDir} has no index.html); run "npm run build"`);
  }
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(`Bearer ${token}`);
  const listeners = new Set<(name: EventName, payload: unknown) => void>();

  const ctx = createHandlerContext({
    mode: 'web',
    session: CaseSession.open(opts.casePath),
    emit: (name, payload) => listeners.forEach((l) => l(name, payload)),
  });

  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const authorized = (req: http.IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes);
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: (err as Error).message } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding defence: only our own loopback names are served.
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, { ok: false, error: { code: 'forbidden', message: 'unexpected Host header' } });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const p = url.pathname;

    if (p.startsWith('/rpc/') || p === '/events' || p.startsWith('/api/') || p === '/upload') {
      if (!authorized(req)) return send(res, 401, { ok: false, error: { code: 'forbidden', message: 'missing or wrong bearer token' } });
      if (p.startsWith('/rpc/')) return rpc(req, res, p.slice('/rpc/'.length));
      if (p === '/events') return streamEvents(req, res);
      if (p === '/upload') return upload(req, res, url);
      if (await handleRest(req, res, url, ctx, (status, body) => send(res, status, body))) return;
      return send(res, 404, { ok: false, error: { code: 'not-found', message: `no API route ${p}` } });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'bad-request', message: 'method not allowed' } });
    const file = resolveStatic(rendererDir, p);
    if (!file) return send(res, 404, { ok: false, error: { code: 'not-found', message: 'not found' } });
    res.writeHead(200, {
      'content-type': contentType(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  async function rpc(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'bad-request', message: 'use POST' } });
    if (!isChannel(channel)) return send(res, 404, { ok: false, error: { code: 'not-found', message: `no channel ${channel}` } });
    let payload: unknown;
    try {
      const body = await readBody(req);
      payload = body ? JSON.parse(body) : {};
    } catch (err) {
      return send(res, 400, { ok: false, error: { code: 'bad-request', message: `${channel}: body is not JSON (${(err as Error).message})` } });
    }
    const result = await dispatch(channel, payload, ctx);
    send(res, result.ok ? 200 : result.error.code === 'bad-request' ? 400 : result.error.code === 'not-found' ? 404 : 200, result);
  }

  /** Server-sent events over a streamed response, read with fetch so the token travels as a header. */
  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const listener = (name: EventName, payload: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    listeners.add(listener);
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      listeners.delete(listener);
    });
  }

  /** Web-mode import: the browser has no file paths, so the file is uploaded, kept beside the case, then imported with the query's options. */
  async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'bad-request', message: 'use POST' } });
    const session = ctx.session;
    if (!session) return send(res, 200, { ok: false, error: { code: 'no-case', message: 'no case is open' } });
    // Options first: a bad one is refused before the file is stored beside the case.
    const chosen = uploadOptions(url.searchParams);
    if (!chosen.ok) return send(res, 400, chosen);
    const saved = await receiveUpload(req, session.path, url.searchParams.get('name') ?? 'upload');
    if (!saved.ok) return send(res, 400, saved);
    send(res, 200, await dispatch('evidence.import', { paths: [saved.path], ...chosen.options }, ctx));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    port,
    casePath: ctx.session!.path,
    ctx,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          ctx.session?.close();
          resolve();
        });
      }),
  };
}

export type { EventPayload };
export { eventNames };
