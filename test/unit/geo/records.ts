// Sign-ins for the geo tests: Graph beta signIn objects with just the fields geo reads, imported
// through the real reader, normalizer and writer (importRecordTexts), as a live collection would.
import path from 'node:path';
import { CaseSession } from '../../../main/case/session';
import { importRecordTexts } from '../../../main/ingest/import-records';
import { tempDir } from '../helpers';

export const T0 = Date.parse('2026-10-01T09:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export type Place = { city: string; state: string; country: string; lat: number; lon: number };

/** Real places (GeoNames coordinates). */
export const AT = {
  seattle: { city: 'Seattle', state: 'Washington', country: 'US', lat: 47.60621, lon: -122.33207 },
  bellevue: { city: 'Bellevue', state: 'Washington', country: 'US', lat: 47.61038, lon: -122.20068 },
  portland: { city: 'Portland', state: 'Oregon', country: 'US', lat: 45.52345, lon: -122.67621 },
  newYork: { city: 'New York', state: 'New York', country: 'US', lat: 40.71427, lon: -74.00597 },
  moscow: { city: 'Moscow', state: 'Moscow', country: 'RU', lat: 55.75222, lon: 37.61556 },
  tokyo: { city: 'Tokyo', state: 'Tokyo', country: 'JP', lat: 35.6895, lon: 139.69171 },
  honolulu: { city: 'Honolulu', state: 'Hawaii', country: 'US', lat: 21.30694, lon: -157.85833 },
  berlin: { city: 'Berlin', state: 'Berlin', country: 'DE', lat: 52.52437, lon: 13.41053 },
} satisfies Record<string, Place>;

let n = 0;
const guid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export type Rec = {
  t: number;
  user?: string;
  ip?: string;
  /** Where the record says it was: with coordinates (`coords`, default) or as text only (the portal's way). */
  at?: Place | null;
  coords?: boolean;
  code?: number;
  type?: 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';
  asn?: number;
  details?: string;
  risk?: readonly string[];
  id?: string;
};

export function rec(r: Rec): Record<string, unknown> {
  const i = ++n;
  const type = r.type ?? 'interactiveUser';
  const at = r.at === undefined ? AT.seattle : r.at;
  const user = r.user ?? 'alice@contoso.example';
  return {
    id: r.id ?? guid(i),
    createdDateTime: new Date(r.t).toISOString(),
    userPrincipalName: user,
    userDisplayName: user.split('@')[0],
    userId: guid(1_000_000 + user.length * 31 + user.charCodeAt(0)),
    appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    appDisplayName: 'OfficeHome',
    ipAddress: r.ip ?? '73.42.10.20',
    clientAppUsed: 'Browser',
    isInteractive: type === 'interactiveUser',
    signInEventTypes: [type],
    status: { errorCode: r.code ?? 0, failureReason: r.code ? 'Invalid username or password.' : null, additionalDetails: r.details ?? null },
    location: at
      ? { city: at.city, state: at.state, countryOrRegion: at.country, geoCoordinates: r.coords === false ? {} : { latitude: at.lat, longitude: at.lon } }
      : { city: '', state: '', countryOrRegion: '', geoCoordinates: { latitude: 0, longitude: 0 } },
    ...(r.asn !== undefined ? { autonomousSystemNumber: r.asn } : {}),
    ...(r.risk ? { riskEventTypes_v2: r.risk } : {}),
  };
}

/** A new case holding these sign-ins. */
export async function caseWith(records: Record<string, unknown>[], file = path.join(tempDir(), 'geo.sightline')): Promise<CaseSession> {
  const session = CaseSession.open(file);
  await addRecords(session, records);
  return session;
}

let evidence = 0;
export async function addRecords(session: CaseSession, records: Record<string, unknown>[]): Promise<void> {
  const texts = records.map((r, i) => ({ raw: JSON.stringify(r), line: i + 1, recordIndex: i }));
  const { counts } = await importRecordTexts(session.db, { name: `test-${++evidence}.json`, path: 'test.json', size: 1, sha256: evidence.toString(16).padStart(64, '0'), format: 'graph-json', source: 'file' }, texts);
  if (counts.rejectedRows) throw new Error(`test records rejected: ${JSON.stringify(counts.rejected)}`);
}

export const pkOf = (session: CaseSession, id: string) => (session.db.prepare('SELECT pk FROM signins WHERE id = ?').get(id) as { pk: number }).pk;
