// detections.* and findings.* through the contract (dispatch validates payloads and outputs).
import { describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { registry } from '../../../main/detect/registry';
import type { DetectionInfo, DetectionRun, FindingDetail, FindingSummary, Suppression } from '../../../preload/contract';
import { caseOf, MIN, series, T0 } from './build';

function context(session: HandlerContext['session']): HandlerContext & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  const ctx = createHandlerContext({ mode: 'web', session, emit: (name, payload) => events.push([name, payload]) });
  return Object.assign(ctx, { events });
}

async function ok<T>(promise: ReturnType<typeof dispatch>): Promise<T> {
  const r = await promise;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const spray = series(6, T0, MIN, (i) => ({ user: `user${i}@contoso.example`, ip: '45.77.10.9', code: 50126 }));

describe('detections and findings over the contract', () => {
  it('lists every detection with its parameters (defaults shown) and KQL', async () => {
    const c = await caseOf(spray);
    try {
      const list = await ok<DetectionInfo[]>(dispatch('detections.list', {}, context(c.session)));
      expect(list.map((d) => d.id)).toEqual(registry.all.map((d) => d.id));
      const spraying = list.find((d) => d.id === 'password-spray')!;
      expect(spraying.params.find((p) => p.name === 'minUsers')).toEqual({ name: 'minUsers', help: expect.any(String), default: 5, value: 5, overridden: false, min: 2, max: 10000 });
      expect(spraying.kql).toContain('SigninLogs');
    } finally {
      c.session.close();
    }
  });

  it('runs with progress events, then lists, opens, triages (with a suppression) and unsuppresses', async () => {
    const c = await caseOf(spray);
    const ctx = context(c.session);
    try {
      const run = await ok<DetectionRun>(dispatch('detections.run', { only: ['password-spray', 'mfa-fatigue'] }, ctx));
      expect(run).toMatchObject({ status: 'completed', results: [{ detection: 'password-spray', findings: 1 }, { detection: 'mfa-fatigue', findings: 0 }] });
      const progress = ctx.events.filter(([n]) => n === 'detect.progress').map(([, p]) => p as { detection: string | null; done: boolean });
      expect(progress.map((p) => [p.detection, p.done])).toEqual([['password-spray', false], ['mfa-fatigue', false], [null, true]]);
      expect(await ok<DetectionRun>(dispatch('detections.lastRun', {}, ctx))).toMatchObject({ id: run.id });

      const { findings } = await ok<{ findings: FindingSummary[] }>(dispatch('findings.list', { severity: ['medium'] }, ctx));
      expect(findings).toHaveLength(1);
      const detail = await ok<FindingDetail>(dispatch('findings.get', { id: findings[0]!.id }, ctx));
      expect(detail.signInIds).toEqual(spray.map((r) => r['id']));
      expect(detail.kql).toBe(registry.get('password-spray')!.kql);

      const triaged = await ok<FindingDetail>(dispatch('findings.triage', { id: detail.id, triage: 'false_positive', note: 'pen test from our VPS', suppress: { kind: 'ip', value: '45.77.10.9' } }, ctx));
      expect(triaged).toMatchObject({ triage: 'false_positive', triageNote: 'pen test from our VPS', suppressed: true });
      expect((await ok<{ total: number }>(dispatch('findings.list', {}, ctx))).total).toBe(0);
      const [suppression] = await ok<Suppression[]>(dispatch('findings.suppressions', {}, ctx));
      expect(suppression).toMatchObject({ detection: 'password-spray', kind: 'ip', value: '45.77.10.9', findingId: detail.id, removedAt: null });
      await ok(dispatch('findings.unsuppress', { id: suppression!.id }, ctx));
      expect((await ok<{ total: number }>(dispatch('findings.list', {}, ctx))).total).toBe(1);
    } finally {
      c.session.close();
    }
  });

  it('sets parameters, and answers bad values and unknown ids with their codes', async () => {
    const c = await caseOf(spray);
    const ctx = context(c.session);
    try {
      const info = await ok<DetectionInfo>(dispatch('detections.setParams', { detection: 'password-spray', params: { minUsers: 7 } }, ctx));
      expect(info.params.find((p) => p.name === 'minUsers')).toMatchObject({ value: 7, overridden: true });
      expect(await dispatch('detections.setParams', { detection: 'password-spray', params: { minUsers: 1 } }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/at least 2/) } });
      expect(await dispatch('detections.setParams', { detection: 'password-spray', params: { typo: 1 } }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(await dispatch('detections.setParams', { detection: 'no-such', params: {} }, ctx)).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await dispatch('findings.get', { id: '0123456789abcdef' }, ctx)).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await dispatch('findings.get', { id: 'x' }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(await dispatch('detections.run', { only: ['nope'] }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/unknown detection "nope"/) } });
      expect(await dispatch('detections.cancel', {}, ctx)).toEqual({ ok: true, value: { cancelled: false } });
      expect(await dispatch('findings.list', {}, context(null))).toMatchObject({ ok: false, error: { code: 'no-case' } });
    } finally {
      c.session.close();
    }
  });
});
