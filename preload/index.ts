// The preload (sandboxed; bundled to dist/preload/index.cjs with everything but electron inlined).
// Only wiring: the bridge itself is built, and tested, in ./bridge.ts. No raw ipcRenderer reaches the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'sightline',
  createBridge({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    subscribe: (channel, listener) => {
      const wrapped = (event: IpcRendererEvent, ...args: unknown[]) => listener(event, ...args);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
    pathForFile: (file) => webUtils.getPathForFile(file),
  }),
);
