// The application menu as data. main.ts passes the actions in; tests assert what is (and is not) there.
import type { MenuItemConstructorOptions } from 'electron';

export type MenuActions = {
  newCase(): void;
  openCase(): void;
  importEvidence(): void;
  about(): void;
};

export type MenuOptions = {
  platform: NodeJS.Platform;
  /** Reload is offered while developing only: a reload drops the renderer's state mid-investigation. */
  dev: boolean;
  /** DevTools only in unpackaged builds (the window's webPreferences.devTools agrees). */
  packaged: boolean;
};

export function menuTemplate(actions: MenuActions, opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    ...(opts.dev ? [{ role: 'reload' } as const] : []),
    ...(!opts.packaged ? [{ role: 'toggleDevTools' } as const] : []),
    ...(opts.dev || !opts.packaged ? [{ type: 'separator' } as const] : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { id: 'new-case', label: 'New case…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCase() },
        { id: 'open-case', label: 'Open case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
        { type: 'separator' },
        { id: 'import-evidence', label: 'Import evidence…', accelerator: 'CmdOrCtrl+I', click: () => actions.importEvidence() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Edit roles make copy/paste/select-all work (on macOS only through the menu).
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ id: 'about', label: 'About Sightline', click: () => actions.about() }],
    },
  ];
}
