// Exporting the sign-ins a filter selects: CSV with the admin center's column names (UTF-8 with a
// BOM for Excel; cells that a spreadsheet would run as a formula neutralised, since log text is
// attacker-controlled), JSON in Graph's shape, or XLSX written as a stream. Pages through SQL, so
// memory stays flat on any number of rows.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import type { ExportFormat, SignIn, SignInFilter } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { compileFilter } from '../case/filter';
import { materialize, type StoredRecord } from '../case/records';
import { COLUMNS, PORTAL_HEADER } from '../ingest/formats/portal-csv';
import { normalizeHeaderName } from '../ingest/csv';

export type ExportProgress = { rows: number; total: number };

const PAGE = 2000;

/** Pages of matching sign-ins, newest first, re-read from their raw records. */
export async function* exportRows(db: CaseDb, filter: SignInFilter): AsyncGenerator<SignIn[]> {
  const { where, params } = compileFilter(filter);
  const page = db.prepare(`SELECT pk, raw, src_evidence, merged, ingested_ms, created_ms FROM signins ${where} ${where ? 'AND' : 'WHERE'}
    (created_ms < @afterMs OR (created_ms = @afterMs AND pk < @afterPk)) ORDER BY created_ms DESC, pk DESC LIMIT ${PAGE}`);
  let afterMs = Number.MAX_SAFE_INTEGER;
  let afterPk = Number.MAX_SAFE_INTEGER;
  for (;;) {
    // Keyset paging: each page continues after the last row of the one before.
    const rows = page.all({ ...params, afterMs, afterPk }) as (StoredRecord & { pk: number; created_ms: number })[];
    if (!rows.length) return;
    yield await materialize(db, rows);
    afterMs = rows.at(-1)!.created_ms;
    afterPk = rows.at(-1)!.pk;
  }
}

/** A value as text a spreadsheet will not execute (OWASP CSV injection: = + - @ tab CR). */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const STATUS_TEXT: Record<string, string> = { success: 'Success', failure: 'Failure', interrupted: 'Interrupted', unknown: '' };

/** One sign-in as the admin center's columns. */
export function portalCells(s: SignIn): string[] {
  const get = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), s);
  return PORTAL_HEADER.map((name) => {
    const path = COLUMNS[normalizeHeaderName(name)];
    if (name === 'Date (UTC)') return s.createdDateTime;
    if (name === 'Location') return [s.location?.city, s.location?.state, s.location?.countryOrRegion].filter(Boolean).join(', ');
    if (name === 'Status') return STATUS_TEXT[s.outcome] ?? '';
    const value = path ? get(path) : undefined;
    if (value === undefined || value === null) return '';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

const csvCell = (text: string) => `"${neutralise(text).replace(/"/g, '""')}"`;

export async function exportSignIns(
  db: CaseDb,
  filter: SignInFilter,
  format: ExportFormat,
  file: string,
  onProgress?: (p: ExportProgress) => void,
): Promise<{ rows: number }> {
  const { where, params } = compileFilter(filter);
  const total = (db.prepare(`SELECT count(*) AS n FROM signins ${where}`).get(params) as { n: number }).n;
  let rows = 0;
  const tick = (n: number) => {
    rows += n;
    onProgress?.({ rows, total });
  };
  // Write beside the target and rename at the end: a failed export never leaves half a file.
  const partial = `${file}.partial`;
  try {
    if (format === 'xlsx') {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: false, useSharedStrings: false });
      const sheet = book.addWorksheet('Sign-ins');
      sheet.addRow([...PORTAL_HEADER]).commit();
      for await (const page of exportRows(db, filter)) {
        for (const s of page) sheet.addRow(portalCells(s).map(neutralise)).commit();
        tick(page.length);
      }
      sheet.commit();
      await book.commit();
    } else {
      const out = fs.createWriteStream(partial, { flags: 'wx' });
      const write = (text: string) => new Promise<void>((resolve, reject) => (out.write(text) ? resolve() : out.once('drain', resolve).once('error', reject)));
      if (format === 'csv') {
        await write('\uFEFF' + PORTAL_HEADER.map(csvCell).join(',') + '\r\n');
        for await (const page of exportRows(db, filter)) {
          await write(page.map((s) => portalCells(s).map(csvCell).join(',')).join('\r\n') + '\r\n');
          tick(page.length);
        }
      } else {
        await write('[');
        let first = true;
        for await (const page of exportRows(db, filter)) {
          await write((first ? '\n' : ',\n') + page.map((s) => JSON.stringify(s)).join(',\n'));
          first = false;
          tick(page.length);
        }
        await write('\n]\n');
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { rows };
}
