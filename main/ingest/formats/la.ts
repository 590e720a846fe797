// Log Analytics / Sentinel sign-in tables (formats.md §5, §10): column names -> Graph names.
// Shared by the CSV and the JSON export, which differ only in how a row is read.
import { normalizeHeaderName } from '../csv';
import type { CanonicalInput } from '../canonical';
import { bool, isRecord, parseJsonText, signInTypeOf, str, typeFromTable } from '../fields';
import type { ReadContext } from '../types';

/** Log Analytics bookkeeping: never part of the sign-in, so it never makes two records differ. */
const INGESTION = new Set(['timegenerated', '_itemid', '_billedsize', '_isbillable', 'sourcesystem', '_resourceid', 'tenantid', 'type', 'mg', 'managementgroupname', 'computer', 'rawdata']);

/** LA-only columns with no Graph counterpart: kept in the raw record, not in the canonical one. */
const LA_ONLY = new Set([
  'resourceid', 'operationname', 'operationversion', 'category', 'resultsignature', 'resulttype', 'resultdescription', 'durationms',
  'resource', 'resourcegroup', 'resourceprovider', 'identity', 'level', 'location', 'isrisky', 'authenticationmethodsused',
  'alternatesigninname', 'aadtenantid', 'status', 'locationdetails', 'createddatetime',
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

const CA_NUMERIC: Record<string, string> = { '0': 'success', '1': 'failure', '2': 'notApplied', '3': 'unknown' };

/** A column name reduced to its key: `[UTC]` suffix and the training lab's `_dynamic` half removed. */
export function laKey(header: string): string {
  return normalizeHeaderName(header).replace(/\s*\[utc\]$/, '').replace(/_dynamic$/, '');
}

function graphName(original: string): string {
  const key = laKey(original);
  if (RENAMED[key]) return RENAMED[key];
  const name = original.replace(/\s*\[UTC\]$/i, '').replace(/_dynamic$/i, '').trim();
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function looksLikeLaColumns(names: string[]): boolean {
  const keys = names.map(normalizeHeaderName);
  return keys.some((k) => k.endsWith(' [utc]')) || (keys.includes('resulttype') && (keys.includes('type') || keys.includes('timegenerated') || keys.includes('category')));
}

/** The columns a sign-in export must have; without them it is a query result (formats.md §1 step 4). */
export function missingSignInColumns(names: string[]): boolean {
  const keys = new Set(names.map(laKey));
  return !keys.has('id') || !keys.has('resulttype') || !(keys.has('createddatetime') || keys.has('timegenerated'));
}

export const queryResultMessage = (name: string) =>
  `${name} is a Log Analytics query result, not a sign-in log export: it lacks the sign-in columns ` +
  `(Id, CreatedDateTime, UserPrincipalName, ResultType). Export the SigninLogs rows themselves.`;

/**
 * One LA row as [column name, value] pairs -> the canonical input. Values may be JSON text (CSV, and
 * the non-interactive table's typed-string dynamics) or already objects (JSON export).
 */
export function laRow(entries: [string, unknown][], raw: string, line: number | null, ctx: ReadContext, format: 'la-csv' | 'la-json'): CanonicalInput {
  const fields: Record<string, unknown> = {};
  const by: Record<string, unknown> = {};
  for (const [name, rawValue] of entries) {
    const key = laKey(name);
    if (/_string$/.test(key) && entries.some(([n]) => laKey(n) === key.replace(/_string$/, ''))) continue; // training lab's empty halves
    let value = typeof rawValue === 'string' ? (rawValue === '' ? null : parseJsonText(rawValue)) : rawValue;
    if (/^is/.test(key) || key === 'flaggedforreview') value = bool(value) ?? value;
    if ((key === 'processingtimeinmilliseconds' || key === 'processingtimeinms' || key === 'autonomoussystemnumber') && typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
    by[key] = value;
    if (INGESTION.has(key) || LA_ONLY.has(key)) continue;
    fields[graphName(name)] = value;
  }

  const statusCell = isRecord(by['status']) ? by['status'] : {};
  fields['status'] = {
    ...statusCell,
    errorCode: str(by['resulttype']) ?? statusCell['errorCode'] ?? null,
    failureReason: str(by['resultdescription']) ?? str(statusCell['failureReason']),
    additionalDetails: str(statusCell['additionalDetails']),
  };
  const details = isRecord(by['locationdetails']) ? by['locationdetails'] : null;
  fields['location'] = {
    ...(details ?? {}),
    city: str(details?.['city']),
    state: str(details?.['state']),
    countryOrRegion: str(details?.['countryOrRegion']) ?? str(by['location']),
    geoCoordinates: details?.['geoCoordinates'] ?? null,
  };
  const ca = str(fields['conditionalAccessStatus']);
  if (ca && CA_NUMERIC[ca]) fields['conditionalAccessStatus'] = CA_NUMERIC[ca];

  const table = str(by['type']) ?? str(by['category']);
  if (table && !typeFromTable(table)) ctx.warnings.add(`table:${table}`, `table ${table} is not one of the sign-in tables; rows read as sign-ins anyway`, line);
  const created = str(by['createddatetime']);
  if (!created && str(by['timegenerated'])) ctx.warnings.add('timegenerated', 'no CreatedDateTime: TimeGenerated (the ingestion time) is used as the sign-in time', line);
  return {
    fields,
    id: str(by['id']),
    createdText: created ?? str(by['timegenerated']),
    type: signInTypeOf({ eventTypes: by['signineventtypes'], table, fileName: ctx.name, isInteractive: by['isinteractive'], servicePrincipalId: by['serviceprincipalid'], userId: by['userid'] }),
    sourceFormat: format,
    tenantId: str(by['aadtenantid']) ?? str(by['hometenantid']) ?? str(by['resourcetenantid']),
    ingestedText: str(by['timegenerated']),
    raw,
    line,
    warnings: ctx.warnings,
  };
}
