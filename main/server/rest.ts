// The REST API of web mode (same token, same handlers as the contract): filters as query
// parameters named like the CLI flags, e.g. ?status=failure&error-code=50126,50053&limit=1.
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ExportFormat, SightlineError } from '../../preload/contract';
import { FilterParamError, parseFilterParams, parseSort } from '../case/filter-params';
import { getSignIn, querySignIns } from '../case/signins';
import { summarize } from '../case/summary';
import { requireCase, type HandlerContext } from '../handlers/context';
import { runCaseExport } from '../handlers/casework';
import { runExport } from '../handlers/signins';
import { CaseExportFormat } from '../../preload/contract';

const BASE = '/api/security/sign-in-logs';
const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  timesketch: 'application/x-ndjson; charset=utf-8',
  'timesketch-csv': 'text/csv; charset=utf-8',
} as const;
/** Case exports (main/report/timesketch.ts): file name of each, by what and format. */
const CASE_EXPORT_NAMES = { timesketch: 'timesketch.jsonl', 'timesketch-csv': 'timesketch.csv', csv: 'csv', xlsx: 'xlsx' } as const;

type Send = (status: number, body: unknown) => void;

function params(url: URL): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (out[k] ??= []).push(v);
  return out;
}

function whole(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new FilterParamError(`${name} must be a whole number up to ${max}`);
  return Number(text);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 1_000_000) throw new FilterParamError('request body too large');
  }
  try {
    const parsed = body ? (JSON.parse(body) as unknown) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new FilterParamError('the body must be a JSON object');
  }
}

/** Answers a REST route; returns false when the path is not one. */
export async function handleRest(req: http.IncomingMessage, res: http.ServerResponse, url: URL, ctx: HandlerContext, send: Send): Promise<boolean> {
  if (url.pathname !== BASE && !url.pathname.startsWith(`${BASE}/`)) return false;
  const rest = url.pathname.slice(BASE.length);
  try {
    const db = requireCase(ctx).db;
    if (req.method === 'GET' && rest === '') {
      const p = params(url);
      const page = await querySignIns(db, {
        filter: parseFilterParams(p),
        limit: whole('limit', p['limit']?.[0], 100, 5000),
        offset: whole('offset', p['offset']?.[0], 0, Number.MAX_SAFE_INTEGER),
        sort: parseSort(p['sort']?.[0]),
      });
      send(200, page);
    } else if (req.method === 'GET' && rest === '/summary') {
      send(200, summarize(db, parseFilterParams(params(url))));
    } else if (req.method === 'POST' && rest === '/export') {
      const body = await readJson(req);
      // Timesketch timelines of sign-ins, and findings (body "what": "findings"): the case exports.
      if (body['what'] === 'findings' || body['format'] === 'timesketch' || body['format'] === 'timesketch-csv') {
        const what = body['what'] === 'findings' ? 'findings' : 'signins';
        const caseFormat = CaseExportFormat.safeParse(body['format']);
        if (!caseFormat.success || (what === 'signins' && !caseFormat.data.startsWith('timesketch'))) throw new FilterParamError(`format must be ${what === 'findings' ? 'csv, xlsx, timesketch or timesketch-csv' : 'timesketch or timesketch-csv'}`);
        const filterText = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'format' && k !== 'what').map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
        const name = `${what === 'findings' ? 'findings' : 'sign-ins'}.${CASE_EXPORT_NAMES[caseFormat.data]}`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-export-'));
        const file = path.join(dir, name);
        try {
          await runCaseExport(ctx, { what, format: caseFormat.data, filter: what === 'findings' ? {} : parseFilterParams(filterText) }, file);
          res.writeHead(200, { 'content-type': CONTENT_TYPES[caseFormat.data], 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });
          await new Promise<void>((resolve, reject) => fs.createReadStream(file).on('error', reject).on('end', resolve).pipe(res));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        return true;
      }
      const format = ExportFormat.safeParse(body['format']);
      if (!format.success) throw new FilterParamError('format must be csv, json or xlsx');
      const filterText = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'format').map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
      const filter = parseFilterParams(filterText);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-export-'));
      const file = path.join(dir, `sign-ins.${format.data}`);
      try {
        await runExport(ctx, filter, format.data, file);
        res.writeHead(200, { 'content-type': CONTENT_TYPES[format.data], 'content-disposition': `attachment; filename="sign-ins.${format.data}"`, 'cache-control': 'no-store' });
        await new Promise<void>((resolve, reject) => fs.createReadStream(file).on('error', reject).on('end', resolve).pipe(res));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } else if (req.method === 'GET' && /^\/[^/]+$/.test(rest) && rest !== '/summary') {
      send(200, await getSignIn(db, decodeURIComponent(rest.slice(1))));
    } else {
      send(404, { error: { code: 'not-found', message: `no route ${req.method} ${url.pathname}` } });
    }
  } catch (err) {
    if (err instanceof FilterParamError) send(400, { error: { code: 'bad-request', message: err.message.replace(/^--/, '') } });
    else if (err instanceof SightlineError) send(err.code === 'not-found' ? 404 : 400, { error: { code: err.code, message: err.message } });
    else throw err;
  }
  return true;
}
