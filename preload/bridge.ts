// The pure half of the preload: builds window.sightline from an invoke function and a subscribe
// function, so it is tested without Electron. preload/index.ts hands in ipcRenderer and webUtils.
// Nothing from the host leaks through: callers get one function per contract channel, `on` for
// push events (without the Electron event object) and pathForFile.
import { asResult, channels, eventNames, type Bridge, type Subscribe } from './contract';

/** IPC names; main/app registers and sends on these same names (it imports them from here). */
export const IPC_CHANNEL_PREFIX = 'sightline:';
export const IPC_EVENT_CHANNEL = 'sightline:event';

export type BridgeHost = {
  /** ipcRenderer.invoke */
  invoke(ipcChannel: string, payload: unknown): Promise<unknown>;
  /** ipcRenderer.on, returning the matching removeListener. The listener gets Electron's argument order. */
  subscribe(ipcChannel: string, listener: (event: unknown, ...args: unknown[]) => void): () => void;
  /** webUtils.getPathForFile: '' for a File that has no path. */
  pathForFile(file: File): string;
};

export function createBridge(host: BridgeHost): Bridge {
  const api = Object.fromEntries(
    channels.map((channel) => [
      channel,
      // Resolves with the Result (see Bridge in the contract); a failed transport becomes one too.
      async (arg?: unknown) => {
        try {
          return asResult(channel, await host.invoke(`${IPC_CHANNEL_PREFIX}${channel}`, arg));
        } catch (err) {
          return { ok: false, error: { code: 'internal', message: `${channel}: ${(err as Error).message ?? String(err)}` } };
        }
      },
    ]),
  );

  const on: Subscribe = (name, cb) => {
    if (!(eventNames as readonly string[]).includes(name)) throw new Error(`unknown event: ${String(name)}`);
    if (typeof cb !== 'function') throw new TypeError(`on(${name}): the callback must be a function`);
    return host.subscribe(IPC_EVENT_CHANNEL, (_event, eventName, payload) => {
      if (eventName === name) (cb as (payload: unknown) => void)(payload);
    });
  };

  const pathForFile = (file: File): string | null => host.pathForFile(file) || null;

  return Object.freeze({ ...api, on, pathForFile }) as Bridge;
}
