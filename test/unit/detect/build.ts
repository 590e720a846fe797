// Small realistic cases for the detection tests: Graph beta signIn objects (the richest export) with
// realistic defaults, imported through the real reader, normalizer and writer (importRecordTexts).
import path from 'node:path';
import { CaseSession } from '../../../main/case/session';
import { importRecordTexts } from '../../../main/ingest/import-records';
import { resolveParams } from '../../../main/detect/params';
import { noTrust } from '../../../main/detect/trusted';
import type { Detection, DetectionResult, ParamValue, Trusted } from '../../../main/detect/types';
import { tempDir } from '../helpers';

export const T0 = Date.parse('2026-10-01T09:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const APP = {
  officeHome: { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', appDisplayName: 'OfficeHome' },
  office: { appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', appDisplayName: 'Microsoft Office' },
  teams: { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', appDisplayName: 'Microsoft Teams' },
  azurePortal: { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', appDisplayName: 'Azure Portal' },
  windowsSignIn: { appId: '38aa3b87-a06d-4817-b275-7a316988d93b', appDisplayName: 'Windows Sign In' },
  azureCli: { appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', appDisplayName: 'Microsoft Azure CLI' },
  azurePowerShell: { appId: '1950a258-227b-4e31-a9cf-717495945fc2', appDisplayName: 'Microsoft Azure PowerShell' },
  graphCli: { appId: '14d82eec-204b-4c2f-b7e8-296a70dab67e', appDisplayName: 'Microsoft Graph Command Line Tools' },
  broker: { appId: '29d9ed98-a469-4536-ade2-f981bc1d605e', appDisplayName: 'Microsoft Authentication Broker' },
  exchange: { appId: '00000002-0000-0ff1-ce00-000000000000', appDisplayName: 'Office 365 Exchange Online' },
} as const;

export const RESOURCE = {
  graph: { resourceId: '00000003-0000-0000-c000-000000000000', resourceDisplayName: 'Microsoft Graph' },
  exchange: { resourceId: '00000002-0000-0ff1-ce00-000000000000', resourceDisplayName: 'Office 365 Exchange Online' },
  drs: { resourceId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', resourceDisplayName: 'Device Registration Service' },
  aad: { resourceId: '00000002-0000-0000-c000-000000000000', resourceDisplayName: 'Windows Azure Active Directory' },
  azureManagement: { resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013', resourceDisplayName: 'Windows Azure Service Management API' },
} as const;

let counter = 0;
const guid = (n: number, salt = 0) => {
  const h = (n * 2654435761 + salt * 97) >>> 0;
  const s = (h.toString(16).padStart(8, '0') + n.toString(16).padStart(12, '0')).slice(-20);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${n.toString(16).padStart(12, '0')}`;
};

export type Over = Record<string, unknown> & {
  t?: number;
  user?: string | null;
  ip?: string;
  code?: number;
  details?: string | null;
  interactive?: boolean;
  type?: 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';
  country?: string;
  city?: string;
  state?: string;
  steps?: string[];
};

const eventType = (t: NonNullable<Over['type']>) => t;

/** One Graph beta signIn object; `over` fields win (Graph names), the short names above are helpers. */
export function signIn(over: Over = {}): Record<string, unknown> {
  const n = ++counter;
  const { t = T0, user = 'alice@contoso.example', ip = '73.42.10.20', code = 0, details, type = 'interactiveUser', country = 'US', city = 'Seattle', state = 'Washington', steps, interactive: _i, ...rest } = over;
  const sp = type === 'servicePrincipal' || type === 'managedIdentity';
  const base: Record<string, unknown> = {
    id: guid(n, 1),
    createdDateTime: new Date(t).toISOString(),
    userDisplayName: sp ? null : user ? user.split('@')[0] : null,
    userPrincipalName: sp ? null : user,
    userId: sp ? null : user ? guid(user.length * 1000 + user.charCodeAt(0), 7) : null,
    ...APP.officeHome,
    ...RESOURCE.graph,
    ipAddress: ip,
    clientAppUsed: 'Browser',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
    correlationId: guid(n, 2),
    conditionalAccessStatus: 'success',
    isInteractive: type === 'interactiveUser',
    signInEventTypes: [eventType(type)],
    authenticationRequirement: 'multiFactorAuthentication',
    authenticationProtocol: 'none',
    incomingTokenType: 'none',
    originalTransferMethod: 'none',
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    userType: sp ? null : 'member',
    crossTenantAccessType: 'none',
    servicePrincipalId: sp ? guid(99, 3) : '',
    status: { errorCode: code, failureReason: code === 0 ? null : 'Other.', additionalDetails: details ?? null },
    deviceDetail: { deviceId: '', displayName: '', operatingSystem: 'Windows10', browser: 'Chrome 141.0.0', isCompliant: false, isManaged: false, trustType: '' },
    location: { city, state, countryOrRegion: country, geoCoordinates: { latitude: 47.6, longitude: -122.3 } },
    authenticationDetails: (steps ?? []).map((s) => ({ authenticationStepDateTime: new Date(t).toISOString(), authenticationMethod: 'Mobile app notification', succeeded: /completed|satisfied/.test(s), authenticationStepResultDetail: s })),
    appliedConditionalAccessPolicies: [],
    networkLocationDetails: [],
  };
  return { ...base, ...rest };
}

export type TestCase = { session: CaseSession; pkOf: (id: string) => number; idOf: (pk: number) => string };

/** A new case holding these sign-ins (imported as Graph JSON). */
export async function caseOf(records: Record<string, unknown>[]): Promise<TestCase> {
  const session = CaseSession.open(path.join(tempDir(), 'case.sightline'));
  const texts = records.map((r, i) => ({ raw: JSON.stringify(r), line: i + 1, recordIndex: i }));
  const { counts } = await importRecordTexts(session.db, { name: 'test.json', path: 'test.json', size: 1, sha256: '0'.repeat(64), format: 'graph-json', source: 'file' }, texts);
  if (counts.rejectedRows) throw new Error(`test records rejected: ${JSON.stringify(counts.rejected)}`);
  return {
    session,
    pkOf: (id) => (session.db.prepare('SELECT pk FROM signins WHERE id = ?').get(id) as { pk: number }).pk,
    idOf: (pk) => (session.db.prepare('SELECT id FROM signins WHERE pk = ?').get(pk) as { id: string }).id,
  };
}

/** Runs one detection on records; returns its result with evidence as sign-in ids. */
export async function detect(d: Detection, records: Record<string, unknown>[], params: Record<string, ParamValue> = {}, trusted: Trusted = noTrust): Promise<DetectionResult & { ids: string[][] }> {
  const c = await caseOf(records);
  try {
    const result = await d.run({ db: c.session.db, trusted }, resolveParams(d, params));
    return { ...result, ids: result.findings.map((f) => f.signInPks.map(c.idOf)) };
  } finally {
    c.session.close();
  }
}

/** `n` sign-ins `gap` apart starting at `start`, each built by `make(i)`. */
export function series(n: number, start: number, gap: number, make: (i: number, t: number) => Over): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => signIn({ t: start + i * gap, ...make(i, start + i * gap) }));
}
