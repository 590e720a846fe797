// Live collection as the app and the web server hold it: one sign-in (token source) per host, one
// running collection at a time, progress and sign-in prompts as push events. The host's abilities
// (opening the system browser, reading the clipboard) come from whoever runs it: Electron gives
// both, web mode neither. Tokens live in the token source only; everything this returns is safe to
// hand to the renderer. The collection itself runs on a worker thread (run-collect.ts); the token
// source stays here and answers the worker's token asks.
import path from 'node:path';
import type { AuthPrompt, AuthStatus, CollectProgress as ProgressOut, CollectStatus, CollectSummary, EventSink } from '../../preload/contract';
import type { CaseSession } from '../case/session';
import { MsalTokenSource, StaticTokenSource, type TokenSource } from './auth';
import { openTokenCacheStore, type TokenCacheStore } from './cache';
import { listRuns, markStaleRuns } from './checkpoints';
import { resolveEndpoints, type CloudId } from './clouds';
import type { CollectProgress, CollectRequest } from './collector';
import { AuthFailed, CollectError } from './errors';
import { createTransport, type Transport, type TransportOptions } from './http';
import { otherSourceCounts } from './other-sources';
import { startCollect } from './run-collect';
import { parseTokenText, readTokenFile } from './token-file';

export type CollectHostOptions = {
  /** Opens a URL in the system browser (Electron: shell.openExternal). */
  openExternal?: (url: string) => Promise<void>;
  /** Reads the clipboard's text (Electron: clipboard.readText). */
  readClipboard?: () => Promise<string>;
  /** Where the OS-protected token cache would live (asked only when msal-node-extensions loads). */
  cachePath?: () => string;
  /** The sign-in's HTTP client (MSAL runs on this thread). */
  transport?: Transport;
  /** How the collection worker makes its HTTP client (e.g. a test Graph's certificate; NODE_EXTRA_CA_CERTS applies too). */
  workerTransport?: TransportOptions;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function progressOut(p: CollectProgress): ProgressOut {
  return { ...p, waitingUntil: iso(p.waitingUntil) };
}

export class CollectHost {
  private tokens: TokenSource | null = null;
  private pending: { method: 'interactive' | 'deviceCode'; abort: AbortController } | null = null;
  private running: { abort: AbortController; progress: ProgressOut | null } | null = null;
  private cache: TokenCacheStore | null = null;
  private readonly transport: Transport;

  constructor(private readonly opts: CollectHostOptions = {}) {
    this.transport = opts.transport ?? createTransport();
  }

  private async cacheStore(): Promise<TokenCacheStore> {
    this.cache ??= await openTokenCacheStore({ cachePath: this.opts.cachePath });
    return this.cache;
  }

  authStatus(): AuthStatus {
    const info = this.tokens?.info() ?? null;
    return {
      signedIn: info !== null,
      pending: this.pending?.method ?? null,
      method: info?.method ?? null,
      account: info?.account ?? null,
      tenantId: info?.tenantId ?? null,
      cloud: info?.cloud ?? null,
      graphBaseUrl: info?.graphBaseUrl ?? null,
      expiresAt: iso(info?.expiresAt ?? null),
      cache: this.cache?.kind ?? 'memory',
      cacheNote: this.cache?.reason ?? null,
      clipboard: !!this.opts.readClipboard,
    };
  }

  async signIn(
    req: { method: 'interactive' | 'deviceCode'; tenant: string; clientId: string; cloud: CloudId; authorityUrl?: string; graphBaseUrl?: string },
    emit: EventSink,
  ): Promise<AuthStatus> {
    if (this.running) throw new CollectError('a collection is running: cancel it before signing in again', 'auth');
    this.pending?.abort.abort();
    const endpoints = resolveEndpoints({ cloud: req.cloud, authorityUrl: req.authorityUrl, graphBaseUrl: req.graphBaseUrl });
    const source = new MsalTokenSource({ tenant: req.tenant, clientId: req.clientId, endpoints, transport: this.transport, cache: await this.cacheStore() });
    // A new sign-in replaces the old one (whose accounts could share the OS-protected cache).
    await this.forget();
    const abort = new AbortController();
    this.pending = { method: req.method, abort };
    try {
      if (req.method === 'deviceCode') {
        await source.signInDeviceCode((p) => emit('auth.prompt', { kind: 'deviceCode', userCode: p.userCode, verificationUri: p.verificationUri, message: p.message, expiresAt: new Date(p.expiresAt).toISOString() } satisfies AuthPrompt), abort.signal);
      } else {
        await source.signInInteractive(async (url) => {
          let opened = false;
          if (this.opts.openExternal) {
            await this.opts.openExternal(url).then(() => (opened = true), () => undefined);
          }
          // Web mode (or a browser that did not open): the page shows the link to open.
          emit('auth.prompt', { kind: 'browser', url, opened });
        }, abort.signal);
      }
      this.tokens = source;
      if (this.pending?.abort === abort) this.pending = null;
      return this.authStatus();
    } finally {
      if (this.pending?.abort === abort) this.pending = null;
    }
  }

  async useToken(req: { file?: string; clipboard?: true; cloud: CloudId; graphBaseUrl?: string }): Promise<AuthStatus> {
    if (this.running) throw new CollectError('a collection is running: cancel it before changing the sign-in', 'auth');
    let token: string;
    if (req.file !== undefined) token = readTokenFile(path.resolve(req.file));
    else if (this.opts.readClipboard) token = parseTokenText(await this.opts.readClipboard(), 'the clipboard');
    else throw new AuthFailed('this host cannot read the clipboard: give a token file instead');
    const endpoints = resolveEndpoints({ cloud: req.cloud, graphBaseUrl: req.graphBaseUrl });
    await this.forget();
    this.tokens = new StaticTokenSource(token, endpoints);
    return this.authStatus();
  }

  /** Cancels a pending sign-in and forgets every token, the cache included. */
  async signOut(): Promise<AuthStatus> {
    this.pending?.abort.abort();
    this.pending = null;
    this.running?.abort.abort();
    await this.forget();
    await this.cache?.clear();
    return this.authStatus();
  }

  private async forget(): Promise<void> {
    const old = this.tokens;
    this.tokens = null;
    if (old instanceof MsalTokenSource) await old.signOut();
  }

  status(session: CaseSession | null): CollectStatus {
    // A run whose process died (a crash, a kill) reads 'interrupted', not 'running'.
    if (session && !this.running) markStaleRuns(session.db, Date.now());
    const runs = session
      ? listRuns(session.db).map((r) => ({
          id: r.id, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, from: r.query.from, to: r.query.to, types: r.query.types, also: r.query.also,
          users: r.query.users, apps: r.query.apps, windows: r.windows, pages: r.pages, records: r.records, inserted: r.inserted, duplicates: r.duplicates,
          retries: r.retries, throttled: r.throttled, resumedFrom: r.resumedFrom, error: r.error, warnings: r.warnings,
        }))
      : [];
    return {
      auth: this.authStatus(),
      running: this.running?.progress ?? null,
      runs,
      otherSources: session ? otherSourceCounts(session.db) : { directoryAudits: 0, riskDetections: 0, riskyUsers: 0 },
    };
  }

  /** Collects into the case at `casePath` on a worker thread with a connection of its own; one collection at a time. */
  async start(req: { from: string; to: string } & Omit<CollectRequest, 'from' | 'to'>, casePath: string, emit: EventSink): Promise<CollectSummary> {
    if (this.running) throw new CollectError('a collection is already running in this window', 'graph');
    if (!this.tokens) throw new AuthFailed('sign in first (your app registration, or an existing access token)');
    const abort = new AbortController();
    const running: { abort: AbortController; progress: ProgressOut | null } = { abort, progress: null };
    this.running = running;
    try {
      const job = startCollect(casePath, { ...req, from: Date.parse(req.from), to: Date.parse(req.to) }, {
        tokens: this.tokens,
        ...(this.opts.workerTransport ? { transport: this.opts.workerTransport } : {}),
        onProgress: (p) => {
          running.progress = progressOut(p);
          emit('collect.progress', running.progress);
        },
        // Collected sign-ins are placed on the map like imported ones, with the same progress events.
        onGeoProgress: (p) => emit('geo.progress', p),
      });
      abort.signal.addEventListener('abort', () => job.cancel(), { once: true });
      const result = await job.done;
      return {
        windows: result.windows, pages: result.pages, records: result.records, inserted: result.inserted, updated: result.updated, duplicates: result.duplicates,
        retries: result.retries, throttled: result.throttled, resumedFrom: result.resumedFrom, runId: result.runId, status: result.status, error: result.error, warnings: result.warnings,
      };
    } finally {
      this.running = null;
    }
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort.abort();
    return true;
  }

  close(): void {
    this.pending?.abort.abort();
    this.running?.abort.abort();
    if (!this.opts.transport) this.transport.close();
  }
}
