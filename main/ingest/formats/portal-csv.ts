// The Entra admin center CSV download (formats.md §2): interactive, non-interactive, service
// principal (ApplicationSignIns) and managed identity (MSISignIns). Columns are mapped by name,
// never by position; a repeated name ("Incoming token type") keeps every value.
import { toCanonical } from '../canonical';
import { checkColumnCount, csvRaw, normalizeHeaderName, readCsv } from '../csv';
import { bool, enumFromDisplayText, int, signInTypeOf, str, typeFromFileName } from '../fields';
import { csvDateReader } from '../date-order';
import { FileRejected, type FormatReader, type ReadContext } from '../types';

/** The admin center's interactive download header, 57 columns, spelled as it is (formats.md §2). */
export const PORTAL_HEADER = [
  'Date (UTC)', 'Request ID', 'User agent', 'Correlation ID', 'User ID', 'User', 'Username', 'User type', 'Cross tenant access type',
  'Incoming token type', 'Authentication Protocol', 'Unique token identifier', 'Original transfer method', 'Client credential type',
  'Token Protection - Sign In Session', 'Token Protection - Sign In Session StatusCode', 'Application', 'Application ID ', 'App owner tenant ID',
  'Resource', 'Resource ID ', 'Resource tenant ID', 'Resource owner tenant ID', 'Home tenant ID', 'Home tenant name', 'IP address', 'Location',
  'Status', 'Sign-in error code', 'Failure reason', 'Client app', 'Device ID', 'Browser', 'Operating System', 'Compliant', 'Managed', 'Join Type',
  'Multifactor authentication result', 'Multifactor authentication auth method', 'Multifactor authentication auth detail',
  'Authentication requirement', 'Sign-in identifier', 'Session ID', 'IP address (seen by resource)', 'Through Global Secure Access',
  'Global Secure Access IP address', 'Autonomous system  number', 'Flagged for review', 'Token issuer type', 'Incoming token type',
  'Token issuer name', 'Latency', 'Conditional Access', 'Managed Identity type', 'Associated Resource Id', 'Federated Token Id', 'Federated Token Issuer',
] as const;

/** Normalized portal column name -> Graph path (dots for nesting). */
export const COLUMNS: Record<string, string> = {
  'date (utc)': 'createdDateTime',
  'request id': 'id',
  'user agent': 'userAgent',
  'correlation id': 'correlationId',
  'user id': 'userId',
  user: 'userDisplayName',
  username: 'userPrincipalName',
  'user type': 'userType',
  'cross tenant access type': 'crossTenantAccessType',
  'incoming token type': 'incomingTokenType',
  'authentication protocol': 'authenticationProtocol',
  'unique token identifier': 'uniqueTokenIdentifier',
  'original transfer method': 'originalTransferMethod',
  'client credential type': 'clientCredentialType',
  'token protection - sign in session': 'tokenProtectionStatusDetails.signInSessionStatus',
  'token protection - sign in session statuscode': 'tokenProtectionStatusDetails.signInSessionStatusCode',
  application: 'appDisplayName',
  'application id': 'appId',
  'app owner tenant id': 'appOwnerTenantId',
  resource: 'resourceDisplayName',
  'resource id': 'resourceId',
  'resource tenant id': 'resourceTenantId',
  'resource owner tenant id': 'resourceOwnerTenantId',
  'home tenant id': 'homeTenantId',
  'home tenant name': 'homeTenantName',
  'ip address': 'ipAddress',
  location: 'location',
  status: 'portalStatus',
  'sign-in error code': 'status.errorCode',
  'failure reason': 'status.failureReason',
  'client app': 'clientAppUsed',
  'device id': 'deviceDetail.deviceId',
  browser: 'deviceDetail.browser',
  'operating system': 'deviceDetail.operatingSystem',
  compliant: 'deviceDetail.isCompliant',
  managed: 'deviceDetail.isManaged',
  'join type': 'deviceDetail.trustType',
  // The portal's "MFA result" column shows what Graph calls status.additionalDetails.
  'multifactor authentication result': 'status.additionalDetails',
  'multifactor authentication auth method': 'mfaDetail.authMethod',
  'multifactor authentication auth detail': 'mfaDetail.authDetail',
  'authentication requirement': 'authenticationRequirement',
  'sign-in identifier': 'signInIdentifier',
  'session id': 'sessionId',
  'ip address (seen by resource)': 'ipAddressFromResourceProvider',
  'through global secure access': 'isThroughGlobalSecureAccess',
  'global secure access ip address': 'globalSecureAccessIpAddress',
  'autonomous system number': 'autonomousSystemNumber',
  'flagged for review': 'flaggedForReview',
  'token issuer type': 'tokenIssuerType',
  'token issuer name': 'tokenIssuerName',
  latency: 'processingTimeInMilliseconds',
  'conditional access': 'conditionalAccessStatus',
  'managed identity type': 'managedServiceIdentity.msiType',
  'associated resource id': 'managedServiceIdentity.associatedResourceId',
  'federated token id': 'managedServiceIdentity.federatedTokenId',
  'federated token issuer': 'managedServiceIdentity.federatedTokenIssuer',
  'service principal id': 'servicePrincipalId',
  'service principal name': 'servicePrincipalName',
  'credential key id': 'servicePrincipalCredentialKeyId',
  'credential thumbprint': 'servicePrincipalCredentialThumbprint',
};

const BOOLEAN = new Set(['deviceDetail.isCompliant', 'deviceDetail.isManaged', 'isThroughGlobalSecureAccess', 'flaggedForReview']);
const INTEGER = new Set(['status.errorCode', 'autonomousSystemNumber', 'processingTimeInMilliseconds']);
/** Portal display text for enum fields ("Not Applied", "Single-factor authentication"). */
const DISPLAY_ENUMS = new Set(['conditionalAccessStatus', 'authenticationRequirement', 'userType', 'crossTenantAccessType', 'tokenIssuerType']);

export function looksLikePortalCsv(headers: string[]): boolean {
  const keys = headers.map(normalizeHeaderName);
  return keys[0] === 'date (utc)' && keys.includes('request id');
}

/** "City, State, CC" -> location parts (formats.md §2: no coordinates in the portal download). */
export function parsePortalLocation(text: string): { city: string | null; state: string | null; countryOrRegion: string | null } {
  const parts = text.split(',').map((p) => p.trim());
  const country = parts.length ? parts.pop()! : '';
  return { city: parts[0] || null, state: parts.length > 1 ? parts.slice(1).join(', ') || null : null, countryOrRegion: country || null };
}

/** A Graph path split once per file, not once per cell: [field] or [object, field]. */
type Target = { path: string; head: string; tail: string | null };

function target(path: string): Target {
  const dot = path.indexOf('.');
  return dot === -1 ? { path, head: path, tail: null } : { path, head: path.slice(0, dot), tail: path.slice(dot + 1) };
}

function setPath(fields: Record<string, unknown>, t: Target, value: unknown): void {
  if (t.tail === null) fields[t.head] = value;
  else ((fields[t.head] ??= {}) as Record<string, unknown>)[t.tail] = value;
}

function convert(path: string, text: string): unknown {
  if (BOOLEAN.has(path)) return bool(text) ?? text;
  if (INTEGER.has(path)) return int(text.replace(/\s*ms$/i, '')) ?? text;
  if (DISPLAY_ENUMS.has(path) && /\s|-/.test(text)) return enumFromDisplayText(text.replace(/-/g, ' '));
  if (path === 'conditionalAccessStatus') return text.charAt(0).toLowerCase() + text.slice(1);
  return text;
}

export function readPortalCsv(ctx: ReadContext): FormatReader {
  return {
    format: 'portal-csv',
    records: (async function* () {
      let headers: string[] | null = null;
      let targets: (Target | null)[] = [];
      let rows = 0;
      const nameType = typeFromFileName(ctx.name);
      const dateOf = csvDateReader(ctx);
      for await (const rec of readCsv(ctx.text())) {
        if (!headers) {
          headers = rec.cells;
          // Reached with another file's header only when the format was forced.
          if (!looksLikePortalCsv(headers)) {
            throw new FileRejected(`${ctx.name} is not an Entra admin center CSV: its header has no "Date (UTC)" first and "Request ID" columns (first columns: ${headers.slice(0, 4).join(', ')})`);
          }
          targets = headers.map((h) => {
            const path = COLUMNS[normalizeHeaderName(h)];
            return path ? target(path) : null;
          });
          const unknown = headers.filter((_, i) => targets[i] === null);
          if (unknown.length) ctx.warnings.add('unknown-columns', `columns not known to Sightline kept only in the raw record: ${unknown.join(', ')}`);
          if (!nameType && !headers.some((h) => normalizeHeaderName(h) === 'service principal id')) {
            ctx.warnings.add('type-guess', 'the file name does not say the sign-in type (InteractiveSignIns_…, NonInteractiveSignIns_…); interactive assumed');
          }
          continue;
        }
        rows++;
        const h = headers;
        const t = targets;
        yield {
          line: rec.line,
          recordIndex: null,
          normalize() {
            checkColumnCount(rec, h.length);
            const fields: Record<string, unknown> = {};
            const tokenTypes: string[] = [];
            for (let i = 0; i < rec.cells.length; i++) {
              const cell = rec.cells[i]!;
              const col = t[i];
              if (!col || cell === '') continue;
              if (col.path === 'incomingTokenType') tokenTypes.push(cell);
              else if (col.path === 'location') fields['location'] = parsePortalLocation(cell);
              else setPath(fields, col, convert(col.path, cell));
            }
            // "Incoming token type" appears twice: both kept; the first non-empty is the value.
            if (tokenTypes.length) {
              fields['incomingTokenType'] = tokenTypes[0];
              if (new Set(tokenTypes).size > 1) ctx.warnings.add('token-type-differs', `the two "Incoming token type" columns differ (${tokenTypes.join(' / ')}); the first was used`, rec.line);
            }
            const status = (fields['status'] ??= {}) as Record<string, unknown>;
            if (status['errorCode'] === undefined && str(fields['portalStatus'])?.toLowerCase() === 'success') status['errorCode'] = 0;
            const type = nameType ?? signInTypeOf({ servicePrincipalId: fields['servicePrincipalId'], userId: fields['userId'], managedIdentity: fields['managedServiceIdentity'] });
            return toCanonical({
              fields,
              id: str(fields['id']),
              createdText: str(fields['createdDateTime']),
              type,
              sourceFormat: 'portal-csv',
              ...csvRaw(ctx, h, rec.cells),
              line: rec.line,
              warnings: ctx.warnings,
              parseDate: (text) => dateOf(text, rec.line),
            });
          },
        };
      }
      if (!headers) throw new FileRejected(`${ctx.name} is empty`);
      if (rows === 0) throw new FileRejected(`${ctx.name} has a header but no sign-in rows`);
    })(),
  };
}
