// The only renderer file that touches the bridge: window.sightline in Electron, HTTP in a browser.
// Both are typed by the same Api from the contract, so features never know which host they run in.
import {
  SightlineError,
  channels,
  eventNames,
  unwrapResult,
  type Api,
  type Channel,
  type EventName,
  type EventPayload,
  type ImportOptions,
  type ImportSummary,
  type Input,
  type Output,
  type Subscribe,
  type Bridge,
  type ExportFormat,
  type SignInFilter,
  type CaseExportRequest,
  type Indicator,
} from '../preload/contract';
import { filterToParams } from './filterModel';

declare global {
  interface Window {
    sightline?: Bridge;
  }
}

const TOKEN_KEY = 'sightline.token';

/** Web mode: the token arrives in the URL fragment once, then lives in this tab's session storage. */
function takeToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** HTTP replies are Results like IPC ones; anything else (a proxy page, a crash) becomes an error. */
async function unwrap<T>(channel: Channel, response: Response): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = { ok: false, error: { code: 'internal', message: `${channel}: HTTP ${response.status} with no JSON reply` } };
  }
  return unwrapResult<T>(channel, body);
}

type HttpBridge = { api: Api; on: Subscribe; upload(file: File, options: ImportOptions): Promise<ImportSummary>; auth: { authorization: string } };

function httpBridge(): HttpBridge {
  const token = takeToken();
  const auth = { authorization: `Bearer ${token}` };
  const api = Object.fromEntries(
    channels.map((channel) => [
      channel,
      async (arg: unknown) =>
        unwrap(channel, await fetch(`rpc/${channel}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(arg ?? {}) })),
    ]),
  ) as Api;

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let streaming = false;
  const stream = async () => {
    streaming = true;
    for (;;) {
      try {
        const res = await fetch('events', { headers: auth });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1] as EventName | undefined;
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name && data !== undefined) listeners.get(name)?.forEach((cb) => cb(JSON.parse(data)));
          }
        }
      } catch {
        // The server went away or the tab is closing; retry after a pause.
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  const on: Subscribe = (name, cb) => {
    if (!eventNames.includes(name)) throw new Error(`unknown event ${name}`);
    if (!streaming) void stream();
    const set = listeners.get(name) ?? new Set();
    set.add(cb as (payload: unknown) => void);
    listeners.set(name, set);
    return () => set.delete(cb as (payload: unknown) => void);
  };
  // The import options travel as query parameters (the body is the file); the server checks them.
  const upload = async (file: File, options: ImportOptions) => {
    const query = new URLSearchParams({ name: file.name });
    if (options.format) query.set('format', options.format);
    if (options.dateOrder) query.set('dateOrder', options.dateOrder);
    return unwrap<ImportSummary>('evidence.import', await fetch(`upload?${query.toString()}`, { method: 'POST', headers: auth, body: file }));
  };
  return { api, on, upload, auth };
}

/** Electron's bridge resolves with Results; unwrap them so features see plain values or errors with a code. */
function ipcApi(b: Bridge): Api {
  return Object.fromEntries(
    channels.map((channel) => [channel, async (arg: unknown) => unwrapResult(channel, await (b[channel] as (a: unknown) => Promise<unknown>)(arg))]),
  ) as Api;
}

const bridge = window.sightline;
const web = bridge ? null : httpBridge();

export const host: 'electron' | 'web' = bridge ? 'electron' : 'web';
export const api: Api = bridge ? ipcApi(bridge) : web!.api;
export const on: Subscribe = bridge ? bridge.on : web!.on;

export function call<C extends Channel>(channel: C, arg: Input<C>): Promise<Output<C>> {
  return api[channel](arg);
}

/**
 * Imports files the user dropped or picked, with the import options chosen: by path in Electron
 * (one import, so a cancel also skips the files after), by upload in a browser (one import per
 * file: once `stop` is aborted, the files not yet sent are not sent).
 */
export async function importFiles(files: File[], options: ImportOptions = {}, stop?: AbortSignal): Promise<ImportSummary[]> {
  if (bridge) {
    const paths = files.map((f) => bridge.pathForFile(f)).filter((p): p is string => !!p);
    return paths.length ? [await api['evidence.import']({ paths, ...options })] : [];
  }
  const results: ImportSummary[] = [];
  for (const f of files) {
    if (stop?.aborted) break;
    results.push(await web!.upload(f, options));
  }
  return results;
}

export { SightlineError as ApiCallError } from '../preload/contract';
export type { EventPayload };

/** Where an export went: the file (Electron) or the downloaded name (web), and its rows when known. */
export type ExportOutcome = { rows: number | null; file: string };

/** Hands a downloaded file to the browser's download manager. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Exports the sign-ins a filter selects. Electron: the native save dialog, then main writes the file
 * (null when cancelled). Web: the REST route streams the file, which the browser downloads.
 * Progress arrives as `export.progress` events in both.
 */
export async function exportSignIns(filter: SignInFilter, format: ExportFormat): Promise<ExportOutcome | null> {
  if (bridge) {
    const result = await api['signins.exportDialog']({ filter, format });
    return result ? { rows: result.rows, file: result.path } : null;
  }
  const res = await fetch('api/security/sign-in-logs/export', {
    method: 'POST',
    headers: { ...web!.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ format, ...filterToParams(filter) }),
  });
  if (!res.ok) {
    let message = `export failed: HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = `export failed: ${body.error.message}`;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new SightlineError('internal', message);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `sign-ins.${format}`;
  saveBlob(await res.blob(), name);
  return { rows: null, file: name };
}

/**
 * Exports a scope's indicators and matches. Electron: the native save dialog, main writes the file
 * (null when cancelled). Web: main returns the text, which the browser downloads.
 */
export async function exportScope(indicators: Indicator[], format: 'csv' | 'json'): Promise<ExportOutcome | null> {
  if (bridge) {
    const result = await api['scope.exportDialog']({ indicators, format });
    return result ? { rows: result.accounts, file: result.path } : null;
  }
  const out = await api['scope.export']({ indicators, format });
  saveBlob(new Blob([out.content], { type: out.mime }), out.name);
  return { rows: out.accounts, file: out.name };
}

/**
 * A case export: sign-ins as a Timesketch timeline (JSONL or CSV), or findings (Timesketch, CSV,
 * XLSX). Electron: the native save dialog, then main writes the file (null when cancelled). Web:
 * the REST export route streams the file, which the browser downloads.
 */
export async function exportCase(request: CaseExportRequest): Promise<ExportOutcome | null> {
  if (bridge) {
    const result = await api['case.exportDialog']({ request });
    return result ? { rows: result.rows, file: result.path } : null;
  }
  const res = await fetch('api/security/sign-in-logs/export', {
    method: 'POST',
    headers: { ...web!.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ format: request.format, what: request.what, ...(request.what === 'signins' ? filterToParams(request.filter) : {}) }),
  });
  if (!res.ok) {
    let message = `export failed: HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = `export failed: ${body.error.message}`;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new SightlineError('internal', message);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${request.what}.${request.format}`;
  saveBlob(await res.blob(), name);
  return { rows: null, file: name };
}
