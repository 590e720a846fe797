// Small realistic cases for the timeline and report tests: Graph beta signIn objects imported through
// the real reader and writer (importRecordTexts), findings stored through the detections' own store
// (storeRun), and annotations through the case's addAnnotations.
import path from 'node:path';
import { addAnnotations } from '../../../main/case/annotations';
import { startRun, storeRun } from '../../../main/case/findings';
import { CaseSession } from '../../../main/case/session';
import { registry } from '../../../main/detect/registry';
import type { DetectionOutcome } from '../../../main/detect/runner';
import { importRecordTexts } from '../../../main/ingest/import-records';
import { tempDir } from '../helpers';

export const T0 = Date.parse('2026-10-01T00:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;

let n = 0;
const guid = (i: number, salt: number) => `${(salt * 1_000_003 + i).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export type Over = { t: number; user?: string; ip?: string; code?: number; type?: 'interactiveUser' | 'nonInteractiveUser'; app?: string; userAgent?: string; city?: string; country?: string; lat?: number; lon?: number };

/** One Graph beta signIn object with realistic fields. */
export function signIn(o: Over): Record<string, unknown> {
  const i = ++n;
  const type = o.type ?? 'interactiveUser';
  const user = o.user ?? 'alice@contoso.example';
  const code = o.code ?? 0;
  return {
    id: guid(i, 1),
    createdDateTime: new Date(o.t).toISOString(),
    userDisplayName: user.split('@')[0],
    userPrincipalName: user,
    userId: guid(user.length * 31 + user.charCodeAt(0), 7),
    appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    appDisplayName: o.app ?? 'OfficeHome',
    resourceId: '00000003-0000-0000-c000-000000000000',
    resourceDisplayName: 'Microsoft Graph',
    ipAddress: o.ip ?? '73.42.10.20',
    clientAppUsed: 'Browser',
    userAgent: o.userAgent ?? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
    correlationId: guid(i, 2),
    conditionalAccessStatus: 'success',
    isInteractive: type === 'interactiveUser',
    signInEventTypes: [type],
    authenticationRequirement: 'singleFactorAuthentication',
    userType: 'member',
    status: { errorCode: code, failureReason: code === 0 ? null : 'Invalid username or password or Invalid on-premise username or password.', additionalDetails: null },
    deviceDetail: { deviceId: '', displayName: '', operatingSystem: 'Windows10', browser: 'Chrome 141.0.0', isCompliant: false, isManaged: false, trustType: '' },
    location: { city: o.city ?? 'Seattle', state: 'Washington', countryOrRegion: o.country ?? 'US', geoCoordinates: { latitude: o.lat ?? 47.6, longitude: o.lon ?? -122.3 } },
  };
}

export type Built = { session: CaseSession; dir: string; evidenceId: number; ids: string[] };

/** A new case holding these sign-ins, as one evidence row named `name`. */
export async function caseOf(records: Record<string, unknown>[], name = 'signins.json'): Promise<Built> {
  const dir = tempDir();
  const session = CaseSession.open(path.join(dir, 'case.sightline'));
  const texts = records.map((r, i) => ({ raw: JSON.stringify(r), line: i + 1, recordIndex: i }));
  const { evidenceId, counts } = await importRecordTexts(session.db, { name, path: path.join(dir, name), size: 1, sha256: 'a'.repeat(64), format: 'graph-json', source: 'file' }, texts);
  if (counts.rejectedRows) throw new Error(`rejected: ${JSON.stringify(counts.rejected)}`);
  return { session, dir, evidenceId, ids: records.map((r) => r['id'] as string) };
}

/** Stores findings as a completed detection run of `password-spray` (the real store: ids, audit and all). */
export function storeFindings(session: CaseSession, drafts: { key: string; title: string; ids: string[]; severity?: 'low' | 'medium' | 'high'; users?: string[]; ips?: string[] }[]): void {
  const db = session.db;
  const detection = registry.get('password-spray')!;
  const pk = db.prepare('SELECT pk FROM signins WHERE id = ?').pluck();
  const time = db.prepare('SELECT created_ms FROM signins WHERE id = ?').pluck();
  const outcome: DetectionOutcome = {
    detection,
    params: {},
    ms: 1,
    notEvaluable: 0,
    error: null,
    findings: drafts.map((d) => {
      const times = d.ids.map((id) => time.get(id) as number);
      return {
        key: d.key,
        ...(d.severity ? { severity: d.severity } : {}),
        title: d.title,
        explanation: `${d.title}: ${d.ids.length} sign-ins.`,
        users: d.users ?? ['alice@contoso.example'],
        ips: d.ips ?? ['198.51.100.7'],
        startMs: Math.min(...times),
        endMs: Math.max(...times),
        signInPks: d.ids.map((id) => pk.get(id) as number),
      };
    }),
  };
  storeRun(db, startRun(db), [outcome], 'completed');
}

export function tag(session: CaseSession, ids: string[], value: string): void {
  addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: ids, value });
}
