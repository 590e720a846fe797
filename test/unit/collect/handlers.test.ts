// The collection channels through the one handler table (as IPC and the web server call them):
// sign-in with a token file, collect with progress events, status, cancel, sign-out; and no token
// in any reply or event, nor in the case file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInput, type EventName } from '../../../preload/contract';
import { CaseSession } from '../../../main/case/session';
import { CollectHost } from '../../../main/collect/host';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { FAKE_CLIENT_ID, FAKE_TENANT_ID } from '../../support/fake-graph';
import { tempDir } from '../helpers';
import { FROM, fakeGraph, loopbackTransport } from './util';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function setup() {
  const fake = await fakeGraph();
  const dir = tempDir();
  const file = path.join(dir, 'case.sightline');
  const events: [EventName, unknown][] = [];
  const ctx = createHandlerContext({ mode: 'web', emit: (n, p) => events.push([n, p]), session: CaseSession.open(file) });
  // Sign-in runs here on the test transport; the collection's worker trusts the fake's certificate too.
  ctx.collect = new CollectHost({ transport: loopbackTransport(fake), workerTransport: { ca: fake.ca } });
  const replies: unknown[] = [];
  const call = async (channel: Parameters<typeof dispatch>[0], payload: unknown) => {
    const r = await dispatch(channel, payload, ctx);
    replies.push(r);
    return r as { ok: boolean; value?: never; error?: { code: string; message: string } };
  };
  return { fake, dir, file, ctx, events, replies, call };
}

function noTokenIn(text: string, tokens: string[]) {
  for (const t of tokens) {
    expect(text).not.toContain(t);
    expect(text).not.toContain(t.split('.').slice(0, 2).join('.'));
  }
}

describe('collect channels', () => {
  it('token file -> collect.start with progress -> status; no token crosses the contract or lands in the case', async () => {
    const s = await setup();
    fs.writeFileSync(path.join(s.dir, 'token.json'), JSON.stringify({ access_token: s.fake.mintToken(), token_type: 'Bearer' }));
    const before = await s.call('auth.status', {});
    expect(before).toMatchObject({ ok: true, value: { signedIn: false, method: null, cache: 'memory', clipboard: false } });

    const auth = await s.call('auth.useToken', { file: path.join(s.dir, 'token.json'), graphBaseUrl: s.fake.url });
    expect(auth).toMatchObject({ ok: true, value: { signedIn: true, method: 'token', tenantId: FAKE_TENANT_ID, account: 'analyst@contoso.onmicrosoft.com', cloud: 'custom' } });

    const started = await s.call('collect.start', { from: iso(FROM), to: iso(FROM + DAY), types: ['interactiveUser', 'servicePrincipal'] });
    expect(started).toMatchObject({ ok: true, value: { status: 'completed', windows: 2, pages: 5, records: 35, inserted: 35, resumedFrom: null, error: null } });
    const progress = s.events.filter(([n]) => n === 'collect.progress').map(([, p]) => p as { state: string; pages: number });
    expect(progress.at(-1)).toMatchObject({ state: 'completed', pages: 5 });
    expect(s.events.some(([n]) => n === 'case.changed')).toBe(true);
    // The geo post-pass ran on the collected sign-ins, with its progress as the import's is reported.
    expect(s.events.filter(([n]) => n === 'geo.progress').at(-1)?.[1]).toMatchObject({ finished: true, error: null });

    const status = await s.call('collect.status', {});
    expect(status).toMatchObject({ ok: true, value: { running: null, runs: [{ status: 'completed', pages: 5, records: 35, types: ['interactiveUser', 'servicePrincipal'] }], otherSources: { directoryAudits: 0 } } });
    const list = await s.call('evidence.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ source: 'graph', format: 'graph-json', records: 35 }] });

    const out = await s.call('auth.signOut', {});
    expect(out).toMatchObject({ ok: true, value: { signedIn: false } });
    const after = await s.call('collect.start', { from: iso(FROM), to: iso(FROM + DAY) });
    expect(after).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/sign in first/) } });

    noTokenIn(JSON.stringify(s.replies) + JSON.stringify(s.events), s.fake.issuedTokens);
    s.ctx.session!.close();
    for (const f of [s.file, `${s.file}-wal`]) if (fs.existsSync(f)) noTokenIn(fs.readFileSync(f).toString('latin1'), s.fake.issuedTokens);
  });

  it('device code sign-in over the channels: the code arrives as auth.prompt, tokens never do', async () => {
    const s = await setup();
    const signing = s.call('auth.signIn', { method: 'deviceCode', tenant: FAKE_TENANT_ID, clientId: FAKE_CLIENT_ID, authorityUrl: s.fake.authorityUrl, graphBaseUrl: s.fake.url });
    // The UI shows the code; the analyst enters it.
    for (let i = 0; i < 100 && !s.events.some(([n]) => n === 'auth.prompt'); i++) await new Promise((r) => setTimeout(r, 20));
    const pending = await s.call('auth.status', {});
    expect(pending).toMatchObject({ ok: true, value: { pending: 'deviceCode', signedIn: false } });
    const prompt = s.events.find(([n]) => n === 'auth.prompt')![1] as { kind: string; userCode: string; message: string };
    expect(prompt).toMatchObject({ kind: 'deviceCode', verificationUri: 'https://microsoft.com/devicelogin' });
    s.fake.approveDeviceCode(prompt.userCode);
    expect(await signing).toMatchObject({ ok: true, value: { signedIn: true, method: 'deviceCode', pending: null, account: 'analyst@contoso.onmicrosoft.com' } });
    const run = await s.call('collect.start', { from: iso(FROM), to: iso(FROM + DAY), types: ['servicePrincipal'] });
    expect(run).toMatchObject({ ok: true, value: { status: 'completed', inserted: 10 } });
    noTokenIn(JSON.stringify(s.replies) + JSON.stringify(s.events), s.fake.issuedTokens);
    s.ctx.session!.close();
  });

  it('a licence error fails the run with what to do; inputs are validated; cancel with nothing running', async () => {
    const s = await setup();
    s.fake.options.fault = () => ({ status: 403, body: { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license" } } });
    await s.call('auth.useToken', { file: (fs.writeFileSync(path.join(s.dir, 't'), s.fake.mintToken()), path.join(s.dir, 't')), graphBaseUrl: s.fake.url });
    const r = await s.call('collect.start', { from: iso(FROM), to: iso(FROM + DAY), types: ['interactiveUser'] });
    expect(r).toMatchObject({ ok: true, value: { status: 'failed', pages: 0, error: expect.stringMatching(/P1 or P2 licence.*Download the sign-ins from the Entra admin center/) } });

    expect(parseInput('collect.start', { from: '2026-11-01', to: iso(FROM) }).ok).toBe(false);
    expect(parseInput('collect.start', { from: iso(FROM), to: iso(FROM + DAY), types: ['everything'] }).ok).toBe(false);
    expect(parseInput('auth.useToken', {}).ok).toBe(false);
    expect(parseInput('auth.useToken', { file: 'a', clipboard: true }).ok).toBe(false);
    // A token itself is not an input of any channel.
    expect(parseInput('auth.useToken', { token: 'eyJ0' } as never).ok).toBe(false);
    const bad = await s.call('auth.useToken', { file: path.join(s.dir, 'missing.json') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/cannot read the token file/) } });
    const http = await s.call('auth.useToken', { file: path.join(s.dir, 't'), graphBaseUrl: 'http://graph.example.com' });
    expect(http).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await s.call('collect.cancel', {})).toMatchObject({ ok: true, value: { cancelled: false } });
    s.ctx.session!.close();
  });
});
