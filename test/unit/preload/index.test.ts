// The real preload entry against the fake electron: what it exposes, and that it only wires
// ipcRenderer/webUtils into the bridge (events arrive without the Electron event object).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../../preload/bridge';
import { channels, type Bridge } from '../../../preload/contract';
import { contextBridge, fake, ipcRenderer, webUtils } from '../fakes/electron';

vi.mock('electron', () => import('../fakes/electron'));

let bridge: Bridge;
beforeAll(async () => {
  fake.reset();
  await import('../../../preload/index');
  bridge = fake.exposed.get('sightline') as Bridge;
});

describe('preload/index', () => {
  it('exposes exactly one API, window.sightline, built from the contract', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(contextBridge.exposeInMainWorld.mock.calls[0]![0]).toBe('sightline');
    expect(Object.keys(bridge).sort()).toEqual([...channels, 'on', 'pathForFile'].sort());
    // No raw IPC object is reachable from what the page gets.
    for (const value of Object.values(bridge)) expect(value).not.toBe(ipcRenderer);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it('calls go through ipcRenderer.invoke on sightline:<channel>, and Results come back as data', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { total: 3 } });
    await expect(bridge['signins.count']({ filter: {} })).resolves.toEqual({ ok: true, value: { total: 3 } });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('sightline:signins.count', { filter: {} });
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'bad-request', message: 'signins.count: filter: bad' } });
    await expect(bridge['signins.count']({ filter: {} })).resolves.toEqual({ ok: false, error: { code: 'bad-request', message: 'signins.count: filter: bad' } });
  });

  it('on() subscribes to sightline:event, strips the event object, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = bridge.on('case.changed', (...args: unknown[]) => void got.push(args));
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
    ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender: ipcRenderer, senderId: 0 }, 'case.changed', { name: 'acme' });
    expect(got).toEqual([[{ name: 'acme' }]]);
    off();
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    expect(() => bridge.on('nope' as 'case.changed', () => undefined)).toThrow(/unknown event/);
  });

  it('pathForFile uses webUtils.getPathForFile', () => {
    const file = Object.assign(new File(['a'], 'a.csv'), { path: '/evidence/a.csv' });
    expect(bridge.pathForFile(file)).toBe('/evidence/a.csv');
    expect(webUtils.getPathForFile).toHaveBeenCalledWith(file);
    expect(bridge.pathForFile(new File(['a'], 'b.csv'))).toBeNull();
  });
});
