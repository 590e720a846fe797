// sightline collect <case> --from ISO --to ISO [--types …] [--tenant T --client-id C [--device-code]]
//   [--token-file F] [--user UPN]... [--app ID]... [--also …] [--graph-base-url URL] [--authority-url URL] [--json]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CaseSession } from '../case/session';
import { MsalTokenSource, StaticTokenSource, type TokenSource } from '../collect/auth';
import { openTokenCacheStore } from '../collect/cache';
import { resolveEndpoints } from '../collect/clouds';
import type { CollectResult } from '../collect/collector';
import { CollectError } from '../collect/errors';
import { createTransport } from '../collect/http';
import { OTHER_SOURCES, SIGNIN_EVENT_TYPES, type OtherSource, type SignInEventType } from '../collect/sources';
import { startCollect } from '../collect/run-collect';
import { parseTokenText, readTokenFile } from '../collect/token-file';
import { cancelOnInterrupt, note, printJson, progressLine, UsageError, userPath } from './io';

export const collectUsage =
  'sightline collect <case> --from ISO --to ISO [--types interactiveUser,nonInteractiveUser,servicePrincipal,managedIdentity] ' +
  '[--tenant T --client-id C [--device-code]] [--token-file F] [--user UPN]... [--app ID]... [--also directoryAudits,riskDetections,riskyUsers] ' +
  '[--graph-base-url URL] [--authority-url URL] [--json]';

/** An ISO 8601 time with a zone (Z or an offset), or a date (UTC midnight). A zoneless time is refused: UTC or local? */
export function parseTime(value: string, flag: string): number {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) {
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(v)) throw new UsageError(`${flag} ${value} has no time zone: add Z for UTC (e.g. ${v}Z) or an offset`);
    throw new UsageError(`${flag} must be an ISO 8601 time such as 2026-11-01T00:00:00Z (or a date, 2026-11-01); got "${value}"`);
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} is not a valid time: "${value}"`);
  return ms;
}

function listOption<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T[]): T[] {
  if (value === undefined) return fallback;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!(allowed as readonly string[]).includes(i)) throw new UsageError(`${flag}: unknown value "${i}"; use ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

function openInBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener: the URL is on stderr.
  }
}

function describe(r: CollectResult): string {
  const lines = [
    `${r.status}: ${r.windows} windows, ${r.pages} pages, ${r.records} records, ${r.inserted} new, ${r.updated} updated, ${r.duplicates} duplicates, ${r.retries} retries, ${r.throttled} throttled`,
  ];
  if (r.resumedFrom) lines.push(`resumed from ${r.resumedFrom}`);
  return lines.join('\n');
}

export async function runCollect(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      types: { type: 'string' },
      tenant: { type: 'string' },
      'client-id': { type: 'string' },
      'device-code': { type: 'boolean', default: false },
      'token-file': { type: 'string' },
      user: { type: 'string', multiple: true },
      app: { type: 'string', multiple: true },
      also: { type: 'string' },
      'graph-base-url': { type: 'string' },
      'authority-url': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${collectUsage}`);
  if (!values.from || !values.to) throw new UsageError('--from and --to are required (ISO 8601, e.g. --from 2026-11-01T00:00:00Z --to 2026-11-08T00:00:00Z)');
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  if (!(from < to)) throw new UsageError('--from must be before --to');
  const types = listOption<SignInEventType>(values.types, SIGNIN_EVENT_TYPES, '--types', [...SIGNIN_EVENT_TYPES]);
  const also = listOption<OtherSource>(values.also, OTHER_SOURCES, '--also', []);
  if (types.length === 0 && also.length === 0) throw new UsageError('--types is empty and there is no --also: nothing to collect');

  const tokenFile = values['token-file'];
  const tenant = values.tenant;
  const clientId = values['client-id'];
  if (tokenFile !== undefined && (tenant || clientId)) throw new UsageError('give either --token-file or --tenant and --client-id, not both');
  if (tokenFile === undefined && (!tenant || !clientId)) throw new UsageError('sign in with --tenant and --client-id (your app registration), or give an access token with --token-file');
  if (values['device-code'] && tokenFile !== undefined) throw new UsageError('--device-code needs --tenant and --client-id');
  if (tokenFile !== undefined && values['authority-url']) throw new UsageError('--authority-url is for signing in; an access token from --token-file needs none');

  let endpoints;
  try {
    endpoints = resolveEndpoints({ authorityUrl: values['authority-url'], graphBaseUrl: values['graph-base-url'] });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  // The case is created (and migrated) first, so a bad case path fails before any sign-in.
  const session = CaseSession.open(userPath(casePath));
  const absCase = session.path;
  session.close();

  const transport = createTransport();
  const progress = progressLine();
  const abort = new AbortController();
  const stopListening = cancelOnInterrupt(progress, 'cancelling: finished pages and windows stay in the case; run the same command again to resume…', () => abort.abort());
  try {
    let tokens: TokenSource;
    if (tokenFile !== undefined) {
      // "-" reads the token from standard input (paste it, then Ctrl+D).
      const token = tokenFile === '-' ? parseTokenText(fs.readFileSync(0, 'utf8'), 'standard input') : readTokenFile(userPath(tokenFile));
      tokens = new StaticTokenSource(token, endpoints);
    } else {
      const source = new MsalTokenSource({ tenant: tenant!, clientId: clientId!, endpoints, transport, cache: await openTokenCacheStore() });
      if (!(await source.restore())) {
        if (values['device-code']) {
          await source.signInDeviceCode((p) => note(p.message), abort.signal);
        } else {
          await source.signInInteractive(async (url) => {
            note(`Sign in in your browser. If it did not open, open this address:\n${url}`);
            openInBrowser(url);
          }, abort.signal);
        }
      }
      const who = source.info();
      note(`signed in as ${who.account ?? 'unknown'} (tenant ${who.tenantId ?? tenant})`);
      tokens = source;
    }
    let warned = 0;
    // The collection runs on a worker thread; this thread keeps the sign-in and answers its token asks.
    const job = startCollect(absCase, { from, to, types, users: values.user ?? [], apps: values.app ?? [], also }, {
      tokens,
      onProgress: (p) => {
        for (; warned < p.warnings.length; warned++) note(`warning: ${p.warnings[warned]}`);
        const wait = p.waitingUntil && p.waitingUntil > Date.now() ? `, waiting ${Math.ceil((p.waitingUntil - Date.now()) / 1000)} s` : '';
        const eta = p.etaSeconds ? `, ~${Math.ceil(p.etaSeconds)} s left` : '';
        progress.update(`windows ${p.windows}/${p.windowsTotal}, ${p.pages} pages, ${p.records.toLocaleString('en-US')} records, ${p.recordsPerSecond} records/s${eta}${wait}${p.current ? ` · ${p.current}` : ''}`);
      },
      // The post-pass that places the collected sign-ins (geo); its failure leaves the collection standing.
      onGeoProgress: (p) => {
        if (p.error) {
          progress.done();
          note(`the sign-ins were collected, but placing them failed: ${p.error} (run it again with: sightline travel ${casePath})`);
        } else progress.update(`placing sign-ins (offline geolocation): ${p.phase} ${p.processed.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`);
      },
    });
    if (abort.signal.aborted) job.cancel();
    abort.signal.addEventListener('abort', () => job.cancel(), { once: true });
    const result = await job.done;
    progress.done();
    for (; warned < result.warnings.length; warned++) note(`warning: ${result.warnings[warned]}`);
    if (values.json) {
      printJson({
        windows: result.windows, pages: result.pages, records: result.records, inserted: result.inserted, updated: result.updated,
        duplicates: result.duplicates, retries: result.retries, throttled: result.throttled, resumedFrom: result.resumedFrom,
      });
    } else process.stdout.write(describe(result) + '\n');
    if (result.status === 'failed') {
      note(result.error ?? 'the collection failed');
      return 1;
    }
    if (result.status === 'cancelled') {
      note('cancelled: run the same command again to resume');
      return 130;
    }
    return 0;
  } catch (err) {
    progress.done();
    if (err instanceof CollectError && err.kind === 'cancelled') {
      note('cancelled before the collection started');
      return 130;
    }
    throw err;
  } finally {
    stopListening();
    transport.close();
  }
}
