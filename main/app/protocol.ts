// app:// — serves the built renderer to the window. The decision (which file, which status, which
// headers) is the pure appResponse(); registerAppProtocol() only turns it into a fetch Response.
// Files are found by the same resolveStatic (traversal check) and sent with the same CSP as the
// web server, so both hosts serve the same bytes under the same rules.
import fs from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, contentType, resolveStatic } from '../server/static';
import { APP_SCHEME, isAppUrl } from './origin';

/** Registered before `ready`: a standard, secure scheme that fetch() may use. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

export type AppResponse = {
  status: number;
  headers: Record<string, string>;
  /** The file to send (status 200), or the body text of an error. */
  filePath?: string;
  body?: string;
};

const COMMON_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

function error(status: number, body: string): AppResponse {
  return { status, headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** What to answer to one app:// request. Anything outside the renderer dir, or not a file, is a 404. */
export function appResponse(method: string, url: string, rendererDir: string): AppResponse {
  if (method !== 'GET' && method !== 'HEAD') return error(405, 'method not allowed');
  if (!isAppUrl(url)) return error(404, 'not found');
  // URL parsing has already collapsed plain ../ segments; resolveStatic decodes %-escapes (%2e%2e,
  // %2f) and refuses any path that then leaves rendererDir, including through symlinks.
  const pathname = new URL(url).pathname;
  const file = resolveStatic(rendererDir, pathname);
  if (!file) return error(404, 'not found');
  return { status: 200, headers: { ...COMMON_HEADERS, 'content-type': contentType(file) }, filePath: file };
}

/** Turns an appResponse into a fetch Response (reads the file; no body for HEAD). */
export async function toResponse(method: string, r: AppResponse): Promise<Response> {
  const body = method === 'HEAD' ? null : r.filePath ? await fs.readFile(r.filePath) : (r.body ?? null);
  return new Response(body, { status: r.status, headers: r.headers });
}

/** Electron's protocol module, reduced to what we use. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function registerAppProtocol(protocol: ProtocolLike, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await toResponse(request.method, appResponse(request.method, request.url, rendererDir));
    } catch {
      return toResponse('GET', error(500, 'internal error'));
    }
  });
}
