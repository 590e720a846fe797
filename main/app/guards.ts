// Navigation, window and permission guards for every webContents. The decisions are the pure
// functions at the top; the rest attaches them to Electron objects (types only: no runtime import
// of electron here, so tests hand in fakes).
import type { App, Session, WebContents } from 'electron';
import { isAppUrl } from './origin';

/** Navigation (and redirects) may only stay inside app://sightline. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The URL to hand to the OS browser for a link the page tried to open in a new window, or null.
 * Only https: URLs (parsed, protocol exactly 'https:') without embedded credentials qualify; the
 * normalised href is returned so what is opened is exactly what was checked.
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/** Sightline needs no web permission (camera, notifications, clipboard-read, geolocation ...). */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

export type OpenExternal = (url: string) => Promise<void>;

export function guardWebContents(contents: WebContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) openExternal(target).catch(() => undefined);
    return { action: 'deny' };
  });
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler(() => false);
}

/** Guards every webContents ever created (windows, devtools, anything) and its session. */
export function installGuards(app: App, openExternal: OpenExternal): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, openExternal);
    denyPermissions(contents.session);
  });
}
