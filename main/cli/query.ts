// sightline query | summary | export: the grid's questions, from a script.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExportFormat } from '../../preload/contract';
import { FilterParamError, parseSort } from '../case/filter-params';
import { appendAudit } from '../case/audit';
import { CaseSession } from '../case/session';
import { querySignIns } from '../case/signins';
import { summarize } from '../case/summary';
import { exportSignIns, portalCells } from '../report/export';
import { exportCase } from '../report/timesketch';
import { CaseExportFormat } from '../../preload/contract';
import { PORTAL_HEADER } from '../ingest/formats/portal-csv';
import { filterFromFlags, filterOptions, filterUsage } from './filters';
import { note, printJson, progressLine, UsageError, userPath } from './io';

export const queryUsage = `sightline query <case> [filters] [--limit N] [--offset N] [--sort FIELD[:asc|desc]] [--json|--csv]`;
export const summaryUsage = `sightline summary <case> [filters] --json`;
export const exportUsage = `sightline export <case> --format csv|json|xlsx|timesketch|timesketch-csv --out FILE [filters] | --findings --format csv|xlsx|timesketch|timesketch-csv --out FILE`;

/** An existing case, read-write (exports are audited); a missing one is an error, not a new case. */
function openExisting(casePath: string): CaseSession {
  const file = userPath(casePath);
  return CaseSession.open(file, { mustExist: true });
}

function sortFrom(text: string | undefined) {
  try {
    return parseSort(text);
  } catch (err) {
    if (err instanceof FilterParamError) throw new UsageError(err.message);
    throw err;
  }
}

function count(flag: string, text: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${flag} must be a whole number up to ${max}; got "${text}"`);
  return Number(text);
}

const csvCell = (t: string) => `"${t.replace(/"/g, '""')}"`;

export async function runQuery(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...filterOptions, limit: { type: 'string' }, offset: { type: 'string' }, sort: { type: 'string' }, json: { type: 'boolean', default: false }, csv: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${queryUsage}`);
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be used together');
  const filter = filterFromFlags(values);
  const session = openExisting(casePath);
  try {
    const page = await querySignIns(session.db, { filter, sort: sortFrom(values.sort), limit: count('limit', values.limit, 100, 5000), offset: count('offset', values.offset, 0) });
    if (values.json) printJson(page);
    else if (values.csv) {
      process.stdout.write([PORTAL_HEADER.map(csvCell).join(','), ...page.rows.map((r) => portalCells(r).map(csvCell).join(','))].join('\n') + '\n');
    } else {
      for (const r of page.rows) {
        process.stdout.write(`${r.createdDateTime}  ${r.outcome.padEnd(11)} ${(r.userPrincipalName ?? '').padEnd(36)} ${(r.ipAddress ?? '').padEnd(39)} ${r.appDisplayName ?? ''}\n`);
      }
      note(`${page.rows.length} of ${page.total} sign-ins`);
    }
    return 0;
  } finally {
    session.close();
  }
}

export async function runSummary(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...filterOptions, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${summaryUsage}`);
  const filter = filterFromFlags(values);
  const session = openExisting(casePath);
  try {
    const summary = summarize(session.db, filter);
    if (values.json) printJson(summary);
    else {
      process.stdout.write(`${summary.total} sign-ins\n`);
      for (const [k, v] of Object.entries(summary.byStatus)) process.stdout.write(`  ${k}: ${v}\n`);
      process.stdout.write('top failure reasons:\n');
      for (const r of summary.topFailureReasons) process.stdout.write(`  ${r.count}  ${r.errorCode ?? ''} ${r.failureReason ?? ''}\n`);
    }
    return 0;
  } finally {
    session.close();
  }
}

export async function runExportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...filterOptions, format: { type: 'string' }, out: { type: 'string' }, findings: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1 || !values.out || !values.format) throw new UsageError(`usage: ${exportUsage}`);
  // Timesketch timelines (sign-ins or findings) and findings tables: main/report/timesketch.ts.
  if (values.findings || values.format === 'timesketch' || values.format === 'timesketch-csv') return runCaseExportCommand(casePath, values);
  const format = ExportFormat.safeParse(values.format);
  if (!format.success) throw new UsageError(`--format must be csv, json or xlsx; got "${values.format}"`);
  const filter = filterFromFlags(values);
  const out = userPath(values.out);
  const session = openExisting(casePath);
  const progress = progressLine();
  try {
    const started = Date.now();
    const { rows } = await exportSignIns(session.db, filter, format.data, out, (p) => progress.update(`exported ${p.rows.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`));
    progress.done();
    appendAudit(session.db, 'export', { format: format.data, file: out, rows, filter, ms: Date.now() - started });
    if (values.json) printJson({ path: out, format: format.data, rows });
    else process.stdout.write(`${rows} sign-ins written to ${path.relative(process.env['INIT_CWD'] ?? process.cwd(), out) || out}\n`);
    return 0;
  } finally {
    session.close();
  }
}

export { filterUsage };

async function runCaseExportCommand(casePath: string, values: Record<string, unknown> & { format?: string; out?: string; findings?: boolean; json?: boolean }): Promise<number> {
  const what = values.findings ? 'findings' : 'signins';
  const format = CaseExportFormat.safeParse(values.format);
  if (!format.success || (what === 'signins' && !format.data.startsWith('timesketch'))) {
    throw new UsageError(`--format must be ${what === 'findings' ? 'csv, xlsx, timesketch or timesketch-csv with --findings' : 'csv, json, xlsx, timesketch or timesketch-csv'}; got "${values.format}"`);
  }
  const filter = filterFromFlags(values);
  if (what === 'findings' && Object.keys(filter).length) throw new UsageError('filters select sign-ins; --findings exports every finding');
  const out = userPath(values.out!);
  const session = openExisting(casePath);
  const progress = progressLine();
  try {
    const started = Date.now();
    const { rows } = await exportCase(session.db, { what, format: format.data, filter }, out, (p) => progress.update(`exported ${p.rows.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`));
    progress.done();
    appendAudit(session.db, 'export', { what, format: format.data, file: out, rows, filter, ms: Date.now() - started });
    if (values.json) printJson({ path: out, what, format: format.data, rows });
    else process.stdout.write(`${rows} ${what === 'findings' ? 'findings' : 'sign-ins'} written to ${path.relative(process.env['INIT_CWD'] ?? process.cwd(), out) || out}\n`);
    return 0;
  } finally {
    session.close();
  }
}
