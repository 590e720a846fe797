// IPC registration: every contract channel registered, every sender checked before any handler
// runs, payloads validated by the shared dispatch, results (never throws) returned.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { createAppContext } from '../../../main/app/context';
import { handleInvoke, ipcChannelName, registerIpc, senderRejection, type FrameLike, type InvokeEventLike } from '../../../main/app/ipc';
import { IPC_CHANNEL_PREFIX } from '../../../main/app/origin';
import type { HandlerContext } from '../../../main/handlers';
import { createBridge } from '../../../preload/bridge';
import { channels, type Channel } from '../../../preload/contract';
import { tempDir } from '../helpers';

const mainFrame: FrameLike = { url: 'app://sightline/index.html', parent: null };
const fromFrame = (frame: FrameLike | null): InvokeEventLike => ({ senderFrame: frame });
const good = fromFrame(mainFrame);

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel: string, listener: Listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    call(channel: string, event: InvokeEventLike, ...args: unknown[]) {
      const h = handlers.get(channel);
      if (!h) throw new Error(`no handler ${channel}`);
      return h(event, ...args);
    },
  };
}

const contexts: HandlerContext[] = [];
afterEach(() => {
  while (contexts.length) contexts.pop()!.session?.close();
});

function context(withCase = true) {
  const emitted: Array<[string, unknown]> = [];
  const dir = tempDir();
  const casePath = path.join(dir, 'inv.sightline');
  const ctx = createAppContext({
    emit: (name, payload) => void emitted.push([name, payload]),
    dialogs: { pickCasePath: async () => null, pickEvidenceFiles: async () => null, pickSavePath: async () => null },
    session: withCase ? CaseSession.open(casePath) : null,
  });
  contexts.push(ctx);
  return { ctx, emitted, dir, casePath };
}

describe('registerIpc', () => {
  it('registers sightline:<channel> for every contract channel, once each', () => {
    const ipc = fakeIpcMain();
    const names = registerIpc(ipc, context().ctx);
    expect(names).toEqual(channels.map((c) => `sightline:${c}`));
    expect([...ipc.handlers.keys()].sort()).toEqual(channels.map((c) => `sightline:${c}`).sort());
    expect(ipc.handlers.size).toBe(channels.length);
    expect(ipcChannelName('case.open')).toBe(`${IPC_CHANNEL_PREFIX}case.open`);
  });

  it('a good call from the main frame reaches the handler and returns {ok:true, value}', async () => {
    const { ctx, casePath } = context();
    const ipc = fakeIpcMain();
    registerIpc(ipc, ctx);
    const current = (await ipc.call('sightline:case.current', good)) as { ok: true; value: { path: string; name: string; signIns: number } };
    expect(current.ok).toBe(true);
    expect(current.value).toMatchObject({ path: casePath, name: 'inv', signIns: 0 });
    expect(await ipc.call('sightline:evidence.list', good, {})).toEqual({ ok: true, value: [] });
    // No payload at all (ipcRenderer.invoke(channel)) is an empty object for the Empty inputs.
    expect(await ipc.call('sightline:evidence.list', good)).toEqual({ ok: true, value: [] });
    expect(await ipc.call('sightline:app.info', good)).toEqual({ ok: true, value: { version: ctx.version, mode: 'electron', nativeDialogs: true } });
  });

  it.each<[string, Channel, unknown]>([
    ['wrong type', 'case.open', { path: 42 }],
    ['missing field', 'case.open', {}],
    ['unknown key (strict)', 'case.open', { path: 'x.sightline', evil: true }],
    ['not an object', 'evidence.import', 'rm -rf /'],
    ['empty path list', 'evidence.import', { paths: [] }],
    ['payload on an empty channel', 'case.current', { anything: 1 }],
  ])('a bad payload (%s) gets bad-request and no handler runs', async (_what, channel, payload) => {
    const { ctx, dir } = context();
    const ipc = fakeIpcMain();
    registerIpc(ipc, ctx);
    const before = ctx.session;
    const r = (await ipc.call(ipcChannelName(channel), good, payload)) as { ok: false; error: { code: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('bad-request');
    expect(r.error.message).toContain(channel);
    expect(ctx.session).toBe(before);
    expect(fs.readdirSync(dir)).not.toContain('x.sightline');
  });

  it.each<[string, FrameLike | null]>([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['another app:// host', { url: 'app://evil/index.html', parent: null }],
    ['app:// with a port', { url: 'app://sightline:8080/index.html', parent: null }],
    ['a look-alike host', { url: 'app://sightline.evil.example/index.html', parent: null }],
    ['a subframe of our own page', { url: 'app://sightline/frame.html', parent: mainFrame }],
    ['a subframe from elsewhere', { url: 'https://evil.example/', parent: mainFrame }],
    ['a frame that is gone', null],
    ['an empty URL (about:blank before load)', { url: '', parent: null }],
  ])('a call from %s is forbidden and never reaches the handler', async (_what, frame) => {
    const { ctx, dir } = context();
    const ipc = fakeIpcMain();
    registerIpc(ipc, ctx);
    const target = path.join(dir, 'planted.sightline');
    const before = ctx.session;
    const r = (await ipc.call('sightline:case.open', fromFrame(frame), { path: target })) as { ok: false; error: { code: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fs.existsSync(target)).toBe(false);
    expect(ctx.session).toBe(before);
    expect(senderRejection(fromFrame(frame))).not.toBeNull();
  });

  it('accepts our main frame on any path of app://sightline', () => {
    expect(senderRejection(good)).toBeNull();
    expect(senderRejection(fromFrame({ url: 'app://sightline/', parent: null }))).toBeNull();
    expect(senderRejection(fromFrame({ url: 'app://sightline/index.html#/grid?x=1', parent: null }))).toBeNull();
  });

  it('a handler failure comes back as a Result, not a throw', async () => {
    const { ctx } = context(false);
    const ipc = fakeIpcMain();
    registerIpc(ipc, ctx);
    await expect(ipc.call('sightline:evidence.list', good)).resolves.toMatchObject({ ok: false, error: { code: 'no-case' } });
    await expect(ipc.call('sightline:signins.get', good, { id: 'nope' })).resolves.toMatchObject({ ok: false, error: { code: 'no-case' } });
    const unsupported = { ...ctx, dialogs: undefined };
    await expect(handleInvoke('case.openDialog', good, { create: true }, unsupported)).resolves.toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('case.open over IPC switches the case and pushes case.changed', async () => {
    const { ctx, emitted, dir } = context();
    const ipc = fakeIpcMain();
    registerIpc(ipc, ctx);
    const first = ctx.session!;
    const next = path.join(dir, 'second.sightline');
    const r = (await ipc.call('sightline:case.open', good, { path: next })) as { ok: true; value: { path: string } };
    expect(r.ok).toBe(true);
    expect(r.value.path).toBe(next);
    expect(ctx.session?.path).toBe(next);
    expect(first.db.open).toBe(false);
    expect(emitted.map(([name]) => name)).toEqual(['case.changed']);
  });

  it('round trip: preload bridge -> IPC -> sender check -> dispatch -> real case', async () => {
    const { ctx, casePath } = context();
    const ipc = fakeIpcMain();
    registerIpc(ipc, ctx);
    const bridge = createBridge({
      invoke: (channel, payload) => ipc.call(channel, good, payload),
      subscribe: () => () => undefined,
      pathForFile: () => '',
    });
    await expect(bridge['case.current']({})).resolves.toMatchObject({ ok: true, value: { path: casePath } });
    await expect(bridge['signins.count']({ filter: {} })).resolves.toEqual({ ok: true, value: { total: 0 } });
    await expect(bridge['signins.get']({ id: 'missing' })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    // A forged sender on the same bridge is refused.
    const forged = createBridge({
      invoke: (channel, payload) => ipc.call(channel, fromFrame({ url: 'https://evil.example/', parent: null }), payload),
      subscribe: () => () => undefined,
      pathForFile: () => '',
    });
    await expect(forged['case.current']({})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
