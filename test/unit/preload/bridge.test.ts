// The pure bridge: one function per channel that resolves with Results (codes cross contextBridge as data), `on` without the Electron event,
// pathForFile. Driven by a fake invoke/subscribe host (no Electron).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL, createBridge, type BridgeHost } from '../../../preload/bridge';
import { SightlineError, channels, eventNames, unwrapResult, type Bridge, type EventName } from '../../../preload/contract';

function host(reply: (channel: string, payload: unknown) => unknown = () => ({ ok: true, value: null })) {
  const bus = new EventEmitter();
  const invoke = vi.fn(async (channel: string, payload: unknown) => reply(channel, payload));
  const h: BridgeHost = {
    invoke,
    subscribe: (channel, listener) => {
      bus.on(channel, listener);
      return () => void bus.off(channel, listener);
    },
    pathForFile: (file) => (file.name === 'dropped.csv' ? '/evidence/dropped.csv' : ''),
  };
  /** Sends like webContents.send: the listener receives (event, name, payload). */
  const push = (name: string, payload: unknown) => bus.emit(IPC_EVENT_CHANNEL, { sender: 'electron-event-object', ports: [] }, name, payload);
  return { h, invoke, bus, push };
}

describe('createBridge', () => {
  it('has one function per contract channel, plus on and pathForFile, and nothing else', () => {
    const bridge = createBridge(host().h);
    expect(Object.keys(bridge).sort()).toEqual([...channels, 'on', 'pathForFile'].sort());
    for (const c of channels) expect(typeof bridge[c]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes sightline:<channel> with the payload and resolves the Result', async () => {
    const { h, invoke } = host((channel) => ({ ok: true, value: { channel } }));
    const bridge = createBridge(h);
    await expect(bridge['case.open']({ path: '/c/a.sightline' })).resolves.toEqual({ ok: true, value: { channel: 'sightline:case.open' } });
    expect(invoke).toHaveBeenCalledWith(`${IPC_CHANNEL_PREFIX}case.open`, { path: '/c/a.sightline' });
    for (const c of channels) {
      invoke.mockClear();
      await (bridge[c] as (a: unknown) => Promise<unknown>)({});
      expect(invoke).toHaveBeenCalledWith(`sightline:${c}`, {});
    }
  });

  it('resolves a failure as data, so the error code survives contextBridge; unwrapResult turns it into an error with the code', async () => {
    const failure = { ok: false, error: { code: 'no-case', message: 'no case is open: open or create a case first' } };
    const bridge = createBridge(host(() => failure).h);
    const reply = await bridge['evidence.list']({});
    expect(reply).toEqual(failure);
    // What crosses contextBridge is a structured clone: plain data keeps the code.
    const cloned = structuredClone(reply);
    const err = (() => {
      try {
        unwrapResult('evidence.list', cloned);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SightlineError);
    expect(err).toMatchObject({ code: 'no-case', message: 'no case is open: open or create a case first' });
  });

  it.each([undefined, null, 'ok', { ok: 'yes' }, { ok: true }, { ok: false }, { ok: false, error: 'x' }])('a malformed reply (%j) is an internal error', (reply) => {
    expect(() => unwrapResult('case.current', reply)).toThrow(SightlineError);
    try {
      unwrapResult('case.current', reply);
    } catch (e) {
      expect((e as SightlineError).code).toBe('internal');
    }
  });

  it('a failing transport becomes an internal error Result (never hangs, never throws across the bridge)', async () => {
    const bridge = createBridge({ ...host().h, invoke: async () => Promise.reject(new Error('ipc gone')) });
    await expect(bridge['case.current']({})).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'case.current: ipc gone' } });
  });
});

describe('on', () => {
  it('delivers only the payload (no Electron event) for the subscribed name', () => {
    const { h, push } = host();
    const bridge: Bridge = createBridge(h);
    const seen: unknown[][] = [];
    bridge.on('case.changed', (...args: unknown[]) => void seen.push(args));
    push('case.changed', null);
    push('import.progress', { file: 'a.csv' });
    push('case.changed', { name: 'acme' });
    expect(seen).toEqual([[null], [{ name: 'acme' }]]);
  });

  it('returns an unsubscribe function', () => {
    const { h, push, bus } = host();
    const bridge = createBridge(h);
    const cb = vi.fn();
    const off = bridge.on('import.progress', cb);
    expect(bus.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
    push('import.progress', { done: false });
    off();
    push('import.progress', { done: true });
    expect(cb.mock.calls).toEqual([[{ done: false }]]);
    expect(bus.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it.each(['case.deleted', '__proto__', 'constructor', '', 'sightline:event'])('rejects the unknown event name %j', (name) => {
    const { h, bus } = host();
    const bridge = createBridge(h);
    expect(() => bridge.on(name as EventName, () => undefined)).toThrow(/unknown event/);
    expect(bus.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('accepts every contract event name, and refuses a non-function callback', () => {
    const bridge = createBridge(host().h);
    for (const name of eventNames) bridge.on(name, () => undefined)();
    expect(() => bridge.on('case.changed', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('pathForFile', () => {
  it('is the host path, or null for a file without one', () => {
    const bridge = createBridge(host().h);
    expect(bridge.pathForFile(new File(['x'], 'dropped.csv'))).toBe('/evidence/dropped.csv');
    expect(bridge.pathForFile(new File(['x'], 'made-in-memory.csv'))).toBeNull();
  });
});
