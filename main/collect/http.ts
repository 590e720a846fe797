// The one HTTP client of live collection, used by the Graph client and (as MSAL's network module)
// by sign-in, so both follow the same rules: https only (plain http for loopback addresses alone),
// no redirects followed, a time limit per request, and errors that say what happened (timeout,
// reset) so the caller can decide to retry or to split a window. Built on node:http(s) rather than
// global fetch so a test authority's certificate can be trusted for this client only (`ca`).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export type HttpRequest = {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange (headers and body) must finish within this time. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

export type HttpResponse = { status: number; headers: Record<string, string>; body: Buffer };

export type NetworkErrorKind = 'timeout' | 'reset' | 'refused' | 'aborted' | 'other';

/** The request got no complete answer: nothing was received, or the body was cut short. */
export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export type Transport = { request(req: HttpRequest): Promise<HttpResponse>; close(): void };

export type TransportOptions = {
  /** Extra trusted certificate authorities (PEM), e.g. a test server's self-signed certificate. */
  ca?: string | Buffer;
  /** Default per-request time limit in ms. */
  timeoutMs?: number;
  /** Answers larger than this are refused (a Graph page of 1000 sign-ins is a few MB). */
  maxBodyBytes?: number;
};

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}

/**
 * Parses a service URL given by the user or a server (authority, Graph base, nextLink): https, or
 * http only for a loopback address; no credentials inside. Throws an Error naming `what`.
 */
export function checkServiceUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${what} is not a URL: "${value}"`);
  }
  if (url.username || url.password) throw new Error(`${what} must not carry a user name or password`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new Error(`${what} must use https (plain http is allowed only for loopback addresses such as 127.0.0.1): "${value}"`);
}

function kindOf(err: NodeJS.ErrnoException): NetworkErrorKind {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
    case 'ECONNABORTED':
      return 'reset';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return 'other';
  }
}

export function createTransport(opts: TransportOptions = {}): Transport {
  const defaultTimeout = opts.timeoutMs ?? 120_000;
  const maxBody = opts.maxBodyBytes ?? 256 * 1024 * 1024;
  // Keep-alive: one TLS handshake for a whole collection instead of one per page.
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, ...(opts.ca ? { ca: opts.ca } : {}) });
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  function request(req: HttpRequest): Promise<HttpResponse> {
    const url = checkServiceUrl(req.url, 'the request URL');
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    return new Promise<HttpResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new NetworkError('aborted', 'the request was cancelled'));
      let settled = false;
      const finish = (err: Error | null, res?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };
      const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
      const headers: Record<string, string> = { accept: 'application/json', ...(req.headers ?? {}) };
      if (body) headers['content-length'] = String(body.length);
      const mod = url.protocol === 'https:' ? https : http;
      const outgoing = mod.request(url, { method: req.method, headers, agent: url.protocol === 'https:' ? httpsAgent : httpAgent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBody) {
            outgoing.destroy();
            finish(new NetworkError('other', `the answer from ${url.host} is larger than ${maxBody} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('aborted', () => finish(new NetworkError('reset', `the connection to ${url.host} was cut mid-answer`)));
        res.on('error', (e: NodeJS.ErrnoException) => finish(new NetworkError(kindOf(e) === 'other' ? 'reset' : kindOf(e), `reading the answer from ${url.host} failed: ${e.message}`)));
        res.on('end', () => {
          if (!res.complete) return finish(new NetworkError('reset', `the connection to ${url.host} was cut mid-answer`));
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          finish(null, { status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        finish(new NetworkError('timeout', `${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const onAbort = () => {
        outgoing.destroy();
        finish(new NetworkError('aborted', 'the request was cancelled'));
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (e: NodeJS.ErrnoException) => finish(new NetworkError(kindOf(e), `request to ${url.host} failed: ${e.message}`)));
      outgoing.end(body);
    });
  }

  return {
    request,
    close() {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}
