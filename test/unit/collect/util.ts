// Shared plumbing of the collection tests: the 37-page data set, the fake Graph, sign-in against the
// fake authority, a case with its own collector connection. Every request must stay on loopback.
import path from 'node:path';
import { afterEach } from 'vitest';
import { MsalTokenSource, StaticTokenSource } from '../../../main/collect/auth';
import { resolveEndpoints } from '../../../main/collect/clouds';
import { createTransport, isLoopbackHost, type Transport } from '../../../main/collect/http';
import { CaseSession } from '../../../main/case/session';
import { openCaseDb } from '../../../main/case/db';
import { FAKE_CLIENT_ID, FAKE_TENANT_ID, fakeSignIn, startFakeGraph, type FakeGraph, type FakeGraphOptions, type GraphObject } from '../../support/fake-graph';
import { tempDir } from '../helpers';

export const DAY = 86_400_000;
/** The clock of the tests: noon, 20 November 2026 (UTC). */
export const NOW = Date.UTC(2026, 10, 20, 12);
/** Four days of data, ending two days before NOW. */
export const FROM = Date.UTC(2026, 10, 14);
export const TO = Date.UTC(2026, 10, 18);
const d = (k: number) => FROM + k * DAY;

/**
 * Records per type and day (0-3). With 10 records a page and the empty pages below, collecting
 * [FROM, TO) for every type is exactly 37 pages in 16 windows; one nonInteractive sign-in stamped on
 * the midnight between days 0 and 1 is fetched by both windows (the overlap, deduplicated).
 */
const PLAN: Record<string, number[]> = {
  interactiveUser: [25, 25, 25, 0],
  nonInteractiveUser: [35, 35, 0, 35],
  servicePrincipal: [10, 0, 0, 5],
  managedIdentity: [0, 0, 0, 0],
};

export function dataset(): GraphObject[] {
  const out: GraphObject[] = [];
  let i = 1;
  for (const [type, perDay] of Object.entries(PLAN)) {
    perDay.forEach((n, day) => {
      for (let k = 0; k < n; k++) out.push(fakeSignIn(i++, d(day) + 3_600_000 + Math.floor((k * 20 * 3_600_000) / n), type as 'interactiveUser'));
    });
  }
  out.push(fakeSignIn(i++, d(1), 'nonInteractiveUser'));
  return out;
}

/** Empty pages mid-stream: before page 1 of nonInteractive windows with data, before page 2 of interactive ones. */
export const emptyPages: FakeGraphOptions['emptyPageBefore'] = ({ page, eventType, ge }) => {
  const day = ge ? Math.round((Date.parse(ge) - FROM) / DAY) : -1;
  if (eventType === 'nonInteractiveUser') return page === 1 && PLAN['nonInteractiveUser']![day]! > 0;
  if (eventType === 'interactiveUser') return page === 2 && PLAN['interactiveUser']![day]! > 0;
  return false;
};

export const EXPECTED_PAGES = 37;
export const EXPECTED_WINDOWS = 16;

const running: FakeGraph[] = [];
const transports: Transport[] = [];
afterEach(async () => {
  while (transports.length) transports.pop()!.close();
  while (running.length) await running.pop()!.close();
});

export async function fakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const fake = await startFakeGraph({ signIns: dataset(), pageSize: 10, emptyPageBefore: emptyPages, ...options });
  running.push(fake);
  return fake;
}

/** Sightline's transport trusting the fake's certificate, refusing anything off loopback. */
export function loopbackTransport(fake: FakeGraph, timeoutMs?: number): Transport {
  const t = createTransport({ ca: fake.ca, ...(timeoutMs ? { timeoutMs } : {}) });
  transports.push(t);
  return {
    request(req) {
      const host = new URL(req.url).hostname;
      if (!isLoopbackHost(host)) throw new Error(`a test tried to reach ${host}`);
      return t.request(req);
    },
    close: () => t.close(),
  };
}

export function endpointsOf(fake: FakeGraph) {
  return resolveEndpoints({ authorityUrl: fake.authorityUrl, graphBaseUrl: fake.url });
}

export function tokenSource(fake: FakeGraph): StaticTokenSource {
  return new StaticTokenSource(fake.mintToken(), endpointsOf(fake));
}

/** Signed in through the fake authority with the device code flow (approved as soon as shown). */
export async function msalSource(fake: FakeGraph, transport = loopbackTransport(fake)): Promise<MsalTokenSource> {
  const source = new MsalTokenSource({ tenant: FAKE_TENANT_ID, clientId: FAKE_CLIENT_ID, endpoints: endpointsOf(fake), transport });
  await source.signInDeviceCode((p) => fake.approveDeviceCode(p.userCode));
  return source;
}

export function openCase() {
  const file = path.join(tempDir(), 'case.sightline');
  const session = CaseSession.open(file);
  const db = openCaseDb(file);
  return { file, session, db, close: () => (db.close(), session.close()) };
}

export function ids(session: CaseSession): string[] {
  return (session.db.prepare('SELECT id FROM signins ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}

export const ALL_TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'] as const;

export function request(extra: Partial<{ from: number; to: number; types: string[]; users: string[]; apps: string[]; also: string[] }> = {}) {
  return { from: FROM, to: TO, types: [...ALL_TYPES], users: [], apps: [], also: [], ...extra } as {
    from: number; to: number; types: (typeof ALL_TYPES)[number][]; users: string[]; apps: string[]; also: ('directoryAudits' | 'riskDetections' | 'riskyUsers')[];
  };
}
