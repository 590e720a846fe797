// PowerShell `Export-Csv` of sign-ins (formats.md §8): low fidelity, read for what it holds.
// * Graph PowerShell (`Get-MgAuditLogSignIn`): PascalCase property columns, or a flattened
//   Select-Object (City, Country, Browser, OS…). Nested objects come out as their .NET TYPE NAME
//   (`Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus`): flagged, never stored.
// * AzureAD module (`Get-AzureADAuditSignInLogs`): nested objects as `class SignInStatus { … }`
//   text, read back into objects by pattern.
// Dates are the exporting computer's locale (`15/11/2025 3:55:59 AM`) without a zone: the day/month
// order is decided for the whole file before any row is read, and times are taken as UTC.
import { createHash } from 'node:crypto';
import { toCanonical } from '../canonical';
import { checkColumnCount, csvRaw, normalizeHeaderName, readCsv } from '../csv';
import { localeDateFields, parseLocaleDate, parseUtc } from '../dates';
import { bool, int, isRecord, parseJsonText, signInTypeOf, str } from '../fields';
import { FileRejected, type DateOrder, type FormatReader, type ReadContext } from '../types';
import { parsePortalLocation } from './portal-csv';

/** Windows PowerShell 5 writes `#TYPE <type name>` above the header unless told -NoTypeInformation. */
export const isTypeLine = (cells: string[]) => cells.length === 1 && /^#TYPE\b/.test(cells[0]!.trim());

/** A cell holding the .NET type name of an object instead of its content. */
const TYPE_NAME =
  /^(?:Deserialized\.)?(?:Microsoft\.Graph(?:\.Beta)?\.PowerShell\.Models\.\w+|Microsoft\.Open\.(?:MSGraph|AzureAD)\.Model\.\w+|System\.(?:Collections\.[\w.`]+(?:\[.*\])?|Management\.Automation\.PSCustomObject|Object|[\w.]+\[\]))(?:\[\])?$/s;

export const isTypeName = (text: string) => TYPE_NAME.test(text.trim());

/** Columns that are not the lower-camel form of a Graph property (flattened exports, SDK spellings). */
const COLUMNS: Record<string, string | null> = {
  ipaddress: 'ipAddress',
  city: 'location.city',
  state: 'location.state',
  country: 'location.countryOrRegion',
  countryorregion: 'location.countryOrRegion',
  latitude: 'location.geoCoordinates.latitude',
  longitude: 'location.geoCoordinates.longitude',
  device: 'deviceDetail.displayName',
  devicename: 'deviceDetail.displayName',
  deviceid: 'deviceDetail.deviceId',
  browser: 'deviceDetail.browser',
  os: 'deviceDetail.operatingSystem',
  operatingsystem: 'deviceDetail.operatingSystem',
  iscompliant: 'deviceDetail.isCompliant',
  ismanaged: 'deviceDetail.isManaged',
  trusttype: 'deviceDetail.trustType',
  errorcode: 'status.errorCode',
  failurereason: 'status.failureReason',
  additionaldetails: 'status.additionalDetails',
  riskeventtypesv2: 'riskEventTypes_v2',
  riskeventtypes_v2: 'riskEventTypes_v2',
  // The SDK's catch-all dictionary: never sign-in content of its own.
  additionalproperties: null,
};

/** Graph string properties: a cell here is text even when it looks like JSON. */
const STRING_FIELDS = new Set([
  'id', 'userPrincipalName', 'userDisplayName', 'userId', 'appDisplayName', 'appId', 'resourceDisplayName', 'resourceId', 'correlationId',
  'tenantId', 'ipAddress', 'clientAppUsed', 'userAgent', 'conditionalAccessStatus', 'authenticationRequirement', 'riskLevelAggregated',
  'riskLevelDuringSignIn', 'riskState', 'riskDetail',
]);

/** Graph object properties: anything else read from their cell is left out (it stays in the raw record). */
const OBJECT_FIELDS = new Set(['status', 'location', 'deviceDetail']);

/** Single-word enum values PowerShell may write PascalCase (`NotApplied`): Graph spells them lower-camel. */
const ENUMS = ['conditionalAccessStatus', 'riskState', 'riskDetail', 'riskLevelAggregated', 'riskLevelDuringSignIn'];

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Header -> Graph path (dots for nesting); `Status.ErrorCode`-style calculated names work too. */
export function columnPath(header: string): string | null {
  const key = normalizeHeaderName(header);
  if (key in COLUMNS) return COLUMNS[key]!;
  const path = header.trim().replace(/\s+/g, '').split('.').filter(Boolean).map(lowerFirst).join('.');
  return path || null;
}

const CLASS_OPEN = /^class\s+\w+\s*\{$/;
const CLASS_LINE = /^\s*([A-Za-z_]\w*):(?: (.*))?$/;

/**
 * AzureAD module `ToString()` text -> an object keyed as written, values as text. Nested classes
 * (`GeoCoordinates: class GeoCoordinates {`) close with their own `}`, whatever the indentation;
 * a line that is not `Key: value` continues the value before it. Null if the text is not one.
 */
export function parseClassText(text: string): Record<string, unknown> | null {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (!CLASS_OPEN.test(lines[i]?.trim() ?? '')) return null;
  i++;
  const body = (): Record<string, unknown> | null => {
    const obj: Record<string, unknown> = {};
    let last: string | null = null;
    while (i < lines.length) {
      const line = lines[i++]!;
      const t = line.trim();
      if (t === '}') return obj;
      if (t === '') continue;
      const m = CLASS_LINE.exec(line);
      if (m) {
        const value = (m[2] ?? '').trim();
        if (CLASS_OPEN.test(value)) {
          const inner = body();
          if (!inner) return null;
          obj[m[1]!] = inner;
          last = null;
        } else {
          obj[m[1]!] = value;
          last = m[1]!;
        }
      } else if (last !== null) obj[last] = `${obj[last] as string}\n${t}`;
      else return null;
    }
    return null; // no closing brace
  };
  const result = body();
  return result && lines.slice(i).every((l) => l.trim() === '') ? result : null;
}

/** Keys to lower camel and leaf text to values (`True` -> true, coordinates -> numbers); type names flagged. */
function graphShape(value: unknown, path: string, flagged: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => graphShape(v, path, flagged));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[lowerFirst(k)] = graphShape(v, `${path}.${k}`, flagged);
    return out;
  }
  if (typeof value !== 'string') return value;
  const leaf = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (value.trim() === '') return null;
  if (isTypeName(value)) {
    flagged.add(path);
    return null;
  }
  // Typed as the contract wants them; text that does not fit stays only in the raw record.
  if (/^is[a-z]/.test(leaf) && leaf !== 'issuer') return bool(value);
  if (leaf === 'latitude' || leaf === 'longitude' || leaf === 'altitude') return Number.isFinite(Number(value)) ? Number(value) : null;
  return value;
}

/** One cell under its Graph path: its value (undefined = nothing to store) and any type-name columns. */
export function cellValue(header: string, path: string, cell: string): { value: unknown; flagged: string[] } {
  const flagged = new Set<string>();
  const text = cell.trim();
  if (text === '') return { value: undefined, flagged: [] };
  if (isTypeName(text)) return { value: undefined, flagged: [header] };
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  let value: unknown;
  const cls = text.startsWith('class ') ? parseClassText(text) : null;
  if (cls) value = graphShape(cls, header, flagged);
  else if (!STRING_FIELDS.has(path) && (text.startsWith('{') || text.startsWith('['))) {
    const parsed = parseJsonText(text);
    value = typeof parsed === 'string' ? parsed : graphShape(parsed, header, flagged);
  } else value = graphShape(text, path, flagged);
  if (typeof value === 'string') {
    const t = value;
    if (ENUMS.includes(leaf) && !/\s/.test(t)) value = lowerFirst(t);
    else if (leaf === 'processingTimeInMilliseconds' || leaf === 'autonomousSystemNumber') value = int(t) ?? t;
    // Object-valued Graph properties given as plain text (a calculated column).
    else if (path === 'status') value = /^(success|succeeded)$/i.test(t) ? { errorCode: 0 } : int(t) !== null ? { errorCode: int(t) } : { failureReason: t };
    else if (path === 'location') value = parsePortalLocation(t);
    else if (path === 'deviceDetail') value = { displayName: t };
  }
  if (OBJECT_FIELDS.has(path) && !isRecord(value)) value = undefined;
  return { value, flagged: [...flagged] };
}

/** Sets `value` at a dotted path; objects merge with what is there (a Location object plus a City column). */
function assignAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    if (!isRecord(node[p])) node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  const leaf = parts.at(-1)!;
  node[leaf] = isRecord(value) && isRecord(node[leaf]) ? { ...node[leaf], ...value } : value;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]/;
const ISO_WITH_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

type FileScan = {
  header: string[];
  rows: number;
  /** Column names whose cells held type names, in header order, and one such cell. */
  flagged: string[];
  typeExample: string | null;
  order: DateOrder | null;
  zoneless: boolean;
};

/**
 * The pre-pass: the whole file is read once (these exports are small) so that the date order and
 * the type-name columns are known before the first row is written.
 */
async function scanFile(ctx: ReadContext): Promise<FileScan> {
  let header: string[] | null = null;
  let created = -1;
  let rows = 0;
  const flagged = new Set<string>();
  let typeExample: string | null = null;
  let dayFirst: { text: string; line: number } | null = null;
  let monthFirst: { text: string; line: number } | null = null;
  let example: { text: string; line: number } | null = null;
  let zoneless = false;
  for await (const rec of readCsv(ctx.text())) {
    if (!header) {
      if (isTypeLine(rec.cells)) continue;
      header = rec.cells.map((h) => h.trim());
      created = header.findIndex((h) => normalizeHeaderName(h) === 'createddatetime');
      if (created < 0) throw new FileRejected(`${ctx.name}: no CreatedDateTime column, so the sign-in times are unknown; nothing was imported`);
      continue;
    }
    rows++;
    const h = header;
    rec.cells.forEach((cell, i) => {
      if (i < h.length) for (const f of cellValue(h[i]!, columnPath(h[i]!) ?? '', cell).flagged) flagged.add(f);
      if (typeExample === null && isTypeName(cell)) typeExample = cell.trim();
    });
    const date = (rec.cells[created] ?? '').trim();
    const fields = localeDateFields(date);
    if (fields) {
      zoneless = true;
      example ??= { text: date, line: rec.line };
      if (fields.first > 12) dayFirst ??= { text: date, line: rec.line };
      if (fields.second > 12) monthFirst ??= { text: date, line: rec.line };
    } else if (ISO_DATE.test(date) && !ISO_WITH_ZONE.test(date)) zoneless = true;
  }
  if (!header) throw new FileRejected(`${ctx.name} is empty`);
  if (rows === 0) throw new FileRejected(`${ctx.name} has a header but no sign-in rows`);

  let order: DateOrder | null = null;
  if (dayFirst && monthFirst) {
    throw new FileRejected(
      `${ctx.name}: the dates mix day-first and month-first order ("${dayFirst.text}" at line ${dayFirst.line} can only be day/month, ` +
        `"${monthFirst.text}" at line ${monthFirst.line} only month/day), so no date in it can be trusted; nothing was imported. ` +
        'Export the sign-ins again from one computer, preferably as JSON.',
    );
  }
  const found = dayFirst ? 'dmy' : monthFirst ? 'mdy' : null;
  const spell = (o: DateOrder) => (o === 'dmy' ? 'day-first (D/M/YYYY)' : 'month-first (M/D/YYYY)');
  if (found) {
    order = found;
    const evidence = (dayFirst ?? monthFirst)!;
    ctx.warnings.add('date-order', `dates read as ${spell(found)}: "${evidence.text}" at line ${evidence.line} can be read no other way`);
    if (ctx.dateOrder && ctx.dateOrder !== found) {
      ctx.warnings.add('date-order-override', `--date-order ${ctx.dateOrder} was ignored for this file: its dates can only be ${spell(found)}`);
    }
  } else if (example) {
    if (!ctx.dateOrder) {
      throw new FileRejected(
        `${ctx.name}: the dates (e.g. "${example.text}" at line ${example.line}) could be day/month or month/day, and no date in the file ` +
          'has a day above 12 to tell. Nothing was imported. Import it again with --date-order dmy or --date-order mdy ' +
          '(the order of the computer that exported it).',
      );
    }
    order = ctx.dateOrder;
    ctx.warnings.add('date-order', `dates read as ${spell(order)} because --date-order ${order} was given; the file itself cannot tell`);
  }
  return { header, rows, flagged: [...flagged], typeExample, order, zoneless };
}

export function readPowerShellCsv(ctx: ReadContext): FormatReader {
  return {
    format: 'powershell-csv',
    records: (async function* () {
      const scan = await scanFile(ctx);
      // The order this file was read in is kept with the evidence, so a record re-read later is read the same way.
      if (scan.order) ctx.dateOrder = scan.order;
      const h = scan.header;
      const paths = h.map(columnPath);
      const idIndex = h.findIndex((name) => normalizeHeaderName(name) === 'id');
      const createdIndex = h.findIndex((name) => normalizeHeaderName(name) === 'createddatetime');
      const parseDate = (text: string) => (ISO_DATE.test(text.trim()) ? parseUtc(text) : scan.order ? parseLocaleDate(text, scan.order) : null);

      if (scan.zoneless) {
        ctx.warnings.add('no-zone', 'the export carries no time zone: times were read as UTC. PowerShell may have written them in the exporting computer\'s local time; if so they are off by its UTC offset');
      }
      if (idIndex < 0) {
        ctx.warnings.add('no-id', 'the export has no request IDs (no Id column): each row is keyed by a hash of its cells, so only identical rows count as duplicates and these sign-ins never merge with the same ones from another export');
      }
      const flaggedMessage =
        `PowerShell wrote the object's type instead of its content in ${scan.flagged.length === 1 ? 'column' : 'columns'} ${scan.flagged.join(', ')}` +
        (scan.typeExample ? ` (e.g. "${scan.typeExample}")` : '') +
        ': those values are not in the file and were left out' +
        (scan.flagged.includes('Status') ? ', so whether these sign-ins succeeded is unknown' : '') +
        '. Export with `ConvertTo-Json -Depth 10`, or use the Graph JSON, to keep them';

      let header = false;
      for await (const rec of readCsv(ctx.text())) {
        if (!header) {
          if (isTypeLine(rec.cells)) continue;
          header = true;
          continue;
        }
        yield {
          line: rec.line,
          recordIndex: null,
          normalize() {
            checkColumnCount(rec, h.length);
            const fields: Record<string, unknown> = {};
            let flagged = false;
            rec.cells.forEach((cell, i) => {
              const path = paths[i];
              if (!path || i === createdIndex) return;
              const { value, flagged: f } = cellValue(h[i]!, path, cell);
              if (f.length) flagged = true;
              if (value !== undefined) assignAt(fields, path, value);
            });
            if (flagged) ctx.warnings.add('type-names', flaggedMessage, rec.line);
            let id = idIndex >= 0 ? str(rec.cells[idIndex]) : null;
            if (!id) {
              if (idIndex >= 0) ctx.warnings.add('no-id-row', 'rows without an Id were keyed by a hash of their cells', rec.line);
              id = `ps:${createHash('sha256').update(JSON.stringify(rec.cells)).digest('hex')}`;
            }
            return toCanonical({
              fields,
              id,
              createdText: str(rec.cells[createdIndex]),
              type: signInTypeOf({ isInteractive: fields['isInteractive'] }),
              sourceFormat: 'powershell-csv',
              ...csvRaw(ctx, h, rec.cells),
              line: rec.line,
              warnings: ctx.warnings,
              parseDate,
            });
          },
        };
      }
    })(),
  };
}
