// The one window factory. Every window Sightline opens is built from windowOptions(), and the
// security-relevant preferences live in one pure function so a test can assert each of them.
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';
import { APP_INDEX_URL } from './origin';

/** Electron's security checklist, applied: isolated, sandboxed, no Node anywhere in the renderer. */
export function secureWebPreferences(preloadPath: string, opts: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: opts.devTools ?? false,
  };
}

export function windowOptions(preloadPath: string, opts: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Sightline',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath, opts),
  };
}

/** Creates the main window and loads the UI from app://sightline (never file://). */
export function createMainWindow(preloadPath: string, opts: { devTools?: boolean } = {}): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath, opts));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
}
