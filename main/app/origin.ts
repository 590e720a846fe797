// The one origin the UI is served from, and the IPC channel names the preload uses.
// No Electron here: everything in this file is plain data and pure functions.

export const APP_SCHEME = 'app';
export const APP_HOST = 'sightline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** IPC names: defined once, beside the preload bridge that uses them (pure; no Electron). */
export { IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL } from '../../preload/bridge';

/**
 * Whether a URL belongs to our app:// origin. Node's URL gives non-special schemes an opaque
 * origin ('null'), so scheme and host are compared instead, and anything carrying a port or
 * credentials is refused.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
