// The portal's grouping, checked against an independent grouping of the same sign-ins in JavaScript.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupKey, SignIn, SignInFilter } from '../../../preload/contract';
import { groupMembers, groupSignIns } from '../../../main/case/groups';
import { CaseSession } from '../../../main/case/session';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { importFiles } from '../../../main/ingest/import';
import { exportRows } from '../../../main/report/export';
import { sample } from '../helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-groups-'));
const casePath = path.join(dir, 'groups.sightline');
let session: CaseSession;
const all: SignIn[] = [];

beforeAll(async () => {
  const out = path.join(dir, 'export');
  generate({ out, users: 12, days: 3, rows: 2000, seed: 21, format: 'portal-csv', attacks: [], end: DEFAULT_END });
  session = CaseSession.open(casePath);
  await importFiles(session.db, [out, sample('elastic-integrations/test-service-principal-signinlogs-sample.log')]);
  for await (const page of exportRows(session.db, {})) all.push(...page);
}, 120_000);

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const f = (s: SignIn) => s as Record<string, unknown>;
/** The group a sign-in belongs to, read from the canonical record (not from the SQL columns). */
function keyOf(s: SignIn, width: number | null): string {
  const workload = s.type === 'servicePrincipal' || s.type === 'managedIdentity';
  const user = (s.userPrincipalName ?? (workload ? ((f(s)['servicePrincipalName'] as string | undefined) ?? (f(s)['servicePrincipalId'] as string | undefined)) : null))?.toLowerCase() ?? null;
  const ms = Date.parse(s.createdDateTime);
  return JSON.stringify([user, s.appId || s.appDisplayName || null, s.ipAddress ?? null, s.outcome, s.resourceId || s.resourceDisplayName || null, width === null ? null : Math.floor(ms / width) * width]);
}
function expected(filter: (s: SignIn) => boolean, width: number | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of all.filter(filter)) m.set(keyOf(s, width), (m.get(keyOf(s, width)) ?? 0) + 1);
  return m;
}
/** A group's key as keyOf writes it; without a window, from/to are the group's own span, not part of its identity. */
function actualKey(k: GroupKey, width: number | null): string {
  return JSON.stringify([k.user, k.app, k.ip, k.outcome, k.resource, width === null ? null : Date.parse(k.from)]);
}

const cases: [string, SignInFilter, (s: SignIn) => boolean, '1h' | 'none' | '24h', number | null][] = [
  ['non-interactive, no window', { type: ['nonInteractiveUser'] }, (s) => s.type === 'nonInteractiveUser', 'none', null],
  ['non-interactive, per hour', { type: ['nonInteractiveUser'] }, (s) => s.type === 'nonInteractiveUser', '1h', 3_600_000],
  ['service principals, per day', { type: ['servicePrincipal'] }, (s) => s.type === 'servicePrincipal', '24h', 86_400_000],
];

describe('signins.groups', () => {
  it.each(cases)('groups exactly as a row-by-row grouping does (%s)', (_name, filter, keep, aggregate, width) => {
    const want = expected(keep, width);
    expect(want.size).toBeGreaterThan(1);
    const got = groupSignIns(session.db, { filter, aggregate, sort: { field: 'last', dir: 'desc' }, offset: 0, limit: 5000 });
    expect(got.total).toBe(want.size);
    expect(new Map(got.rows.map((g) => [actualKey(g.key, width), g.count]))).toEqual(want);
    // Newest last-seen first.
    const lasts = got.rows.map((g) => g.last);
    expect([...lasts].sort().reverse()).toEqual(lasts);
  });

  it('pages through the groups without overlap or gaps, in either sort', () => {
    for (const sort of [{ field: 'last', dir: 'desc' }, { field: 'count', dir: 'desc' }] as const) {
      const req = { filter: { type: ['nonInteractiveUser' as const] }, aggregate: '1h' as const, sort, limit: 7 };
      const whole = groupSignIns(session.db, { ...req, offset: 0, limit: 5000 }).rows.map((g) => actualKey(g.key, 3_600_000));
      const paged: string[] = [];
      for (let offset = 0; offset < whole.length; offset += 7) paged.push(...groupSignIns(session.db, { ...req, offset }).rows.map((g) => actualKey(g.key, 3_600_000)));
      expect(paged).toEqual(whole);
      if (sort.field === 'count') {
        const counts = groupSignIns(session.db, { ...req, offset: 0, limit: 5000 }).rows.map((g) => g.count);
        expect([...counts].sort((a, b) => b - a)).toEqual(counts);
      }
    }
  });

  it('expands a group to exactly its member sign-ins, newest first', async () => {
    const filter: SignInFilter = { type: ['nonInteractiveUser'] };
    const { rows } = groupSignIns(session.db, { filter, aggregate: '1h', sort: { field: 'count', dir: 'desc' }, offset: 0, limit: 3 });
    for (const group of rows) {
      const members = await groupMembers(session.db, filter, group.key, 0, 1000);
      expect(members.total).toBe(group.count);
      expect(members.rows).toHaveLength(group.count);
      for (const m of members.rows) expect(keyOf(m, 3_600_000)).toBe(actualKey(group.key, 3_600_000));
      expect(members.rows.map((m) => m.createdDateTime)).toEqual(members.rows.map((m) => m.createdDateTime).sort().reverse());
      expect(members.rows.at(-1)!.createdDateTime).toBe(group.first);
      expect(members.rows[0]!.createdDateTime).toBe(group.last);
    }
  });

  it('names a service principal group by the principal', () => {
    const { rows } = groupSignIns(session.db, { filter: { type: ['servicePrincipal'] }, aggregate: 'none', sort: { field: 'last', dir: 'desc' }, offset: 0, limit: 100 });
    expect(rows.some((g) => g.key.user === 'terraform-datadog-cli' && g.userDisplay === 'Terraform-Datadog-CLI')).toBe(true);
  });

  it('answers through the contract, and refuses a malformed key', async () => {
    const ctx = createHandlerContext({ mode: 'web', emit: () => {}, session });
    const ok = await dispatch('signins.groups', { filter: { type: ['nonInteractiveUser'] }, aggregate: '6h', limit: 5 }, ctx);
    expect(ok.ok).toBe(true);
    const bad = await dispatch('signins.groupMembers', { key: { user: 'x', outcome: 'maybe' } }, ctx);
    expect(bad.ok).toBe(false);
  });
});
