// Case exports beyond the grid's: Timesketch-ready timelines of sign-ins and of findings (JSON
// lines, or CSV), and findings as a table (CSV, XLSX). Timesketch needs `message`, `datetime`
// (ISO 8601) and `timestamp_desc` on every event; `timestamp` (microseconds) and `data_type` help
// it, `tag` carries the analyst's tags, every other field is the sign-in's, flat, in snake_case.
// Pages through SQL like the grid export, so memory stays flat on any number of rows. All text
// is written as data: CSV cells a spreadsheet would run as a formula are neutralised.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import type { CaseExportRequest, SignIn, SignInFilter } from '../../preload/contract';
import { annotationSummaries } from '../case/annotations';
import type { CaseDb } from '../case/db';
import { compileFilter } from '../case/filter';
import { readFindings, type FindingRow } from '../case/findings-read';
import { exportRows, neutralise, type ExportProgress } from './export';

export type TimesketchEvent = Record<string, string | number | boolean | string[] | null>;

const OUTCOME = { success: 'Successful', failure: 'Failed', interrupted: 'Interrupted', unknown: 'Unknown-status' } as const;
const TYPE = { interactiveUser: 'interactive', nonInteractiveUser: 'non-interactive', servicePrincipal: 'service principal', managedIdentity: 'managed identity', unknown: '' } as const;

type Rec = Record<string, unknown>;
const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((x, k) => (x !== null && typeof x === 'object' ? (x as Rec)[k] : undefined), o);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** The sign-in fields every event carries (flat, snake_case), in this order in CSV. */
export const SIGNIN_FIELDS = [
  'request_id', 'sign_in_type', 'status', 'error_code', 'failure_reason', 'additional_details', 'user_principal_name', 'user_display_name', 'user_id',
  'user_type', 'app_display_name', 'app_id', 'resource_display_name', 'resource_id', 'ip_address', 'city', 'state', 'country', 'latitude', 'longitude',
  'autonomous_system_number', 'client_app_used', 'user_agent', 'operating_system', 'browser', 'device_id', 'device_name', 'is_compliant', 'is_managed',
  'trust_type', 'authentication_requirement', 'conditional_access_status', 'risk_level_during_sign_in', 'risk_level_aggregated', 'risk_state',
  'risk_event_types', 'incoming_token_type', 'authentication_protocol', 'cross_tenant_access_type', 'correlation_id', 'session_id', 'tenant_id',
  'source_format', 'ingested_datetime',
] as const;

/** One sign-in as Timesketch's required fields plus its own. */
export function signInEvent(s: SignIn, annotations: { tags: string[]; notes: string[]; bookmarked: boolean }): TimesketchEvent {
  const user = str(s.userPrincipalName) ?? str(s.userDisplayName) ?? str(at(s, 'servicePrincipalName')) ?? str(s.appId) ?? 'unknown user';
  const place = [s.location?.city, s.location?.state, s.location?.countryOrRegion].filter((x) => !!x).join(', ');
  const code = s.status?.errorCode;
  const parts = [
    `${OUTCOME[s.outcome]} ${TYPE[s.type]} sign-in`.replace(/\s+/g, ' ').trim(),
    `by ${user}`,
    s.appDisplayName ? `to ${s.appDisplayName}` : null,
    s.ipAddress ? `from ${s.ipAddress}${place ? ` (${place})` : ''}` : place ? `from ${place}` : null,
    typeof code === 'number' && code !== 0 ? `error ${code}${s.status?.failureReason ? `: ${s.status.failureReason}` : ''}` : null,
  ];
  const risk = at(s, 'riskEventTypes_v2') ?? at(s, 'riskEventTypes');
  const fields: Record<(typeof SIGNIN_FIELDS)[number], string | number | boolean | null> = {
    request_id: s.id,
    sign_in_type: s.type,
    status: s.outcome,
    error_code: num(code),
    failure_reason: str(s.status?.failureReason),
    additional_details: str(s.status?.additionalDetails),
    user_principal_name: str(s.userPrincipalName),
    user_display_name: str(s.userDisplayName),
    user_id: str(s.userId),
    user_type: str(at(s, 'userType')),
    app_display_name: str(s.appDisplayName),
    app_id: str(s.appId),
    resource_display_name: str(s.resourceDisplayName),
    resource_id: str(s.resourceId),
    ip_address: str(s.ipAddress),
    city: str(s.location?.city),
    state: str(s.location?.state),
    country: str(s.location?.countryOrRegion),
    latitude: num(s.location?.geoCoordinates?.latitude),
    longitude: num(s.location?.geoCoordinates?.longitude),
    autonomous_system_number: num(at(s, 'autonomousSystemNumber')),
    client_app_used: str(s.clientAppUsed),
    user_agent: str(s.userAgent),
    operating_system: str(s.deviceDetail?.operatingSystem),
    browser: str(s.deviceDetail?.browser),
    device_id: str(s.deviceDetail?.deviceId),
    device_name: str(s.deviceDetail?.displayName),
    is_compliant: bool(s.deviceDetail?.isCompliant),
    is_managed: bool(s.deviceDetail?.isManaged),
    trust_type: str(s.deviceDetail?.trustType),
    authentication_requirement: str(s.authenticationRequirement),
    conditional_access_status: str(s.conditionalAccessStatus),
    risk_level_during_sign_in: str(s.riskLevelDuringSignIn),
    risk_level_aggregated: str(s.riskLevelAggregated),
    risk_state: str(s.riskState),
    risk_event_types: Array.isArray(risk) && risk.length ? risk.map(String).join(',') : null,
    incoming_token_type: str(at(s, 'incomingTokenType')),
    authentication_protocol: str(at(s, 'authenticationProtocol')),
    cross_tenant_access_type: str(at(s, 'crossTenantAccessType')),
    correlation_id: str(s.correlationId),
    session_id: str(at(s, 'sessionId')),
    tenant_id: str(s.tenantId),
    source_format: str(at(s, 'sourceFormat')),
    ingested_datetime: str(at(s, 'ingestedDateTime')),
  };
  return {
    message: parts.filter((p): p is string => !!p).join(' '),
    datetime: s.createdDateTime,
    timestamp: Date.parse(s.createdDateTime) * 1000,
    timestamp_desc: 'Sign-in time',
    data_type: 'entra:signin',
    ...fields,
    tag: annotations.tags,
    bookmarked: annotations.bookmarked,
    notes: annotations.notes.length ? annotations.notes.join('\n---\n') : null,
  };
}

export const FINDING_FIELDS = ['finding_id', 'detection', 'detection_version', 'severity', 'title', 'explanation', 'users', 'ips', 'start', 'end', 'sign_ins', 'triage', 'triage_note'] as const;

export function findingEvent(f: FindingRow, annotations: { tags: string[]; notes: string[]; bookmarked: boolean }): TimesketchEvent | null {
  if (!f.start) return null;
  return {
    message: `[${f.severity}] ${f.title}${f.explanation ? ` — ${f.explanation}` : ''}`,
    datetime: f.start,
    timestamp: Date.parse(f.start) * 1000,
    timestamp_desc: 'Finding start',
    data_type: 'sightline:finding',
    finding_id: f.id,
    detection: f.detection,
    detection_version: f.detectionVersion,
    severity: f.severity,
    title: f.title,
    explanation: f.explanation,
    users: f.users.join(','),
    ips: f.ips.join(','),
    start: f.start,
    end: f.end,
    sign_ins: f.signIns,
    triage: f.triage,
    triage_note: f.triageNote,
    tag: annotations.tags,
    bookmarked: annotations.bookmarked,
    notes: annotations.notes.length ? annotations.notes.join('\n---\n') : null,
  };
}

/** Tags from the sign-in itself and from its user and its IP (as the tag filter reads them). */
function signInAnnotations(db: CaseDb, page: SignIn[]) {
  const own = new Map(annotationSummaries(db, 'signin', page.map((s) => s.id)).map((a) => [a.target, a]));
  const users = new Map(annotationSummaries(db, 'user', page.map((s) => s.userPrincipalName?.toLowerCase()).filter((u): u is string => !!u)).map((a) => [a.target, a]));
  const ips = new Map(annotationSummaries(db, 'ip', page.map((s) => s.ipAddress).filter((ip): ip is string => !!ip)).map((a) => [a.target, a]));
  return (s: SignIn) => {
    const a = own.get(s.id);
    const u = s.userPrincipalName ? users.get(s.userPrincipalName.toLowerCase()) : undefined;
    const i = s.ipAddress ? ips.get(s.ipAddress) : undefined;
    const tags = [...new Set([...(a?.tags ?? []), ...(u?.tags ?? []), ...(i?.tags ?? [])])].sort();
    return { tags, notes: (a?.notes ?? []).map((n) => n.text), bookmarked: a?.bookmarked ?? false };
  };
}

function findingAnnotations(db: CaseDb, findings: FindingRow[]) {
  const by = new Map(findings.length ? annotationSummaries(db, 'finding', findings.map((f) => f.id)).map((a) => [a.target, a]) : []);
  return (f: FindingRow) => {
    const a = by.get(f.id);
    return { tags: a?.tags ?? [], notes: (a?.notes ?? []).map((n) => n.text), bookmarked: a?.bookmarked ?? false };
  };
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '""';
  const text = Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  // Numbers are data, not formulas; anything else from a log is neutralised (a leading - is not a number here).
  return `"${(typeof v === 'number' ? text : neutralise(text)).replace(/"/g, '""')}"`;
};

/** A writer that never leaves half a file: it writes beside the target and renames at the end. */
async function writeFile(file: string, body: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { flags: 'wx' });
  // Waits for 'drain' when the buffer is full; each wait removes the listener it did not need.
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(text)) return resolve();
      const onDrain = () => {
        out.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        out.off('drain', onDrain);
        reject(err);
      };
      out.once('drain', onDrain).once('error', onError);
    });
  try {
    await body(write);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(partial, file);
  } catch (err) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

const TS_HEAD = ['message', 'datetime', 'timestamp', 'timestamp_desc', 'data_type'] as const;

async function signInsTimesketch(db: CaseDb, filter: SignInFilter, csv: boolean, file: string, onProgress?: (p: ExportProgress) => void): Promise<number> {
  const { where, params } = compileFilter(filter);
  const total = db.prepare(`SELECT count(*) FROM signins ${where}`).pluck().get(params) as number;
  const header = [...TS_HEAD, ...SIGNIN_FIELDS, 'tag', 'bookmarked', 'notes'];
  let rows = 0;
  await writeFile(file, async (write) => {
    if (csv) await write('\uFEFF' + header.map(csvCell).join(',') + '\r\n');
    for await (const page of exportRows(db, filter)) {
      const notes = signInAnnotations(db, page);
      const events = page.map((s) => signInEvent(s, notes(s)));
      await write(csv ? events.map((e) => header.map((h) => csvCell(e[h])).join(',')).join('\r\n') + '\r\n' : events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      rows += page.length;
      onProgress?.({ rows, total });
    }
  });
  return rows;
}

const FINDING_COLUMNS: [string, (f: FindingRow, a: { tags: string[]; notes: string[] }) => string | number | null][] = [
  ['ID', (f) => f.id],
  ['Detection', (f) => f.detection],
  ['Version', (f) => f.detectionVersion],
  ['Severity', (f) => f.severity],
  ['Title', (f) => f.title],
  ['Explanation', (f) => f.explanation],
  ['Users', (f) => f.users.join(', ')],
  ['IP addresses', (f) => f.ips.join(', ')],
  ['Start (UTC)', (f) => f.start],
  ['End (UTC)', (f) => f.end],
  ['Sign-ins', (f) => f.signIns],
  ['Triage', (f) => f.triage],
  ['Triage note', (f) => f.triageNote],
  ['Tags', (_f, a) => a.tags.join(', ')],
  ['Notes', (_f, a) => a.notes.join('\n---\n')],
];

async function findingsExport(db: CaseDb, format: CaseExportRequest['format'], file: string): Promise<number> {
  const findings = readFindings(db);
  const notes = findingAnnotations(db, findings);
  if (format === 'xlsx') {
    const partial = `${file}.partial`;
    try {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: false, useSharedStrings: false });
      const sheet = book.addWorksheet('Findings');
      sheet.addRow(FINDING_COLUMNS.map(([h]) => h)).commit();
      for (const f of findings) {
        const a = notes(f);
        sheet.addRow(FINDING_COLUMNS.map(([, get]) => {
          const v = get(f, a);
          return typeof v === 'string' ? neutralise(v) : v;
        })).commit();
      }
      sheet.commit();
      await book.commit();
      fs.renameSync(partial, file);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw err;
    }
    return findings.length;
  }
  if (format === 'csv') {
    await writeFile(file, async (write) => {
      await write('\uFEFF' + FINDING_COLUMNS.map(([h]) => csvCell(h)).join(',') + '\r\n');
      for (const f of findings) {
        const a = notes(f);
        await write(FINDING_COLUMNS.map(([, get]) => csvCell(get(f, a))).join(',') + '\r\n');
      }
    });
    return findings.length;
  }
  const events = findings.map((f) => findingEvent(f, notes(f))).filter((e): e is TimesketchEvent => e !== null);
  const header = [...TS_HEAD, ...FINDING_FIELDS, 'tag', 'bookmarked', 'notes'];
  await writeFile(file, async (write) => {
    if (format === 'timesketch-csv') {
      await write('\uFEFF' + header.map(csvCell).join(',') + '\r\n');
      for (const e of events) await write(header.map((h) => csvCell(e[h])).join(',') + '\r\n');
    } else {
      for (const e of events) await write(JSON.stringify(e) + '\n');
    }
  });
  return events.length;
}

/**
 * Writes a case export: sign-ins (the filter selects them) as a Timesketch timeline, or the
 * case's findings as a Timesketch timeline, CSV or XLSX. Returns the number of rows written.
 */
export async function exportCase(db: CaseDb, request: CaseExportRequest, file: string, onProgress?: (p: ExportProgress) => void): Promise<{ rows: number }> {
  if (request.what === 'findings') return { rows: await findingsExport(db, request.format, file) };
  if (request.format !== 'timesketch' && request.format !== 'timesketch-csv') throw new Error(`sign-ins export as timesketch or timesketch-csv here, not ${request.format}`);
  return { rows: await signInsTimesketch(db, request.filter, request.format === 'timesketch-csv', file, onProgress) };
}
