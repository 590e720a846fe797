// Electron entry (bundled to dist/main/app.cjs). Thin on purpose: it wires Electron objects to the
// Electron-free pieces beside it (guards, protocol, ipc, dialogs, menu, context) and to the same
// handler table the web server and the CLI use.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, clipboard, dialog, ipcMain, protocol, session, shell } from 'electron';
import { dispatch } from '../handlers';
import { version } from '../version';
import { casePathFromArgv, createAppContext } from './context';
import { createDialogs } from './dialogs';
import { denyPermissions, externalLinkTarget, installGuards } from './guards';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { IPC_EVENT_CHANNEL } from './origin';
import { appPaths } from './paths';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { createMainWindow } from './window';
import { electronPdfPrinter, PRINT_WINDOW_OPTIONS } from './pdf';

function main(): void {
  // Both must happen before `ready`.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  // One instance: a second launch hands over to the first (which comes to the front) and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const paths = appPaths(fileURLToPath(import.meta.url));
  let win: BrowserWindow | null = null;

  const ctx = createAppContext({
    emit: (name, payload) => {
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    },
    dialogs: createDialogs(dialog, () => win),
    userDataDir: () => app.getPath('userData'),
    // Live collection: interactive sign-in opens the system browser (https only); a token may come from the clipboard.
    collect: {
      openExternal: async (url) => {
        const target = externalLinkTarget(url);
        if (target) await shell.openExternal(target);
      },
      readClipboard: () => clipboard.readText(),
      cachePath: () => path.join(app.getPath('userData'), 'msal-token-cache.bin'),
    },
    // Reports print to PDF in a hidden, script-less window.
    printPdf: electronPdfPrinter(() => new BrowserWindow({ ...PRINT_WINDOW_OPTIONS, webPreferences: { ...PRINT_WINDOW_OPTIONS.webPreferences } })),
  });

  const showWindow = (): BrowserWindow => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
      return win;
    }
    const created = createMainWindow(paths.preload, { devTools: !app.isPackaged });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
    return created;
  };

  const showError = (message: string): void => {
    const options = { type: 'error' as const, title: 'Sightline', message };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };

  /** Menu commands go through the same handlers as the UI; the handlers emit case.changed. */
  const runFromMenu = (channel: 'case.openDialog' | 'evidence.importDialog', payload: unknown): void => {
    void dispatch(channel, payload, ctx).then((result) => {
      if (!result.ok) showError(result.error.message);
    });
  };

  installGuards(app, (url) => shell.openExternal(url));
  app.on('second-instance', () => {
    if (app.isReady()) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    ctx.collect?.close();
    ctx.session?.close();
  });

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    registerAppProtocol(protocol, paths.rendererDir);
    registerIpc(ipcMain, ctx);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            newCase: () => runFromMenu('case.openDialog', { create: true }),
            openCase: () => runFromMenu('case.openDialog', { create: false }),
            importEvidence: () => runFromMenu('evidence.importDialog', {}),
            about: () => {
              const options = { type: 'info' as const, title: 'About Sightline', message: `Sightline ${version}`, detail: 'Offline investigation of Microsoft Entra ID sign-in logs.' };
              void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
            },
          },
          { platform: process.platform, dev: !app.isPackaged, packaged: app.isPackaged },
        ),
      ),
    );

    const casePath = casePathFromArgv(process.argv);
    if (casePath) {
      try {
        ctx.openCase(casePath);
      } catch (err) {
        // Start without a case; the UI offers New/Open.
        dialog.showErrorBox('Sightline could not open the case', `${casePath}\n\n${(err as Error).message}`);
      }
    }
    showWindow();
    app.on('activate', () => {
      if (!win) showWindow();
    });
  });
}

main();
