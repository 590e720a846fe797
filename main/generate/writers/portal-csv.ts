// Entra admin center CSV download (formats.md §2): the 57-column interactive header (also used by the
// non-interactive file) and the 22-column ApplicationSignIns header. UTF-8 without BOM, CRLF line
// endings as in a Windows download, every cell double-quoted.
//
// Cell values the portal's download does not document are written as its UI shows them (inference):
// Status Success/Failure/Interrupted; User type Member/Guest; Authentication requirement
// "Multifactor authentication"/"Single-factor authentication"; Conditional Access Success/Failure/
// "Not Applied"; Compliant/Managed/Flagged/Through GSA True/False; Incoming token type
// "None"/"Primary Refresh Token"/"Refresh Token"; Authentication Protocol "None"/"OAuth2"/"ROPC"/
// "Device Code"; Original transfer method "None"/"Device code flow"; Cross tenant access type
// "None"/"B2B collaboration"; Token Protection "Bound"/"Unbound".
import { MICROSOFT_SERVICES_TENANT } from '../catalog';
import { caOutcome, failureReason, mfaSummary, portalStatus, tokenProtection } from '../derive';
import type { Rec } from '../record';
import type { Tenant } from '../tenant';
import { PORTAL_PREFIX, rangeStamp, TypedFiles, type FileInfo, type SignInWriter } from './common';

export const PORTAL_USER_COLUMNS = [
  'Date (UTC)', 'Request ID', 'User agent', 'Correlation ID', 'User ID', 'User', 'Username', 'User type', 'Cross tenant access type',
  'Incoming token type', 'Authentication Protocol', 'Unique token identifier', 'Original transfer method', 'Client credential type',
  'Token Protection - Sign In Session', 'Token Protection - Sign In Session StatusCode', 'Application', 'Application ID ',
  'App owner tenant ID', 'Resource', 'Resource ID ', 'Resource tenant ID', 'Resource owner tenant ID', 'Home tenant ID',
  'Home tenant name', 'IP address', 'Location', 'Status', 'Sign-in error code', 'Failure reason', 'Client app', 'Device ID', 'Browser',
  'Operating System', 'Compliant', 'Managed', 'Join Type', 'Multifactor authentication result', 'Multifactor authentication auth method',
  'Multifactor authentication auth detail', 'Authentication requirement', 'Sign-in identifier', 'Session ID',
  'IP address (seen by resource)', 'Through Global Secure Access', 'Global Secure Access IP address', 'Autonomous system  number',
  'Flagged for review', 'Token issuer type', 'Incoming token type', 'Token issuer name', 'Latency', 'Conditional Access',
  'Managed Identity type', 'Associated Resource Id', 'Federated Token Id', 'Federated Token Issuer',
] as const;

export const PORTAL_APP_COLUMNS = [
  'Date (UTC)', 'Request ID', 'Correlation ID', 'Service principal ID', 'Service principal name', 'Credential key ID',
  'Credential thumbprint', 'Application', 'Application ID ', 'App owner tenant ID', 'Resource', 'Resource ID ', 'Resource tenant ID',
  'Resource owner tenant ID', 'Home tenant ID', 'Home tenant name', 'IP address', 'Location', 'Status', 'Sign-in error code',
  'Failure reason', 'Conditional Access',
] as const;

const EOL = '\r\n';
const headerLine = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(',') + EOL;

const TOKEN_TYPE: Record<string, string> = { none: 'None', primaryRefreshToken: 'Primary Refresh Token', refreshToken: 'Refresh Token' };
const PROTOCOL: Record<string, string> = { none: 'None', oAuth2: 'OAuth2', ropc: 'ROPC', deviceCode: 'Device Code' };
const TRANSFER: Record<string, string> = { none: 'None', deviceCodeFlow: 'Device code flow' };
const CA: Record<string, string> = { success: 'Success', failure: 'Failure', notApplied: 'Not Applied' };
const REQUIREMENT = { multiFactorAuthentication: 'Multifactor authentication', singleFactorAuthentication: 'Single-factor authentication' };
const CROSS_TENANT = { none: 'None', b2bCollaboration: 'B2B collaboration' };

/** Escapes a free-text cell (the surrounding quotes are in the row template). */
const q = (s: string) => (s.indexOf('"') === -1 ? s : s.replace(/"/g, '""'));
const bool = (b: boolean) => (b ? 'True' : 'False');

const locations = new WeakMap<object, string>();
function locationText(rec: Rec): string {
  let text = locations.get(rec.place);
  if (text === undefined) locations.set(rec.place, (text = q(`${rec.place.city}, ${rec.place.state}, ${rec.place.country}`)));
  return text;
}

export function portalUserRow(rec: Rec, tenant: Tenant): string {
  const who = rec.who!;
  const d = rec.device;
  const [mfaResult, mfaMethod, mfaDetail] = mfaSummary(rec);
  const token = TOKEN_TYPE[rec.incomingTokenType] ?? rec.incomingTokenType;
  const tp = tokenProtection(rec);
  return `"${new Date(rec.t).toISOString()}","${rec.id}","${q(rec.userAgent)}","${rec.correlationId}","${who.id}","${q(who.displayName)}","${q(who.upn)}","${who.type === 'guest' ? 'Guest' : 'Member'}","${CROSS_TENANT[who.crossTenant]}","${token}","${PROTOCOL[rec.protocol] ?? rec.protocol}","${rec.uti}","${TRANSFER[rec.transferMethod] ?? rec.transferMethod}","None","${tp === 'bound' ? 'Bound' : 'Unbound'}","","${q(rec.app.name)}","${rec.app.id}","${MICROSOFT_SERVICES_TENANT}","${q(rec.resource.name)}","${rec.resource.id}","${tenant.id}","${MICROSOFT_SERVICES_TENANT}","${who.homeTenantId}","${q(who.homeTenantName)}","${rec.ip}","${locationText(rec)}","${portalStatus(rec.errorCode)}","${rec.errorCode}","${q(failureReason(rec) ?? '')}","${rec.clientApp}","${d.deviceId}","${q(rec.browser)}","${d.os}","${bool(d.isCompliant)}","${bool(d.isManaged)}","${d.trustType}","${mfaResult}","${mfaMethod}","${mfaDetail}","${REQUIREMENT[rec.authRequirement]}","${q(who.upn)}","${rec.sessionId}","","False","","${rec.asn}","False","AzureAD","${token}","","${rec.latency}","${CA[caOutcome(tenant, rec.ca).status]}","","","",""${EOL}`;
}

export function portalAppRow(rec: Rec, tenant: Tenant): string {
  const sp = rec.sp!;
  return `"${new Date(rec.t).toISOString()}","${rec.id}","${rec.correlationId}","${sp.objectId}","${q(sp.app.name)}","${sp.credentialKeyId}","${sp.thumbprint}","${q(rec.app.name)}","${rec.app.id}","${tenant.id}","${q(rec.resource.name)}","${rec.resource.id}","${tenant.id}","${MICROSOFT_SERVICES_TENANT}","${tenant.id}","${tenant.name}","${rec.ip}","${locationText(rec)}","${portalStatus(rec.errorCode)}","${rec.errorCode}","${q(failureReason(rec) ?? '')}","${CA[caOutcome(tenant, rec.ca).status]}"${EOL}`;
}

export function portalCsvWriter(dir: string, tenant: Tenant): SignInWriter {
  const stamp = rangeStamp(tenant);
  const files = new TypedFiles(
    dir,
    'portal-csv',
    (type) => `${PORTAL_PREFIX[type]}_${stamp}.csv`,
    (type, sink) => sink.write(headerLine(type === 'servicePrincipal' ? PORTAL_APP_COLUMNS : PORTAL_USER_COLUMNS)),
    () => {},
  );
  return {
    write(rec) {
      const sink = files.get(rec.type);
      sink.write(rec.type === 'servicePrincipal' ? portalAppRow(rec, tenant) : portalUserRow(rec, tenant));
      sink.rows++;
    },
    close: (): FileInfo[] => files.close(),
  };
}
