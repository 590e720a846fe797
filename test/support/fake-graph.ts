// A fake Microsoft identity platform and Microsoft Graph on 127.0.0.1 (https with a test certificate),
// for collection tests, the browser test and the benchmark. Nothing here touches the network.
//
// Authority (per tenant, by id or domain): /{tenant}/v2.0/.well-known/openid-configuration,
// /{tenant}/oauth2/v2.0/devicecode, /{tenant}/oauth2/v2.0/token (device code, authorization code,
// refresh token), plus instance discovery in case a client asks. Tokens are unsigned JWTs the fake
// remembers; it can expire them.
// Graph: /beta/auditLogs/signIns (createdDateTime ge/le, signInEventTypes/any, userPrincipalName /
// appId eq), /v1.0/auditLogs/directoryAudits, /v1.0/identityProtection/riskDetections and
// /v1.0/identityProtection/riskyUsers, paged through opaque $skiptoken nextLinks, newest first.
// Faults (429 + Retry-After, 5xx, resets before or mid-answer, delays, expiring the token, any error
// body) are chosen per request by the test's `fault` hook; `limit` enforces a real request rate.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { testCertificate } from './tls';

export const FAKE_TENANT_ID = '8f3c1a52-6b0e-4d2a-9c8e-1f2a3b4c5d6e';
export const FAKE_TENANT_DOMAIN = 'contoso.onmicrosoft.com';
export const FAKE_CLIENT_ID = '0b7e4a1c-2d3f-4e5a-8b9c-0d1e2f3a4b5c';
export const FAKE_USER = 'analyst@contoso.onmicrosoft.com';

export type GraphObject = Record<string, unknown>;
export type Source = 'signIns' | 'directoryAudits' | 'riskDetections' | 'riskyUsers';

export type GraphRequestInfo = {
  /** 0-based count of Graph requests so far (all sources). */
  index: number;
  source: Source;
  url: string;
  eventType: string | null;
  ge: string | null;
  le: string | null;
  users: string[];
  apps: string[];
  top: number;
  /** 0-based page of this query (0 = the first request, without $skiptoken). */
  page: number;
  token: string | null;
  /** Real time the request arrived (Date.now()). */
  at: number;
};

export type Fault =
  | { status: number; retryAfter?: number; body?: unknown }
  | { reset: 'before' | 'mid' }
  | { delayMs: number }
  | { expireToken: true };

export type FakeGraphOptions = {
  signIns?: GraphObject[];
  directoryAudits?: GraphObject[];
  riskDetections?: GraphObject[];
  riskyUsers?: GraphObject[];
  /** Records per page at most (and at most $top). */
  pageSize?: number;
  /** An empty page (value: [], with a nextLink) before page k of a query when this says so. */
  emptyPageBefore?: (info: { page: number; eventType: string | null; ge: string | null }) => boolean;
  /** A fault for a Graph request, or nothing for a normal answer. */
  fault?: (req: GraphRequestInfo) => Fault | null | undefined;
  /** The real limit: at most `requests` Graph requests in any `windowMs`; more get 429 with Retry-After. */
  limit?: { requests: number; windowMs: number };
  /** Added to every Graph answer. */
  latencyMs?: number;
  /** Approve device codes without waiting for approveDeviceCode(). */
  autoApprove?: boolean;
  /** Seconds an access token lives (exp claim); the fake refuses it after. */
  tokenLifetimeSeconds?: number;
  /** Plain http instead of https (loopback only). */
  http?: boolean;
};

export type FakeGraph = {
  /** Graph base URL, e.g. https://127.0.0.1:4431 (the authority is served on the same origin). */
  url: string;
  authorityUrl: string;
  /** The PEM to trust. */
  ca: string;
  certPath: string;
  graphRequests: GraphRequestInfo[];
  /** Every HTTP request, authority ones included: "METHOD /path". */
  log: string[];
  /** Every access token issued, to prove none leaks. */
  issuedTokens: string[];
  /** A fresh access token (for the token-file option). */
  mintToken(opts?: { lifetimeSeconds?: number }): string;
  expireAllTokens(): void;
  approveDeviceCode(userCode: string): void;
  /** Device codes handed out so far. */
  deviceCodes: { userCode: string; approved: boolean }[];
  /** For an interactive test's openBrowser: the code the authorize page would have returned. */
  authorize(url: string): { redirectUri: string; code: string; state: string };
  options: FakeGraphOptions;
  close(): Promise<void>;
};

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const unsignedJwt = (claims: Record<string, unknown>) => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;

/** What the fake reads of an OData $filter (the clauses Sightline writes). */
export function parseFilter(filter: string) {
  const time = (op: 'ge' | 'le') => new RegExp(`(?:createdDateTime|activityDateTime|detectedDateTime) ${op} (\\S+?)(?=\\)|\\s|$)`).exec(filter)?.[1] ?? null;
  const eventType = /signInEventTypes\/any\(t: ?t eq '([^']+)'\)/.exec(filter)?.[1] ?? null;
  const users = [...filter.matchAll(/userPrincipalName eq '((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").toLowerCase());
  const apps = [...filter.matchAll(/appId eq '((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
  return { ge: time('ge'), le: time('le'), eventType, users, apps };
}

const ROUTES: Record<string, { source: Source; time: string | null; maxTop: number }> = {
  '/beta/auditLogs/signIns': { source: 'signIns', time: 'createdDateTime', maxTop: 1000 },
  '/v1.0/auditLogs/directoryAudits': { source: 'directoryAudits', time: 'activityDateTime', maxTop: 1000 },
  '/v1.0/identityProtection/riskDetections': { source: 'riskDetections', time: 'detectedDateTime', maxTop: 500 },
  '/v1.0/identityProtection/riskyUsers': { source: 'riskyUsers', time: null, maxTop: 500 },
};

function graphError(status: number, code: string, message: string) {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } } };
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const cert = testCertificate();
  const tokens = new Map<string, { exp: number; expired: boolean }>();
  const refreshTokens = new Set<string>();
  const deviceCodes = new Map<string, { userCode: string; approved: boolean; scope: string }>();
  const authCodes = new Map<string, { scope: string; nonce: string | null }>();
  const graphRequests: GraphRequestInfo[] = [];
  const log: string[] = [];
  const issuedTokens: string[] = [];
  const accepted: number[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let base = '';

  const data: Record<Source, GraphObject[]> = {
    signIns: sortNewestFirst(options.signIns ?? [], 'createdDateTime'),
    directoryAudits: sortNewestFirst(options.directoryAudits ?? [], 'activityDateTime'),
    riskDetections: sortNewestFirst(options.riskDetections ?? [], 'detectedDateTime'),
    riskyUsers: options.riskyUsers ?? [],
  };

  const mintToken = (lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600) => {
    const exp = Math.floor(Date.now() / 1000) + lifetimeSeconds;
    const token = unsignedJwt({ aud: base, iss: `${base}/${FAKE_TENANT_ID}/v2.0`, tid: FAKE_TENANT_ID, oid: 'a1b2c3d4-0000-4000-8000-000000000001', upn: FAKE_USER, scp: 'AuditLog.Read.All Directory.Read.All', exp, iat: exp - lifetimeSeconds, jti: randomBytes(12).toString('base64url') });
    tokens.set(token, { exp, expired: false });
    issuedTokens.push(token);
    return token;
  };

  const tokenResponse = (scope: string, nonce: string | null) => {
    const now = Math.floor(Date.now() / 1000);
    const refresh = `fake-rt-${randomBytes(16).toString('base64url')}`;
    refreshTokens.add(refresh);
    const idToken = unsignedJwt({
      iss: `${base}/${FAKE_TENANT_ID}/v2.0`, aud: FAKE_CLIENT_ID, tid: FAKE_TENANT_ID, oid: 'a1b2c3d4-0000-4000-8000-000000000001', sub: 'fake-subject',
      preferred_username: FAKE_USER, name: 'Ana Lyst', exp: now + 3600, iat: now, nbf: now, ver: '2.0', ...(nonce ? { nonce } : {}),
    });
    return {
      token_type: 'Bearer', scope, expires_in: options.tokenLifetimeSeconds ?? 3600, ext_expires_in: options.tokenLifetimeSeconds ?? 3600,
      access_token: mintToken(), refresh_token: refresh, id_token: idToken,
      client_info: b64url({ uid: 'a1b2c3d4-0000-4000-8000-000000000001', utid: FAKE_TENANT_ID }),
    };
  };

  const knownTenant = (t: string) => t === FAKE_TENANT_ID || t.toLowerCase() === FAKE_TENANT_DOMAIN || t === 'organizations' || t === 'common';

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  const aadError = (res: http.ServerResponse, status: number, error: string, code: number, description: string) =>
    json(res, status, { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() });

  async function authority(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const p = url.pathname;
    if (p.endsWith('/discovery/instance')) {
      const host = url.host;
      return json(res, 200, {
        tenant_discovery_endpoint: `${base}/${FAKE_TENANT_ID}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/(devicecode|token|authorize))$/.exec(p);
    if (!m) return json(res, 404, { error: 'not_found' });
    const tenant = decodeURIComponent(m[1]!);
    if (!knownTenant(tenant)) return aadError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    if (m[2]!.startsWith('v2.0')) {
      const t = `${base}/${tenant}`;
      return json(res, 200, {
        token_endpoint: `${t}/oauth2/v2.0/token`,
        authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        issuer: `${base}/${FAKE_TENANT_ID}/v2.0`,
        jwks_uri: `${t}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      });
    }
    const form = new URLSearchParams(await readBody(req));
    const clientId = form.get('client_id');
    if (clientId !== FAKE_CLIENT_ID) return aadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
    const scope = form.get('scope') ?? '';
    if (m[3] === 'devicecode') {
      const userCode = randomBytes(4).toString('hex').toUpperCase();
      const deviceCode = `fake-dc-${randomBytes(16).toString('base64url')}`;
      deviceCodes.set(deviceCode, { userCode, approved: !!options.autoApprove, scope });
      return json(res, 200, {
        user_code: userCode, device_code: deviceCode, verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 0.05,
        message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.`,
      });
    }
    if (m[3] === 'token') {
      const grant = form.get('grant_type');
      if (grant === 'device_code' || grant === 'urn:ietf:params:oauth:grant-type:device_code') {
        const dc = deviceCodes.get(form.get('device_code') ?? '');
        if (!dc) return aadError(res, 400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
        if (!dc.approved) return aadError(res, 400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
        deviceCodes.delete(form.get('device_code')!);
        return json(res, 200, tokenResponse(dc.scope, null));
      }
      if (grant === 'authorization_code') {
        const code = authCodes.get(form.get('code') ?? '');
        if (!code) return aadError(res, 400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
        authCodes.delete(form.get('code')!);
        return json(res, 200, tokenResponse(code.scope, code.nonce));
      }
      if (grant === 'refresh_token') {
        if (!refreshTokens.has(form.get('refresh_token') ?? '')) return aadError(res, 400, 'invalid_grant', 70008, 'The refresh token has expired or is invalid.');
        return json(res, 200, tokenResponse(scope, null));
      }
      return aadError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
    }
    return json(res, 400, { error: 'invalid_request' });
  }

  function bearer(req: http.IncomingMessage): string | null {
    const h = req.headers.authorization ?? '';
    return h.startsWith('Bearer ') ? h.slice(7) : null;
  }

  async function graph(req: http.IncomingMessage, res: http.ServerResponse, url: URL, route: (typeof ROUTES)[string]): Promise<void> {
    const token = bearer(req);
    const skip = url.searchParams.get('$skiptoken');
    const cursor = skip ? (JSON.parse(Buffer.from(skip, 'base64url').toString('utf8')) as { filter: string; offset: number; page: number }) : null;
    const filter = url.searchParams.get('$filter') ?? '';
    const f = parseFilter(filter);
    const top = Math.min(Number(url.searchParams.get('$top') ?? 100), route.maxTop);
    const info: GraphRequestInfo = { index: graphRequests.length, source: route.source, url: url.href, eventType: f.eventType, ge: f.ge, le: f.le, users: f.users, apps: f.apps, top, page: cursor?.page ?? 0, token, at: Date.now() };
    graphRequests.push(info);

    if (options.limit) {
      const now = Date.now();
      while (accepted.length && accepted[0]! <= now - options.limit.windowMs) accepted.shift();
      if (accepted.length >= options.limit.requests) {
        const wait = Math.max(1, Math.ceil((accepted[0]! + options.limit.windowMs - now) / 1000));
        const e = graphError(429, 'TooManyRequests', 'Too many requests.');
        return json(res, e.status, e.body, { 'retry-after': String(wait) });
      }
      accepted.push(now);
    }

    const fault = options.fault?.(info);
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'reset' in fault && fault.reset === 'before') return void req.socket.destroy();
    if (fault && 'expireToken' in fault && token) tokens.get(token)!.expired = true;
    if (fault && 'status' in fault) {
      const body = fault.body ?? graphError(fault.status, fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', `fake ${fault.status}`).body;
      return json(res, fault.status, body, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
    }

    const t = token ? tokens.get(token) : undefined;
    if (!token || !t) return json(res, 401, graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.').body);
    if (t.expired || t.exp * 1000 <= Date.now()) return json(res, 401, graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.').body);
    if (cursor && cursor.filter !== createHash('sha256').update(filter).digest('hex')) return json(res, 400, graphError(400, 'BadRequest', 'Invalid Skip Token, skip token is null').body);

    const timeKey = route.time;
    const matching = data[route.source].filter((o) => {
      if (timeKey && f.ge && Date.parse(String(o[timeKey])) < Date.parse(f.ge)) return false;
      if (timeKey && f.le && Date.parse(String(o[timeKey])) > Date.parse(f.le)) return false;
      if (f.eventType && !(o['signInEventTypes'] as string[] | undefined)?.includes(f.eventType)) return false;
      if (f.users.length && !f.users.includes(String(o['userPrincipalName'] ?? '').toLowerCase())) return false;
      if (f.apps.length && !f.apps.includes(String(o['appId'] ?? ''))) return false;
      return true;
    });
    const offset = cursor?.offset ?? 0;
    const page = cursor?.page ?? 0;
    const pageSize = Math.min(top, options.pageSize ?? top);
    const empty = options.emptyPageBefore?.({ page, eventType: f.eventType, ge: f.ge }) ?? false;
    const slice = empty ? [] : matching.slice(offset, offset + pageSize);
    const nextOffset = offset + slice.length;
    const more = empty || nextOffset < matching.length;
    const filterHash = createHash('sha256').update(filter).digest('hex');
    const next = more
      ? (() => {
          const u = new URL(url.href);
          u.searchParams.set('$skiptoken', b64url({ filter: filterHash, offset: nextOffset, page: page + 1 }));
          return u.href;
        })()
      : null;
    const context = `${base}${url.pathname.startsWith('/beta') ? '/beta' : '/v1.0'}/$metadata#${route.source}`;
    const text = `{"@odata.context":${JSON.stringify(context)}${next ? `,"@odata.nextLink":${JSON.stringify(next)}` : ''},"value":[${slice.map((o) => JSON.stringify(o)).join(',')}]}`;
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (fault && 'reset' in fault && fault.reset === 'mid') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    json(res, 200, JSON.parse(text), {});
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    log.push(`${req.method} ${url.pathname}`);
    const route = ROUTES[url.pathname.replace(/\/+$/, '')];
    const work = route ? graph(req, res, url, route) : authority(req, res, url);
    work.catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 'fake', message: (err as Error).message } });
    });
  };

  const server = options.http ? http.createServer(handler) : https.createServer({ key: cert.key, cert: cert.cert }, handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `${options.http ? 'http' : 'https'}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    authorityUrl: base,
    ca: cert.cert,
    certPath: cert.certPath,
    graphRequests,
    log,
    issuedTokens,
    options,
    mintToken: (o) => mintToken(o?.lifetimeSeconds),
    expireAllTokens() {
      for (const t of tokens.values()) t.expired = true;
    },
    approveDeviceCode(userCode) {
      for (const dc of deviceCodes.values()) if (dc.userCode === userCode) dc.approved = true;
    },
    get deviceCodes() {
      return [...deviceCodes.values()].map((d) => ({ userCode: d.userCode, approved: d.approved }));
    },
    authorize(authUrl) {
      const u = new URL(authUrl);
      const code = `fake-code-${randomBytes(12).toString('base64url')}`;
      authCodes.set(code, { scope: u.searchParams.get('scope') ?? '', nonce: u.searchParams.get('nonce') });
      return { redirectUri: u.searchParams.get('redirect_uri') ?? '', code, state: u.searchParams.get('state') ?? '' };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function sortNewestFirst(list: GraphObject[], key: string): GraphObject[] {
  return [...list].sort((a, b) => Date.parse(String(b[key])) - Date.parse(String(a[key])) || String(a['id']).localeCompare(String(b['id'])));
}

// ---- data ----------------------------------------------------------------------------------------

export const EVENT_TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'] as const;

/** A deterministic Graph beta signIn object. */
export function fakeSignIn(i: number, createdMs: number, type: (typeof EVENT_TYPES)[number], extra: GraphObject = {}): GraphObject {
  const user = type === 'interactiveUser' || type === 'nonInteractiveUser';
  const n = String(i).padStart(8, '0');
  return {
    id: `0000${n.slice(0, 4)}-${n.slice(4, 8)}-4000-8000-${String(i * 7919).padStart(12, '0').slice(-12)}`,
    createdDateTime: new Date(createdMs).toISOString().replace('.000Z', 'Z'),
    userDisplayName: user ? `User ${i % 17}` : null,
    userPrincipalName: user ? `user${i % 17}@contoso.onmicrosoft.com` : null,
    userId: user ? `10000000-0000-4000-8000-${String(i % 17).padStart(12, '0')}` : '',
    appId: user ? '00000002-0000-0ff1-ce00-000000000000' : '7a6e2f10-0000-4000-8000-00000000000a',
    appDisplayName: user ? 'Office 365 Exchange Online' : 'Backup Runner',
    ipAddress: `203.0.113.${i % 250}`,
    clientAppUsed: user ? 'Browser' : null,
    correlationId: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    conditionalAccessStatus: 'notApplied',
    isInteractive: type === 'interactiveUser',
    signInEventTypes: [type],
    servicePrincipalId: user ? '' : 'd0000000-0000-4000-8000-00000000000d',
    servicePrincipalName: user ? null : 'Backup Runner',
    resourceDisplayName: 'Microsoft Graph',
    resourceId: '00000003-0000-0000-c000-000000000000',
    status: { errorCode: i % 11 === 0 ? 50126 : 0, failureReason: i % 11 === 0 ? 'Invalid username or password.' : 'Other.', additionalDetails: null },
    location: { city: 'Seattle', state: 'Washington', countryOrRegion: 'US', geoCoordinates: { latitude: 47.6, longitude: -122.3 } },
    ...extra,
  };
}

/** `count` sign-ins spread evenly over [fromMs, toMs), cycling through `types`. */
export function fakeSignIns(count: number, fromMs: number, toMs: number, types: readonly (typeof EVENT_TYPES)[number][] = EVENT_TYPES, firstIndex = 1): GraphObject[] {
  const step = (toMs - fromMs) / count;
  return Array.from({ length: count }, (_, k) => fakeSignIn(firstIndex + k, Math.floor(fromMs + k * step), types[k % types.length]!));
}
