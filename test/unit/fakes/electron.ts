// A fake of the parts of the 'electron' module Sightline uses, for tests that run in plain Node.
// Use it with `vi.mock('electron', () => import('../fakes/electron'))` and import `fake` from this
// file to drive and inspect it (the mock and the direct import are the same module instance).
// It records what the app did (calls in order, handlers registered, windows created) and lets a test
// play Electron's part: make the app ready, invoke an IPC channel from a chosen frame, emit events.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export type FakeFrame = { url: string; parent: FakeFrame | null };
export type InvokeEvent = { senderFrame: FakeFrame | null; sender?: unknown };
type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => unknown;
type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export const APP_MAIN_FRAME: FakeFrame = { url: 'app://sightline/index.html', parent: null };

/** Ordered log of calls the app made into Electron, e.g. 'app.enableSandbox', 'protocol.handle:app'. */
const log: string[] = [];

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(h: PermissionRequestHandler | null) {
    log.push('session.setPermissionRequestHandler');
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler | null) {
    log.push('session.setPermissionCheckHandler');
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: ((details: unknown) => boolean) | null) {
    this.devicePermissionHandler = h;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly mainFrame: FakeFrame = APP_MAIN_FRAME;
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly send = vi.fn((_channel: string, ..._args: unknown[]) => undefined);
  setWindowOpenHandler(h: WindowOpenHandler) {
    this.windowOpenHandler = h;
  }
  /** Emits a cancellable navigation-style event; returns whether the app prevented it. */
  tryEvent(name: string, url: string): boolean {
    let prevented = false;
    const event = { url, preventDefault: () => void (prevented = true) };
    this.emit(name, event, url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => void (this.minimized = false));
  constructor(readonly options: Record<string, unknown>) {
    super();
    log.push('new BrowserWindow');
    BrowserWindow.instances.push(this);
    // Like Electron: every new webContents is announced on the app.
    app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  lockAvailable = true;
  private ready = false;
  private resolveReady: () => void = () => undefined;
  private readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  readonly enableSandbox = vi.fn(() => void log.push('app.enableSandbox'));
  readonly quit = vi.fn(() => void log.push('app.quit'));
  readonly requestSingleInstanceLock = vi.fn(() => {
    log.push('app.requestSingleInstanceLock');
    return this.lockAvailable;
  });
  whenReady() {
    return this.readyPromise;
  }
  isReady() {
    return this.ready;
  }
  getVersion() {
    return '0.0.0-fake';
  }
  /** Plays Electron's `ready`; resolves after the app's whenReady continuation has run. */
  async becomeReady() {
    log.push('-- ready --');
    this.ready = true;
    this.resolveReady();
    this.emit('ready');
    await new Promise((r) => setTimeout(r, 0));
  }
  reset() {
    this.removeAllListeners();
    this.isPackaged = false;
    this.lockAvailable = true;
    this.ready = false;
    this.readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  }
}

export const app = new FakeApp();

const ipcHandlers = new Map<string, InvokeListener>();

export const ipcMain = {
  handle: vi.fn((channel: string, listener: InvokeListener) => {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, listener);
  }),
};

const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();

export const protocol = {
  registerSchemesAsPrivileged: vi.fn((_schemes: unknown[]) => void log.push('protocol.registerSchemesAsPrivileged')),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
    log.push(`protocol.handle:${scheme}`);
    protocolHandlers.set(scheme, handler);
  }),
};

export const session = { defaultSession: new FakeSession() };

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

type DialogResult = { canceled: boolean; filePath?: string; filePaths: string[] };
export const dialog = {
  showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<DialogResult> => ({ canceled: true, filePaths: [] })),
  showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<DialogResult> => ({ canceled: true, filePaths: [] })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
};

type MenuItem = { id?: string; label?: string; role?: string; click?: () => void; submenu?: MenuItem[] };
export const Menu = {
  applicationMenu: null as { items: MenuItem[] } | null,
  buildFromTemplate: vi.fn((template: MenuItem[]) => ({ items: template })),
  setApplicationMenu: vi.fn((menu: { items: MenuItem[] } | null) => {
    log.push('Menu.setApplicationMenu');
    Menu.applicationMenu = menu;
  }),
};

// Renderer side.
const exposed = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)),
};

class FakeIpcRenderer extends EventEmitter {
  /** Default: routes to the fake ipcMain as a call from the app's main frame, like a real round trip. */
  readonly invoke = vi.fn(async (channel: string, ...args: unknown[]) => fake.invokeMain(channel, APP_MAIN_FRAME, ...args));
}
export const ipcRenderer = new FakeIpcRenderer();

export const webUtils = {
  getPathForFile: vi.fn((file: { path?: string }) => file.path ?? ''),
};

/** Test-side controls and records. */
export const fake = {
  log,
  ipcHandlers,
  protocolHandlers,
  exposed,
  /** Calls a registered ipcMain handler as if `frame` had sent it (null: the frame is gone). */
  async invokeMain(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const listener = ipcHandlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: frame, sender: { mainFrame: APP_MAIN_FRAME } }, ...args);
  },
  /** Finds a menu item by id in the application menu. */
  menuItem(id: string): MenuItem | undefined {
    const walk = (items: MenuItem[] | undefined): MenuItem | undefined => {
      for (const item of items ?? []) {
        if (item.id === id) return item;
        const found = walk(item.submenu);
        if (found) return found;
      }
      return undefined;
    };
    return walk(Menu.applicationMenu?.items);
  },
  reset() {
    log.length = 0;
    ipcHandlers.clear();
    protocolHandlers.clear();
    exposed.clear();
    app.reset();
    BrowserWindow.instances.length = 0;
    session.defaultSession = new FakeSession();
    Menu.applicationMenu = null;
    ipcRenderer.removeAllListeners();
    vi.clearAllMocks();
  },
};

export type { FakeSession };
export default { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Menu, contextBridge, ipcRenderer, webUtils };
