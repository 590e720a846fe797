// The one window factory: safe webPreferences, the preload, and the UI from app:// (never file://).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, fake } from '../fakes/electron';

vi.mock('electron', () => import('../fakes/electron'));
const { createMainWindow, secureWebPreferences, windowOptions } = await import('../../../main/app/window');

beforeEach(() => fake.reset());

const SAFE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  experimentalFeatures: false,
};

describe('secureWebPreferences', () => {
  it('is the Electron security checklist, with the preload', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
    expect(prefs).toMatchObject(SAFE);
    expect(prefs.preload).toBe('/app/dist/preload/index.cjs');
    expect(prefs.enableBlinkFeatures ?? '').toBe('');
  });

  it('DevTools are off unless asked for (unpackaged builds)', () => {
    expect(secureWebPreferences('/p').devTools).toBe(false);
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('/p', { devTools: true })).toMatchObject(SAFE);
  });

  it('windowOptions carries them unchanged and starts hidden until ready-to-show', () => {
    const opts = windowOptions('/p');
    expect(opts.webPreferences).toEqual(secureWebPreferences('/p'));
    expect(opts.show).toBe(false);
    expect(opts.title).toBe('Sightline');
  });
});

describe('createMainWindow', () => {
  it('builds the window from windowOptions and loads app://sightline/index.html', () => {
    const win = createMainWindow('/app/dist/preload/index.cjs', { devTools: false }) as unknown as BrowserWindow;
    expect(BrowserWindow.instances).toEqual([win]);
    expect(win.options).toEqual(windowOptions('/app/dist/preload/index.cjs', { devTools: false }));
    expect(win.loadURL).toHaveBeenCalledWith('app://sightline/index.html');
    expect(win.loadURL.mock.calls.flat().some((u) => String(u).startsWith('file:'))).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });
});
