// Signing in for a collection. Two kinds of token source behind one interface:
// - an existing access token (pasted on the CLI's stdin, read from a file, or from the clipboard):
//   no tenant or client ID needed, no refresh possible (a 401 says it expired or is wrong);
// - MSAL (@azure/msal-node) with the analyst's own app registration: interactive sign-in in the
//   system browser (loopback redirect) or device code, in the global or a national cloud, then
//   silent refresh from MSAL's cache (memory, or OS-protected when msal-node-extensions loads).
// Tokens stay inside this module's objects: nothing here logs, returns or stores one elsewhere.
import { LogLevel, PublicClientApplication, type AccountInfo, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { graphScopes, isWellKnownAuthority, type Endpoints } from './clouds';
import { memoryStore, type TokenCacheStore } from './cache';
import { AuthFailed, explainAuthError } from './errors';
import { checkServiceUrl, type Transport } from './http';
import { peekClaims } from './token-file';

export type AuthMethod = 'interactive' | 'deviceCode' | 'token';

/** What may be said about a sign-in: never the token itself. */
export type AuthInfo = {
  method: AuthMethod;
  account: string | null;
  tenantId: string | null;
  cloud: Endpoints['cloud'];
  graphBaseUrl: string;
  /** When the current access token expires (ms), if known. */
  expiresAt: number | null;
  cache: TokenCacheStore['kind'];
  cacheNote: string | null;
};

export interface TokenSource {
  readonly method: AuthMethod;
  readonly endpoints: Endpoints;
  /** A token for Graph. `refresh` after Graph refused the last one (401). Throws AuthFailed. */
  getToken(opts?: { refresh?: boolean }): Promise<string>;
  info(): AuthInfo;
}

export type DeviceCodePrompt = { userCode: string; verificationUri: string; message: string; expiresAt: number };

/** An access token the analyst brought. It cannot be refreshed: Graph's 401 ends the run with advice. */
export class StaticTokenSource implements TokenSource {
  readonly method = 'token' as const;
  #token: string;

  constructor(
    token: string,
    readonly endpoints: Endpoints,
  ) {
    this.#token = token;
  }

  async getToken(opts: { refresh?: boolean } = {}): Promise<string> {
    if (opts.refresh) {
      const exp = peekClaims(this.#token)?.expiresAt ?? null;
      const when = exp !== null && exp <= Date.now() ? ` (it expired at ${new Date(exp).toISOString()})` : '';
      throw new AuthFailed(
        `Graph refused the access token${when}: it has expired or is not a Microsoft Graph token of this tenant. ` +
          'Get a fresh one (az account get-access-token --resource-type ms-graph) or sign in with your app registration (--tenant and --client-id); the next run resumes where this one stopped.',
      );
    }
    return this.#token;
  }

  info(): AuthInfo {
    const c = peekClaims(this.#token);
    return { method: 'token', account: c?.account ?? null, tenantId: c?.tenantId ?? null, cloud: this.endpoints.cloud, graphBaseUrl: this.endpoints.graphBaseUrl, expiresAt: c?.expiresAt ?? null, cache: 'memory', cacheNote: null };
  }
}

/** MSAL's network module on Sightline's transport: the same TLS trust, time limits and URL rules. */
export function msalNetwork(transport: Transport): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: string }, timeout?: number): Promise<NetworkResponse<T>> => {
    const res = await transport.request({ method, url, headers: options?.headers, body: method === 'POST' ? (options?.body ?? '') : undefined, timeoutMs: timeout || 60_000 });
    let body: unknown;
    try {
      body = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new AuthFailed(`the sign-in service at ${new URL(url).host} answered HTTP ${res.status} without JSON: is --authority-url right?`);
    }
    return { status: res.status, headers: res.headers, body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export type MsalOptions = {
  tenant: string;
  clientId: string;
  endpoints: Endpoints;
  transport: Transport;
  cache?: TokenCacheStore;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkTenantAndClient(tenant: string, clientId: string): void {
  if (!/^[A-Za-z0-9.-]+$/.test(tenant)) throw new AuthFailed(`the tenant must be a tenant ID or a domain such as contoso.onmicrosoft.com, not "${tenant}"`);
  if (!GUID.test(clientId)) throw new AuthFailed(`the client ID must be the Application (client) ID of your app registration, a GUID; got "${clientId}"`);
}

/** Sign-in with the analyst's app registration; after it, tokens come silently from MSAL's cache. */
export class MsalTokenSource implements TokenSource {
  readonly endpoints: Endpoints;
  #pca: PublicClientApplication;
  #account: AccountInfo | null = null;
  #expiresAt: number | null = null;
  #method: AuthMethod = 'interactive';
  #cache: TokenCacheStore;
  #scopes: string[];

  constructor(private readonly opts: MsalOptions) {
    checkTenantAndClient(opts.tenant, opts.clientId);
    this.endpoints = opts.endpoints;
    this.#cache = opts.cache ?? memoryStore('tokens are kept in memory only');
    this.#scopes = graphScopes(opts.endpoints.graphBaseUrl);
    const authority = `${checkServiceUrl(opts.endpoints.authorityUrl, 'the authority URL').origin}/${opts.tenant}`;
    // A host MSAL does not know (a sovereign or test authority) is trusted as given, and its metadata
    // comes from its own /v2.0/.well-known/openid-configuration: MSAL never asks
    // login.microsoftonline.com for instance discovery. Known clouds use MSAL's built-in metadata.
    const known = isWellKnownAuthority(opts.endpoints.authorityUrl);
    this.#pca = new PublicClientApplication({
      auth: { clientId: opts.clientId, authority, ...(known ? {} : { knownAuthorities: [new URL(authority).host] }) },
      cache: this.#cache.plugin ? { cachePlugin: this.#cache.plugin } : {},
      system: {
        networkClient: msalNetwork(opts.transport),
        // Nothing personal, nothing secret in MSAL's log, and nothing logged below errors.
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    });
  }

  get method(): AuthMethod {
    return this.#method;
  }

  /** The account of an earlier sign-in kept in the OS-protected cache, if any (silent start). */
  async restore(): Promise<boolean> {
    const accounts = await this.#pca.getTokenCache().getAllAccounts();
    this.#account = accounts.find((a) => a.tenantId === this.opts.tenant) ?? accounts[0] ?? null;
    return this.#account !== null;
  }

  /** Sign-in in the system browser; MSAL listens on a loopback port for the answer. */
  async signInInteractive(openBrowser: (url: string) => Promise<void>, signal?: AbortSignal): Promise<AuthInfo> {
    let loopback: { redirectUri: string; state: string } | null = null;
    const onAbort = () => {
      // MSAL waits on its loopback server with no time limit; an error answer closes it cleanly.
      if (loopback) void fetch(loopback.redirectUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ error: 'access_denied', error_description: 'cancelled in Sightline', state: loopback.state }).toString() }).catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.#pca.acquireTokenInteractive({
        scopes: this.#scopes,
        openBrowser: async (url) => {
          const u = new URL(url);
          loopback = { redirectUri: u.searchParams.get('redirect_uri') ?? '', state: u.searchParams.get('state') ?? '' };
          if (signal?.aborted) return onAbort();
          await openBrowser(url);
        },
        successTemplate: '<h1>Signed in</h1><p>You can close this tab and return to Sightline.</p>',
        errorTemplate: '<h1>Sign-in failed</h1><p>Return to Sightline for details.</p>',
      });
      return this.#signedIn('interactive', result);
    } catch (err) {
      if (signal?.aborted) throw new AuthFailed('sign-in was cancelled');
      throw explainAuthError(err, this.opts);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** What a finished interactive or device-code sign-in leaves behind (never the token itself). */
  #signedIn(method: AuthMethod, result: { account: AccountInfo | null; expiresOn: Date | null }): AuthInfo {
    this.#method = method;
    this.#account = result.account;
    this.#expiresAt = result.expiresOn?.getTime() ?? null;
    return this.info();
  }

  /** Device code flow: `onPrompt` gets the code to show; resolves once the analyst has signed in. */
  async signInDeviceCode(onPrompt: (p: DeviceCodePrompt) => void, signal?: AbortSignal): Promise<AuthInfo> {
    const request = {
      scopes: this.#scopes,
      cancel: false,
      deviceCodeCallback: (r: { userCode: string; verificationUri: string; message: string; expiresIn: number }) =>
        onPrompt({ userCode: r.userCode, verificationUri: r.verificationUri, message: r.message, expiresAt: Date.now() + r.expiresIn * 1000 }),
    };
    // MSAL polls with this very request object and stops when `cancel` turns true.
    const onAbort = () => (request.cancel = true);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.#pca.acquireTokenByDeviceCode(request);
      if (!result) throw new AuthFailed('the device code sign-in ended without a token');
      return this.#signedIn('deviceCode', result);
    } catch (err) {
      if (signal?.aborted) throw new AuthFailed('sign-in was cancelled');
      throw explainAuthError(err, this.opts);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async getToken(opts: { refresh?: boolean } = {}): Promise<string> {
    if (!this.#account) throw new AuthFailed('not signed in: sign in first');
    try {
      const result = await this.#pca.acquireTokenSilent({ account: this.#account, scopes: this.#scopes, forceRefresh: opts.refresh ?? false });
      this.#expiresAt = result.expiresOn?.getTime() ?? null;
      return result.accessToken;
    } catch (err) {
      throw explainAuthError(err, this.opts, 'refreshing the sign-in failed; sign in again (the next run resumes where this one stopped)');
    }
  }

  /** Forgets every account and token, in memory and in the OS-protected cache. */
  async signOut(): Promise<void> {
    const cache = this.#pca.getTokenCache();
    for (const a of await cache.getAllAccounts()) await cache.removeAccount(a);
    await this.#cache.clear();
    this.#account = null;
    this.#expiresAt = null;
  }

  get signedIn(): boolean {
    return this.#account !== null;
  }

  info(): AuthInfo {
    return {
      method: this.#method,
      account: this.#account?.username ?? null,
      tenantId: this.#account?.tenantId ?? null,
      cloud: this.endpoints.cloud,
      graphBaseUrl: this.endpoints.graphBaseUrl,
      expiresAt: this.#expiresAt,
      cache: this.#cache.kind,
      cacheNote: this.#cache.reason,
    };
  }
}
