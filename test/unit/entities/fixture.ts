// One realistic case for the entity tests: a generated tenant (Graph JSON, 60 users, seed 5) with a
// password spray, a sign-in from a new country, token replay and legacy auth planted, plus real
// samples (one Sentinel lab user, a real tenant with IPv6 sign-ins, a service principal and a managed
// identity). The canonical sign-ins are read back in JavaScript as the tests' independent oracle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignIn } from '../../../preload/contract';
import { CaseSession } from '../../../main/case/session';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { exportRows } from '../../../main/report/export';
import { sample } from '../helpers';

export type Incident = { id: string; kind: string; users: string[]; ips: string[]; from: string; to: string; requestIds: string[] };

export type EntityCase = {
  dir: string;
  casePath: string;
  session: CaseSession;
  all: SignIn[];
  incidents: Incident[];
  /** The spray IP that tried 25 accounts, and the account whose password was right there. */
  spray: { ip: string; users: string[]; hit: string };
  close(): void;
};

/**
 * The spray's one right password (planted as 50076, MFA required) becomes a plain success, as when
 * the account has no MFA: the Graph JSON record is edited before import, like any export would read.
 */
function plantSprayHit(out: string, spray: Incident): { hit: string; ip: string } {
  const ids = new Set(spray.requestIds);
  for (const f of fs.readdirSync(out).filter((n) => n.endsWith('.json') && n !== 'truth.json')) {
    const file = path.join(out, f);
    const page = JSON.parse(fs.readFileSync(file, 'utf8')) as { value: Record<string, unknown>[] };
    const hit = page.value.find((r) => ids.has(r['id'] as string) && (r['status'] as { errorCode: number }).errorCode === 50076);
    if (!hit) continue;
    hit['status'] = { errorCode: 0, failureReason: 'Other.', additionalDetails: null };
    fs.writeFileSync(file, JSON.stringify(page));
    return { hit: (hit['userPrincipalName'] as string).toLowerCase(), ip: hit['ipAddress'] as string };
  }
  throw new Error('the generated spray has no 50076 record');
}

export async function buildEntityCase(): Promise<EntityCase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-entities-'));
  const out = path.join(dir, 'export');
  generate({ out, users: 60, days: 14, rows: 3000, seed: 5, format: 'graph-json', attacks: ['password-spray', 'new-country', 'token-replay', 'legacy-auth'], end: DEFAULT_END });
  const incidents = (JSON.parse(fs.readFileSync(path.join(out, 'truth.json'), 'utf8')) as { incidents: Incident[] }).incidents;
  const sprayIncident = incidents.find((i) => i.kind === 'password-spray')!;
  const { hit, ip } = plantSprayHit(out, sprayIncident);
  const casePath = path.join(dir, 'entities.sightline');
  const session = CaseSession.open(casePath);
  await importFiles(session.db, [
    out,
    sample('sentinel-training-lab/sign-in_adelete.csv'),
    sample('ciso-logs-public/SigninLogs.csv'),
    sample('elastic-integrations/test-service-principal-signinlogs-sample.log'),
    sample('elastic-integrations/test-managed-identity-sample.log.EXCERPT_first2records.log'),
  ]);
  const all: SignIn[] = [];
  for await (const page of exportRows(session.db, {})) all.push(...page);

  // The accounts the hit's IP sprayed (25 with seed 5 and 60 users), read from the records themselves.
  const ids = new Set(sprayIncident.requestIds);
  const users = new Set(all.filter((s) => ids.has(s.id) && s.ipAddress === ip).map((s) => s.userPrincipalName!.toLowerCase()));
  return {
    dir,
    casePath,
    session,
    all,
    incidents,
    spray: { ip, users: [...users], hit },
    close() {
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const upn = (s: SignIn) => s.userPrincipalName?.toLowerCase() ?? null;
export const field = (s: SignIn, key: string) => (s as Record<string, unknown>)[key];
