// Sign-in: device code and interactive (loopback) flows end to end against the fake authority, with
// MSAL's discovery served by the fake and nothing leaving loopback; silent refresh; sign-out; the
// existing-token option (text, az JSON, OAuth JSON); national clouds; the token cache without
// msal-node-extensions (the in-memory fallback) and with a stand-in for it; errors that say what to do.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MsalTokenSource, StaticTokenSource } from '../../../main/collect/auth';
import { EXTENSIONS_MODULE, openTokenCacheStore } from '../../../main/collect/cache';
import { CLOUDS, graphScopes, resolveEndpoints } from '../../../main/collect/clouds';
import { explainAuthError, explainGraphError, retentionWarning } from '../../../main/collect/errors';
import { checkServiceUrl, isLoopbackHost } from '../../../main/collect/http';
import { parseTokenText, peekClaims, readTokenFile, TokenFileError } from '../../../main/collect/token-file';
import { FAKE_CLIENT_ID, FAKE_TENANT_DOMAIN, FAKE_TENANT_ID, FAKE_USER } from '../../support/fake-graph';
import { tempDir } from '../helpers';
import { endpointsOf, fakeGraph, loopbackTransport } from './util';

describe('MSAL sign-in against the fake authority', () => {
  it('device code flow end to end: the code is shown, the analyst approves, tokens come silently after', async () => {
    const fake = await fakeGraph();
    const source = new MsalTokenSource({ tenant: FAKE_TENANT_DOMAIN, clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport: loopbackTransport(fake) });
    const prompts: { userCode: string; message: string; verificationUri: string }[] = [];
    const info = await source.signInDeviceCode((p) => {
      prompts.push(p);
      // The analyst enters the code a moment later: MSAL polls meanwhile.
      setTimeout(() => fake.approveDeviceCode(p.userCode), 150);
    });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.message).toContain(prompts[0]!.userCode);
    expect(prompts[0]!.verificationUri).toBe('https://microsoft.com/devicelogin');
    expect(info).toMatchObject({ method: 'deviceCode', account: FAKE_USER, tenantId: FAKE_TENANT_ID, cloud: 'custom', cache: 'memory' });
    expect(JSON.stringify(info)).not.toMatch(/eyJ/);
    const polls = fake.log.filter((l) => l.endsWith('/token')).length;
    expect(polls).toBeGreaterThan(1); // authorization_pending, then the token

    const a = await source.getToken();
    const b = await source.getToken();
    expect(a).toBe(b);
    expect(fake.issuedTokens).toContain(a);
    const refreshed = await source.getToken({ refresh: true });
    expect(refreshed).not.toBe(a);
    // Only the fake was asked: its metadata (no instance discovery anywhere), device code, token.
    expect(new Set(fake.log)).toEqual(
      new Set([`GET /${FAKE_TENANT_DOMAIN}/v2.0/.well-known/openid-configuration`, `POST /${FAKE_TENANT_DOMAIN}/oauth2/v2.0/devicecode`, `POST /${FAKE_TENANT_DOMAIN}/oauth2/v2.0/token`]),
    );

    await source.signOut();
    expect(source.signedIn).toBe(false);
    await expect(source.getToken()).rejects.toThrow(/not signed in/);
  });

  it('interactive sign-in: the browser page posts the code to MSAL’s loopback; the scope is Graph’s .default', async () => {
    const fake = await fakeGraph();
    const source = new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport: loopbackTransport(fake) });
    let opened = '';
    const info = await source.signInInteractive(async (url) => {
      opened = url;
      // What the real sign-in page does after the analyst signs in: form_post to the loopback.
      const a = fake.authorize(url);
      expect(new URL(a.redirectUri).hostname).toMatch(/^(localhost|127\.0\.0\.1)$/);
      setTimeout(() => void fetch(a.redirectUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code: a.code, state: a.state }).toString() }), 20);
    });
    expect(info).toMatchObject({ method: 'interactive', account: FAKE_USER });
    const u = new URL(opened);
    expect(u.origin + u.pathname).toBe(`${fake.authorityUrl}/${FAKE_TENANT_ID}/oauth2/v2.0/authorize`);
    expect(u.searchParams.get('scope')).toContain(`${fake.url}/.default`);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('interactive sign-in can be cancelled while MSAL waits on its loopback', async () => {
    const fake = await fakeGraph();
    const source = new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport: loopbackTransport(fake) });
    const abort = new AbortController();
    const pending = source.signInInteractive(async () => void setTimeout(() => abort.abort(), 20), abort.signal);
    await expect(pending).rejects.toThrow(/cancelled/);
  });

  it('a wrong tenant and a wrong client ID are explained, with what to do', async () => {
    const fake = await fakeGraph();
    const wrongTenant = new MsalTokenSource({ tenant: 'fabrikam.onmicrosoft.com', clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport: loopbackTransport(fake) });
    const e1 = await wrongTenant.signInDeviceCode(() => undefined).catch((e: Error & { kind: string }) => e);
    expect(e1).toMatchObject({ kind: 'tenant' });
    expect((e1 as Error).message).toMatch(/Tenant "fabrikam.onmicrosoft.com" could not be found .*Check --tenant/);

    const wrongClient = new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: '11111111-2222-3333-4444-555555555555', endpoints: endpointsOf(fake), transport: loopbackTransport(fake) });
    const e2 = await wrongClient.signInDeviceCode(() => undefined).catch((e: Error & { kind: string }) => e);
    expect(e2).toMatchObject({ kind: 'tenant' });
    expect((e2 as Error).message).toMatch(/client ID 11111111-2222-3333-4444-555555555555 is not an application in tenant/);

    expect(() => new MsalTokenSource({ tenant: 'x y', clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport: loopbackTransport(fake) })).toThrow(/tenant ID or a domain/);
    expect(() => new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: 'my-app', endpoints: endpointsOf(fake), transport: loopbackTransport(fake) })).toThrow(/Application \(client\) ID/);
  });

  it('MSAL errors by AADSTS code: consent, public client flows, redirect URI, Conditional Access', () => {
    const ctx = { tenant: 't', clientId: 'c', endpoints: resolveEndpoints({}) };
    expect(explainAuthError({ errorMessage: "AADSTS90002: Tenant 'x' not found." }, ctx)).toMatchObject({ kind: 'tenant', message: expect.stringMatching(/Tenant "t" was not found in the global cloud/) });
    expect(explainAuthError({ errorMessage: 'AADSTS50020: User account from identity provider does not exist in tenant' }, ctx).message).toMatch(/does not belong to tenant "t"/);
    expect(explainAuthError({ errorMessage: 'AADSTS65001: The user or administrator has not consented' }, ctx)).toMatchObject({ kind: 'permission', message: expect.stringMatching(/admin consent/) });
    expect(explainAuthError({ errorMessage: 'AADSTS7000218: The request body must contain client_assertion' }, ctx).message).toMatch(/Allow public client flows/);
    expect(explainAuthError({ errorMessage: 'AADSTS50011: redirect URI mismatch' }, ctx).message).toMatch(/http:\/\/localhost/);
    expect(explainAuthError({ errorMessage: 'AADSTS53003: Access has been blocked by Conditional Access policies' }, ctx).message).toMatch(/Conditional Access/);
  });
});

describe('national clouds', () => {
  it('each cloud pairs its authority with its Graph; a known authority implies its Graph; http only on loopback', () => {
    expect(resolveEndpoints({})).toEqual({ cloud: 'global', authorityUrl: CLOUDS.global.authority, graphBaseUrl: CLOUDS.global.graph });
    expect(resolveEndpoints({ cloud: 'usgov' })).toEqual({ cloud: 'usgov', authorityUrl: 'https://login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us' });
    expect(resolveEndpoints({ cloud: 'china' })).toMatchObject({ authorityUrl: 'https://login.chinacloudapi.cn', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn' });
    expect(resolveEndpoints({ authorityUrl: 'https://login.microsoftonline.us/' })).toMatchObject({ cloud: 'usgov', graphBaseUrl: 'https://graph.microsoft.us' });
    expect(resolveEndpoints({ graphBaseUrl: 'https://graph.microsoft.com/' })).toMatchObject({ cloud: 'global', graphBaseUrl: 'https://graph.microsoft.com' });
    expect(resolveEndpoints({ graphBaseUrl: 'http://127.0.0.1:8080' })).toMatchObject({ cloud: 'custom' });
    expect(() => resolveEndpoints({ graphBaseUrl: 'http://graph.example.com' })).toThrow(/must use https/);
    expect(() => resolveEndpoints({ graphBaseUrl: 'https://graph.microsoft.com/v1.0' })).toThrow(/without a version/);
    expect(graphScopes('https://graph.microsoft.us')).toEqual(['https://graph.microsoft.us/.default']);
    expect(isLoopbackHost('127.0.0.5')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(() => checkServiceUrl('https://user:pw@graph.microsoft.com', 'x')).toThrow(/user name or password/);
  });

  it('a national cloud authority is configured without any network call (MSAL’s built-in metadata)', async () => {
    const calls: string[] = [];
    const transport = {
      request: async (req: { url: string }) => {
        calls.push(req.url);
        throw new Error('no network in tests');
      },
      close: () => undefined,
    };
    for (const cloud of ['global', 'usgov', 'china'] as const) {
      const source = new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: FAKE_CLIENT_ID, endpoints: resolveEndpoints({ cloud }), transport });
      expect(source.info()).toMatchObject({ cloud, graphBaseUrl: CLOUDS[cloud].graph, account: null });
      expect(await source.restore()).toBe(false);
    }
    expect(calls).toEqual([]);
  });
});

describe('existing access token', () => {
  it('a token file holds the raw token, "Bearer <token>", az JSON (accessToken) or OAuth JSON (access_token)', () => {
    const t = 'eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.sig-_~';
    expect(parseTokenText(`${t}\n`)).toBe(t);
    expect(parseTokenText(`\uFEFFBearer ${t}`)).toBe(t);
    expect(parseTokenText(JSON.stringify({ accessToken: t, expiresOn: '2026-11-23 10:00:00.000000', subscription: 's', tenant: 'x', tokenType: 'Bearer' }))).toBe(t);
    expect(parseTokenText(JSON.stringify({ token_type: 'Bearer', access_token: t, expires_in: 3599 }))).toBe(t);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'az.json'), JSON.stringify({ accessToken: t }, null, 2));
    expect(readTokenFile(path.join(dir, 'az.json'))).toBe(t);
  });

  it('bad token files are refused without quoting them', () => {
    const secret = 'eyJzZWNyZXQi';
    const bad = ['', '   ', '{"accessToken": 5}', `{"token":"${secret}"}`, `{not json ${secret}`, `${secret} ${secret}`, `${secret}<script>`];
    for (const text of bad) {
      const err = (() => {
        try {
          parseTokenText(text, 'the token file t.json');
        } catch (e) {
          return e as Error;
        }
        return null;
      })();
      expect(err, text).toBeInstanceOf(TokenFileError);
      expect(err!.message).not.toContain(secret);
    }
    expect(() => readTokenFile(path.join(tempDir(), 'missing.json'))).toThrow(/cannot read the token file .*ENOENT/);
  });

  it('a static token is never refreshed: a 401 says it expired or is wrong, and what to do', async () => {
    const exp = Math.floor(Date.UTC(2026, 0, 1) / 1000);
    const token = `x.${Buffer.from(JSON.stringify({ exp, tid: FAKE_TENANT_ID, upn: 'a@b.c', scp: 'AuditLog.Read.All' })).toString('base64url')}.`;
    expect(peekClaims(token)).toMatchObject({ tenantId: FAKE_TENANT_ID, account: 'a@b.c', expiresAt: exp * 1000, scopes: ['AuditLog.Read.All'] });
    expect(peekClaims('opaque-token')).toBeNull();
    const source = new StaticTokenSource(token, resolveEndpoints({}));
    expect(await source.getToken()).toBe(token);
    await expect(source.getToken({ refresh: true })).rejects.toThrow(/expired at 2026-01-01T00:00:00.000Z.*az account get-access-token --resource-type ms-graph/);
    expect(source.info()).toMatchObject({ method: 'token', account: 'a@b.c', tenantId: FAKE_TENANT_ID });
  });
});

describe('token cache', () => {
  it('without msal-node-extensions (not installable here: keytar) the cache stays in memory, and says so', async () => {
    const store = await openTokenCacheStore();
    expect(store).toMatchObject({ kind: 'memory', plugin: null });
    expect(store.reason).toContain(EXTENSIONS_MODULE);
    await store.clear();
  });

  it('a failing OS store (no libsecret) falls back to memory, never to a plaintext file', async () => {
    const createPersistence = vi.fn(async () => {
      throw new Error('Persistence check failed: libsecret not available');
    });
    const store = await openTokenCacheStore({ importer: async () => ({ PersistenceCreator: { createPersistence }, PersistenceCachePlugin: class {}, DataProtectionScope: { CurrentUser: 'CurrentUser' } }), cachePath: () => '/tmp/x' });
    expect(store).toMatchObject({ kind: 'memory', plugin: null });
    expect(store.reason).toMatch(/libsecret/);
    expect(createPersistence).toHaveBeenCalledWith(expect.objectContaining({ usePlaintextFileOnLinux: false, cachePath: '/tmp/x' }));
  });

  it('with msal-node-extensions present, MSAL gets its persistence plugin and sign-out deletes the store', async () => {
    const deleted = vi.fn(async () => true);
    class Plugin {
      constructor(readonly persistence: unknown) {}
      beforeCacheAccess = vi.fn(async () => undefined);
      afterCacheAccess = vi.fn(async () => undefined);
    }
    const store = await openTokenCacheStore({ importer: async (name) => (name === EXTENSIONS_MODULE ? { default: { PersistenceCreator: { createPersistence: async () => ({ delete: deleted }) }, PersistenceCachePlugin: Plugin } } : null) });
    expect(store.kind).toBe('os');
    expect(store.plugin).toBeInstanceOf(Plugin);

    const fake = await fakeGraph();
    const source = new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport: loopbackTransport(fake), cache: store });
    await source.signInDeviceCode((p) => fake.approveDeviceCode(p.userCode));
    expect((store.plugin as unknown as Plugin).afterCacheAccess).toHaveBeenCalled();
    expect(source.info()).toMatchObject({ cache: 'os', cacheNote: null });
    await source.signOut();
    expect(deleted).toHaveBeenCalled();
  });
});

describe('Graph errors and retention', () => {
  it('licence, permission, not found: each message says what to do', () => {
    const licence = explainGraphError(403, JSON.stringify({ error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license" } }), { source: 'sign-ins', url: 'https://graph.microsoft.com/beta/auditLogs/signIns' });
    expect(licence.kind).toBe('licence');
    expect(licence.message).toMatch(/P1 or P2 licence.*Neither tenant is B2C or tenant doesn't have premium license.*Download the sign-ins from the Entra admin center.*sightline import/);
    const perm = explainGraphError(403, JSON.stringify({ error: { code: 'Authentication_MSGraphPermissionMissing', message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All' } }), { source: 'signIns', url: 'https://graph.microsoft.com/beta/auditLogs/signIns' });
    expect(perm.kind).toBe('permission');
    expect(perm.message).toMatch(/AuditLog.Read.All and Directory.Read.All.*admin consent/);
    const risky = explainGraphError(403, '{"error":{"code":"Forbidden","message":"x"}}', { source: 'riskyUsers', url: 'https://graph.microsoft.com/v1.0/identityProtection/riskyUsers' });
    expect(risky.message).toMatch(/IdentityRiskyUser.Read.All/);
    const missing = explainGraphError(404, '{"error":{"code":"BadRequest","message":"Resource not found for the segment \'signIns\'."}}', { source: 'sign-ins', url: 'https://microsoftgraph.chinacloudapi.cn/beta/auditLogs/signIns' });
    expect(missing.message).toMatch(/--graph-base-url/);
  });

  it('a range past retention is a warning (7 days Free, 30 days P1/P2), never a refusal', () => {
    const now = Date.UTC(2026, 10, 20);
    expect(retentionWarning(now - 3 * 86_400_000, now)).toBeNull();
    expect(retentionWarning(now - 10 * 86_400_000, now)).toMatch(/10 days ago.*P1\/P2/);
    expect(retentionWarning(now - 45 * 86_400_000, now)).toMatch(/45 days ago.*30 days with P1\/P2 \(7 days on Free\).*Collecting anyway/);
  });
});
