// The Electron entry, run against the fake electron: order of start-up, what is registered once
// ready, the window, guards, the case from argv, push events and the menu commands.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../../preload/contract';
import { windowOptions } from '../../../main/app/window';
import { APP_MAIN_FRAME, BrowserWindow, Menu, app, dialog, fake, protocol, session, shell } from '../fakes/electron';
import { tempDir } from '../helpers';

vi.mock('electron', () => import('../fakes/electron'));

const argv = process.argv;
beforeEach(() => {
  fake.reset();
  vi.resetModules();
});
afterEach(async () => {
  process.argv = argv;
  // Close any case the app opened so the temp dir can go.
  app.emit('will-quit');
});

async function start(extraArgs: string[] = []) {
  process.argv = ['/usr/bin/electron', 'dist/main/app.cjs', ...extraArgs];
  await import('../../../main/app/main');
}

type Ok<T> = { ok: true; value: T };

describe('main (Electron entry)', () => {
  it('before ready: sandbox on, app:// privileged, single-instance lock; nothing else yet', async () => {
    await start();
    expect(fake.log).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('on ready: permissions denied, protocol, every IPC channel, menu, then the window', async () => {
    await start();
    await app.becomeReady();
    const after = fake.log.slice(fake.log.indexOf('-- ready --'));
    expect(after).toEqual([
      '-- ready --',
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'protocol.handle:app',
      'Menu.setApplicationMenu',
      'new BrowserWindow',
      // guards on the new webContents' session (web-contents-created)
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
    ]);
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(channels.map((c) => `sightline:${c}`).sort());
    expect(session.defaultSession.permissionCheckHandler!({}, 'media', 'app://sightline', {})).toBe(false);

    const [win] = BrowserWindow.instances;
    expect(BrowserWindow.instances).toHaveLength(1);
    // Unpackaged here, so DevTools are allowed; the preload is the bundle beside the main bundle.
    const preload = path.resolve(path.dirname(new URL('../../../main/app/main.ts', import.meta.url).pathname), '..', 'preload', 'index.cjs');
    expect(win!.options).toEqual(windowOptions(preload, { devTools: true }));
    expect(win!.loadURL).toHaveBeenCalledWith('app://sightline/index.html');
    // The window's webContents got the guards through web-contents-created.
    expect(win!.webContents.tryEvent('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win!.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('packaged: DevTools off in the window and absent from the menu', async () => {
    app.isPackaged = true;
    await start();
    await app.becomeReady();
    expect((BrowserWindow.instances[0]!.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
    expect(fake.menuItem('new-case')).toBeDefined();
    const roles = JSON.stringify(Menu.applicationMenu);
    expect(roles).toContain('editMenu');
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('"reload"');
  });

  it('opens the case named on the command line; calls from the page reach it', async () => {
    const casePath = path.join(tempDir(), 'argv.sightline');
    await start([casePath]);
    await app.becomeReady();
    const r = (await fake.invokeMain('sightline:case.current', APP_MAIN_FRAME)) as Ok<{ path: string }>;
    expect(r).toMatchObject({ ok: true, value: { path: casePath } });
    expect(await fake.invokeMain('sightline:case.current', { url: 'https://evil.example/', parent: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('arguments that are not .sightline files are ignored', async () => {
    await start(['--no-sandbox', 'notes.txt']);
    await app.becomeReady();
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    expect(await fake.invokeMain('sightline:case.current', APP_MAIN_FRAME)).toEqual({ ok: true, value: null });
  });

  it('an unreadable case file from argv shows an error box and starts with no case', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'text.sightline');
    fs.writeFileSync(file, 'not sqlite '.repeat(100));
    await start([file]);
    await app.becomeReady();
    expect(dialog.showErrorBox).toHaveBeenCalledOnce();
    expect(dialog.showErrorBox.mock.calls[0]![0]).toBe('Sightline could not open the case');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(await fake.invokeMain('sightline:case.current', APP_MAIN_FRAME)).toEqual({ ok: true, value: null });
  });

  it('push events go to the window as sightline:event (name, payload)', async () => {
    const dir = tempDir();
    await start();
    await app.becomeReady();
    const target = path.join(dir, 'pushed.sightline');
    await fake.invokeMain('sightline:case.open', APP_MAIN_FRAME, { path: target });
    const send = BrowserWindow.instances[0]!.webContents.send;
    expect(send).toHaveBeenCalledWith('sightline:event', 'case.changed', expect.objectContaining({ path: target }));
  });

  it('File > New case… runs the dialog through the handlers and pushes case.changed', async () => {
    const dir = tempDir();
    await start();
    await app.becomeReady();
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(dir, 'from-menu'), filePaths: [] });
    fake.menuItem('new-case')!.click!();
    await vi.waitFor(() => expect(BrowserWindow.instances[0]!.webContents.send).toHaveBeenCalled());
    expect(BrowserWindow.instances[0]!.webContents.send).toHaveBeenCalledWith(
      'sightline:event',
      'case.changed',
      expect.objectContaining({ path: path.join(dir, 'from-menu.sightline'), name: 'from-menu' }),
    );
  });

  it('File > Import evidence… with no case open explains itself in a message box', async () => {
    await start();
    await app.becomeReady();
    fake.menuItem('import-evidence')!.click!();
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalled());
    const [, options] = dialog.showMessageBox.mock.calls[0]! as [unknown, { type: string; message: string }];
    expect(options.type).toBe('error');
    expect(options.message).toMatch(/no case is open/);
  });

  it('a second instance focuses the existing window', async () => {
    await start();
    await app.becomeReady();
    const [win] = BrowserWindow.instances;
    win!.minimized = true;
    app.emit('second-instance', {}, ['/usr/bin/electron', 'other.sightline'], '/');
    expect(win!.restore).toHaveBeenCalled();
    expect(win!.focus).toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('without the single-instance lock it quits and registers nothing', async () => {
    app.lockAvailable = false;
    await start();
    await app.becomeReady();
    expect(app.quit).toHaveBeenCalled();
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('quits when the window closes (not on macOS)', async () => {
    await start();
    await app.becomeReady();
    BrowserWindow.instances[0]!.close();
    app.emit('window-all-closed');
    if (process.platform !== 'darwin') expect(app.quit).toHaveBeenCalled();
  });
});
