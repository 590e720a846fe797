// Log Analytics / Sentinel CSV exports of the sign-in tables (formats.md §5, §10).
import { outcomeOf, type SignIn, type SignInType } from '../../../preload/contract';
import { normalizeHeaderName } from '../csv';
import { parseUtc, toIso } from '../dates';
import { FileRejected, RowError, type CsvRowNormalizer, type NormalizedRecord } from '../types';

/** Log Analytics bookkeeping: never part of the sign-in, never makes two records differ. */
const INGESTION_COLUMNS = new Set(['timegenerated', '_itemid', '_billedsize', '_isbillable', 'sourcesystem', '_resourceid', 'tenantid', 'type']);

/** LA-only columns with no Graph counterpart: kept in the raw record, not in the canonical one. */
const LA_ONLY = new Set([
  'resourceid', 'operationname', 'operationversion', 'category', 'resultsignature', 'resulttype', 'resultdescription',
  'durationms', 'resource', 'resourcegroup', 'resourceprovider', 'identity', 'level', 'location', 'isrisky',
  'authenticationmethodsused', 'alternatesigninname', 'aadtenantid', 'status', 'locationdetails',
]);

/** LA names whose Graph name is not simply the lower-camel form. */
const RENAMED: Record<string, string> = {
  ipaddress: 'ipAddress',
  ipaddressfromresourceprovider: 'ipAddressFromResourceProvider',
  resourceidentity: 'resourceId',
  conditionalaccesspolicies: 'appliedConditionalAccessPolicies',
  riskeventtypes_v2: 'riskEventTypes_v2',
  processingtimeinms: 'processingTimeInMilliseconds',
};

const TABLE_TYPES: Record<string, SignInType> = {
  signinlogs: 'interactiveUser',
  aadnoninteractiveusersigninlogs: 'nonInteractiveUser',
  noninteractiveusersigninlogs: 'nonInteractiveUser',
  aadserviceprincipalsigninlogs: 'servicePrincipal',
  serviceprincipalsigninlogs: 'servicePrincipal',
  aadmanagedidentitysigninlogs: 'managedIdentity',
  managedidentitysigninlogs: 'managedIdentity',
};

const CA_STATUS_NUMERIC: Record<string, string> = { '0': 'success', '1': 'failure', '2': 'notApplied', '3': 'unknown' };

/** An LA column name reduced to its key: `[UTC]` suffix and the training lab's `_dynamic` half removed. */
export function laKey(header: string): string {
  return normalizeHeaderName(header).replace(/\s*\[utc\]$/, '').replace(/_dynamic$/, '');
}

function lowerCamel(original: string): string {
  const name = original.replace(/\s*\[UTC\]$/i, '').replace(/_dynamic$/i, '').trim();
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function looksLikeLaCsv(headers: string[]): boolean {
  const keys = headers.map(normalizeHeaderName);
  return keys.some((k) => k.endsWith(' [utc]')) || (keys.includes('resulttype') && (keys.includes('type') || keys.includes('timegenerated')));
}

function parseCell(key: string, text: string): unknown {
  if (text === '') return null;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (/^(is|flaggedforreview)/.test(key) && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (key === 'processingtimeinmilliseconds' || key === 'processingtimeinms' || key === 'autonomoussystemnumber') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function createLaCsvNormalizer(headers: string[], fileName: string): CsvRowNormalizer {
  const keys = headers.map(laKey);
  const col = (key: string) => keys.indexOf(key);
  const required = ['id', 'resulttype'];
  const missing = required.filter((k) => col(k) === -1);
  if (missing.length || (col('createddatetime') === -1 && col('timegenerated') === -1)) {
    throw new FileRejected(
      `${fileName} is a Log Analytics query result, not a sign-in log export: it lacks the sign-in columns ` +
        `(Id, CreatedDateTime, UserPrincipalName, ResultType). Export the SigninLogs rows themselves.`,
    );
  }
  const warnings: string[] = [];
  if (col('createddatetime') === -1) warnings.push('no CreatedDateTime column: TimeGenerated (ingestion time) used as the sign-in time');
  // The training lab's `X_string` halves are always empty; ignore them (formats.md §5).
  const skip = new Set(headers.map((h, i) => (/_string$/i.test(h.trim()) && keys.includes(laKey(h).replace(/_string$/, '')) ? i : -1)));

  return {
    format: 'la-csv',
    warnings,
    normalize(cells: string[]): NormalizedRecord {
      if (cells.length !== headers.length) {
        throw new RowError(`expected ${headers.length} columns, found ${cells.length}`);
      }
      const raw: Record<string, string> = {};
      const record: Record<string, unknown> = {};
      const by: Record<string, unknown> = {};
      headers.forEach((h, i) => {
        const name = h in raw ? `${h} (${i + 1})` : h;
        raw[name] = cells[i]!;
        if (skip.has(i)) return;
        const key = keys[i]!;
        const value = parseCell(key, cells[i]!);
        by[key] = value;
        if (INGESTION_COLUMNS.has(key) || LA_ONLY.has(key) || key === 'createddatetime') return;
        record[RENAMED[key] ?? lowerCamel(h)] = value;
      });

      const id = str(by['id']);
      if (!id) throw new RowError('no Id (request ID)');
      const createdText = str(by['createddatetime']) ?? str(by['timegenerated']);
      if (!createdText) throw new RowError('no CreatedDateTime or TimeGenerated');
      const createdMs = parseUtc(createdText);
      if (createdMs === null) throw new RowError(`unparseable date "${createdText}"`);
      const ingestedText = str(by['timegenerated']);
      const ingestedMs = ingestedText ? parseUtc(ingestedText) : null;

      const resultType = str(by['resulttype']);
      const errorCode = resultType !== null && /^-?\d+$/.test(resultType) ? Number(resultType) : null;
      const statusCell = (by['status'] && typeof by['status'] === 'object' ? by['status'] : {}) as Record<string, unknown>;
      const status = {
        errorCode: errorCode ?? (typeof statusCell['errorCode'] === 'number' ? statusCell['errorCode'] : null),
        failureReason: str(by['resultdescription']) ?? str(statusCell['failureReason']),
        additionalDetails: str(statusCell['additionalDetails']),
      };

      const details = (by['locationdetails'] && typeof by['locationdetails'] === 'object' ? by['locationdetails'] : null) as Record<string, unknown> | null;
      const location = {
        city: str(details?.['city']),
        state: str(details?.['state']),
        countryOrRegion: str(details?.['countryOrRegion']) ?? str(by['location']),
        geoCoordinates: (details?.['geoCoordinates'] as Record<string, number> | undefined) ?? null,
      };

      const table = str(by['type']) ?? str(by['category']) ?? '';
      const type = TABLE_TYPES[table.toLowerCase()] ?? (by['isinteractive'] === false ? 'nonInteractiveUser' : 'interactiveUser');
      const ca = str(by['conditionalaccessstatus']);

      const signIn: SignIn = {
        ...record,
        id,
        createdDateTime: toIso(createdMs),
        type,
        outcome: outcomeOf(status.errorCode),
        status,
        location,
        conditionalAccessStatus: ca ? (CA_STATUS_NUMERIC[ca] ?? ca) : null,
        tenantId: str(by['aadtenantid']) ?? str(by['hometenantid']) ?? str(by['resourcetenantid']),
        sourceFormat: 'la-csv',
        ...(ingestedText ? { ingestedDateTime: ingestedMs !== null ? toIso(ingestedMs) : ingestedText } : {}),
      };
      return { signIn, createdRaw: createdText, ingestedMs, raw: JSON.stringify(raw) };
    },
  };
}
