// Unified Audit Log sign-in records (formats.md §9), partial support: `UserLoggedIn` and
// `UserLoginFailed` from the Management Activity API / Search-UnifiedAuditLog (JSON arrays or lines,
// also the cmdlet's own objects with the record in `AuditData`), and Purview / Export-Csv CSVs whose
// AuditData cell holds the JSON record. No location, no request id: the id is `ual:<audit record id>`,
// so these never merge with Entra sign-ins.
import { toCanonical } from '../canonical';
import { checkColumnCount, csvRaw, normalizeHeaderName, readCsv } from '../csv';
import { bool, int, isRecord, str } from '../fields';
import { readJsonRecords } from '../json';
import { FileRejected, RowError, type FormatReader, type NormalizedRecord, type ReadContext, type SourceRecord } from '../types';
import { noteDuplicateKeys } from './graph-json';
import { isTypeLine } from './powershell-csv';

const SIGN_IN_OPERATIONS = new Set(['userloggedin', 'userloginfailed']);

/** DeviceProperties TrustType / DeviceTrustType, spelled as Graph's deviceDetail.trustType. */
const TRUST_TYPES: Record<string, string> = { '0': 'Azure AD registered', '1': 'Azure AD joined', '2': 'Hybrid Azure AD joined' };

const NOTICE = 'Unified Audit Log records have no location and no request ID: they are stored as their own records (id ual:<audit record id>) and never merged with Entra sign-ins';

/** `[{Name, Value}]` -> lower-cased name -> value text. */
function nameValues(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!isRecord(item)) continue;
    const name = str(item['Name']);
    const value = str(item['Value']);
    if (name && value !== null) out.set(name.toLowerCase(), value);
  }
  return out;
}

/** An address without its port or brackets: `[2001:db8::1]:443` -> `2001:db8::1`, `1.2.3.4:50000` -> `1.2.3.4`. */
export function stripPort(ip: string): string {
  const t = ip.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(t);
  return v4 ? v4[1]! : t;
}

/** One UAL record (already parsed) -> the canonical sign-in, or a RowError for other operations. */
export function ualSignIn(
  o: Record<string, unknown>,
  raw: { raw: string; rawCells?: boolean },
  line: number | null,
  ctx: ReadContext,
  operationHint: string | null = null,
): NormalizedRecord {
  const operation = str(o['Operation']) ?? operationHint;
  if (!operation || !SIGN_IN_OPERATIONS.has(operation.toLowerCase())) throw new RowError(`not a sign-in operation (${operation ?? 'no Operation'})`);
  const loggedIn = operation.toLowerCase() === 'userloggedin';
  const ext = nameValues(o['ExtendedProperties']);
  const dev = nameValues(o['DeviceProperties']);

  // ResultStatus ("Succeeded"/"Success") only says the audit call worked, not the sign-in (§9).
  const codeText = str(o['ErrorNumber']) ?? str(o['ErrorCode']);
  const errorCode = int(codeText) ?? (loggedIn && codeText === null ? 0 : null);
  const ip = str(o['ActorIpAddress']) ?? str(o['ClientIP']);

  const fields: Record<string, unknown> = {
    userPrincipalName: str(o['UserId']),
    ipAddress: ip ? stripPort(ip) : null,
    appId: str(o['ApplicationId']),
    userAgent: ext.get('useragent') ?? null,
    status: { errorCode, failureReason: str(o['LogonError']) },
    sessionId: dev.get('sessionid') ?? null,
    // UAL-only facts kept as extra fields.
    auditOperation: operation,
    auditResultStatus: str(o['ResultStatus']),
    requestType: ext.get('requesttype') ?? null,
    resultStatusDetail: ext.get('resultstatusdetail') ?? null,
    keepMeSignedIn: bool(ext.get('keepmesignedin')) ?? ext.get('keepmesignedin') ?? null,
    userAuthenticationMethod: ext.get('userauthenticationmethod') ?? null,
  };
  for (const [k, v] of Object.entries(fields)) if (v === null) delete fields[k];
  if (dev.size) {
    const both = bool(dev.get('iscompliantandmanaged'));
    const trust = dev.get('trusttype') ?? dev.get('devicetrusttype') ?? null;
    fields['deviceDetail'] = {
      deviceId: dev.get('id') ?? null,
      displayName: dev.get('displayname') ?? null,
      operatingSystem: dev.get('os') ?? null,
      browser: dev.get('browsertype') ?? dev.get('browser') ?? null,
      // "compliant and managed" true implies both; false does not say which one failed.
      isCompliant: bool(dev.get('iscompliant')) ?? (both === true ? true : null),
      isManaged: bool(dev.get('ismanaged')) ?? (both === true ? true : null),
      trustType: trust === null ? null : (TRUST_TYPES[trust] ?? trust),
    };
    if (both !== null) fields['deviceIsCompliantAndManaged'] = both;
  }

  const rec = toCanonical({
    fields,
    id: str(o['Id']) ? `ual:${str(o['Id'])}` : null,
    createdText: str(o['CreationTime']),
    type: 'unknown',
    sourceFormat: 'ual',
    tenantId: str(o['OrganizationId']),
    ...raw,
    line,
    warnings: ctx.warnings,
  });
  // A failed logon without an error code is still a failure: the operation says so.
  if (!loggedIn && errorCode === null) rec.signIn.outcome = 'failure';
  return rec;
}

/** The record itself, or the JSON text of the cmdlet's `AuditData` property. */
function auditRecord(o: unknown): { record: Record<string, unknown>; operationHint: string | null } {
  if (!isRecord(o)) throw new RowError('not a JSON object');
  if (typeof o['AuditData'] === 'string') {
    let inner: unknown;
    try {
      inner = JSON.parse(o['AuditData']);
    } catch {
      throw new RowError('AuditData is not valid JSON');
    }
    if (!isRecord(inner)) throw new RowError('AuditData is not a JSON object');
    return { record: inner, operationHint: str(o['Operations']) ?? str(o['Operation']) };
  }
  return { record: o, operationHint: null };
}

function readUalJson(ctx: ReadContext): AsyncIterable<SourceRecord> {
  return (async function* () {
    let any = false;
    for await (const rec of readJsonRecords(ctx.text(), ctx.name)) {
      any = true;
      yield {
        line: rec.line,
        recordIndex: rec.recordIndex,
        normalize() {
          noteDuplicateKeys(rec, ctx);
          const { record, operationHint } = auditRecord(rec.value);
          return ualSignIn(record, { raw: rec.raw }, rec.line, ctx, operationHint);
        },
      };
    }
    if (!any) throw new FileRejected(`${ctx.name} holds no audit records`);
  })();
}

function readUalCsv(ctx: ReadContext): AsyncIterable<SourceRecord> {
  return (async function* () {
    let headers: string[] | null = null;
    let auditIndex = -1;
    let operationIndex = -1;
    let rows = 0;
    for await (const rec of readCsv(ctx.text())) {
      if (!headers) {
        if (isTypeLine(rec.cells)) continue;
        headers = rec.cells.map((c) => c.trim());
        const keys = headers.map(normalizeHeaderName);
        auditIndex = keys.indexOf('auditdata');
        operationIndex = keys.findIndex((k) => k === 'operation' || k === 'operations');
        if (auditIndex < 0) throw new FileRejected(`${ctx.name}: no AuditData column, so the audit records are not in the file; nothing was imported`);
        continue;
      }
      rows++;
      const h = headers;
      yield {
        line: rec.line,
        recordIndex: null,
        normalize() {
          checkColumnCount(rec, h.length);
          const text = rec.cells[auditIndex]!;
          let record: unknown;
          try {
            record = JSON.parse(text);
          } catch {
            throw new RowError('AuditData is not valid JSON');
          }
          if (!isRecord(record)) throw new RowError('AuditData is not a JSON object');
          return ualSignIn(record, csvRaw(ctx, h, rec.cells), rec.line, ctx, operationIndex >= 0 ? str(rec.cells[operationIndex]) : null);
        },
      };
    }
    if (!headers) throw new FileRejected(`${ctx.name} is empty`);
    if (rows === 0) throw new FileRejected(`${ctx.name} has a header but no audit records`);
  })();
}

export function readUal(ctx: ReadContext): FormatReader {
  ctx.warnings.add('ual', NOTICE);
  const first = ctx.head.trimStart()[0];
  return { format: 'ual', records: first === '{' || first === '[' ? readUalJson(ctx) : readUalCsv(ctx) };
}
