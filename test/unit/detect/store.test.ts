// Findings in the case: stable ids across re-runs, triage kept, stale and dropped findings, evidence
// links and the grid's `finding` filter, suppressions, per-case parameters, the audit trail, and the
// runner's shared rules (trusted ranges, a failing detection, cancel).
import { afterEach, describe, expect, it } from 'vitest';
import { countSignIns } from '../../../main/case/signins';
import { addSuppression, findingId, getFinding, lastRun, listFindings, listSuppressions, removeSuppression, triageFinding } from '../../../main/case/findings';
import { caseParams, detectionInfo, metaOf, runCaseDetections, updateParams } from '../../../main/detect/case-run';
import { passwordSpray } from '../../../main/detect/password-spray';
import { createRegistry } from '../../../main/detect/registry';
import { applyTrust, DetectionsCancelled, runDetections } from '../../../main/detect/runner';
import { noTrust, trustedFromCidrs } from '../../../main/detect/trusted';
import type { Detection } from '../../../main/detect/types';
import { caseOf, MIN, series, T0, type TestCase } from './build';

const SPRAY = '45.77.10.9';
const spray = (ip = SPRAY, n = 6, start = T0) => series(n, start, MIN, (i) => ({ user: `user${i}@contoso.example`, ip, code: 50126 }));
const reg = createRegistry([passwordSpray]);
const meta = metaOf(reg);
let c: TestCase | undefined;
afterEach(() => c?.session.close());

const audit = (action: string) => (c!.session.db.prepare('SELECT detail FROM audit WHERE action = ? ORDER BY id').all(action) as { detail: string }[]).map((r) => JSON.parse(r.detail));

describe('stored findings', () => {
  it('re-running keeps ids and triage; the evidence links drive the grid filter', async () => {
    c = await caseOf([...spray(), ...spray('45.77.10.10', 5, T0 + 3600_000)]);
    const db = c.session.db;
    const first = await runCaseDetections(db, { registry: reg, trusted: noTrust });
    expect(first.run.status).toBe('completed');
    const ids = [findingId('password-spray', SPRAY), findingId('password-spray', '45.77.10.10')];
    expect(first.findingIds.get('password-spray')!.sort()).toEqual([...ids].sort());
    expect(countSignIns(db, { finding: ids[0] })).toBe(6);
    expect(countSignIns(db, { finding: ids[1], user: 'user0' })).toBe(1);

    triageFinding(db, ids[0]!, 'confirmed', 'the VPS of the spray');
    await runCaseDetections(db, { registry: reg, trusted: noTrust });
    const listed = listFindings(db, {}, meta).findings;
    expect(listed.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(getFinding(db, ids[0]!, meta)).toMatchObject({ triage: 'confirmed', triageNote: 'the VPS of the spray', stale: false, signInCount: 6 });
    expect(audit('triage')).toEqual([{ finding: ids[0], triage: 'confirmed', note: 'the VPS of the spray', previous: 'open' }]);
  });

  it('a finding the latest run no longer raises is dropped, or kept as stale when triaged', async () => {
    c = await caseOf([...spray(SPRAY, 6), ...spray('45.77.10.10', 5, T0 + 3600_000)]);
    const db = c.session.db;
    await runCaseDetections(db, { registry: reg, trusted: noTrust });
    const [six, five] = [findingId('password-spray', SPRAY), findingId('password-spray', '45.77.10.10')];
    triageFinding(db, five!, 'needs_review', null);
    updateParams(db, passwordSpray, { minUsers: 6 });
    await runCaseDetections(db, { registry: reg, trusted: noTrust });
    const after = listFindings(db, {}, meta).findings;
    expect(after.map((f) => [f.id, f.stale])).toEqual([[five, true], [six, false]]); // newest first
    expect(listFindings(db, { includeStale: false }, meta).findings.map((f) => f.id)).toEqual([six]);
    // The run stored the parameters it used.
    expect(getFinding(db, six!, meta).params['minUsers']).toBe(6);
  });

  it('findings list by severity, then newest first, and filter by detection, severity and triage', async () => {
    c = await caseOf([...spray(SPRAY, 6, T0), ...spray('45.77.10.10', 6, T0 + 7200_000), ...series(2, T0, MIN, (i) => ({ user: `user${i}@contoso.example`, ip: '45.77.10.11', code: 0 })), ...spray('45.77.10.11', 6, T0 + 100)]);
    const db = c.session.db;
    await runCaseDetections(db, { registry: reg, trusted: noTrust });
    const all = listFindings(db, {}, meta).findings;
    expect(all.map((f) => [f.ips[0], f.severity])).toEqual([['45.77.10.11', 'high'], ['45.77.10.10', 'medium'], [SPRAY, 'medium']]);
    expect(listFindings(db, { severity: ['medium'] }, meta).total).toBe(2);
    triageFinding(db, all[0]!.id, 'false_positive', 'pen test');
    expect(listFindings(db, { triage: ['false_positive'] }, meta).findings.map((f) => f.id)).toEqual([all[0]!.id]);
    expect(listFindings(db, { detection: ['mfa-fatigue'] }, meta).total).toBe(0);
  });

  it('suppressions hide a finding when they cover all its users, IPs or ASNs; listed, reversible, audited', async () => {
    c = await caseOf(spray());
    const db = c.session.db;
    const { findingIds } = await runCaseDetections(db, { registry: reg, trusted: noTrust });
    const id = findingIds.get('password-spray')![0]!;
    const byUser = addSuppression(db, { detection: 'password-spray', kind: 'user', value: 'USER0@contoso.example', note: 'one of six' });
    expect(byUser.value).toBe('user0@contoso.example');
    expect(listFindings(db, {}, meta).total).toBe(1); // five users are not suppressed
    const byIp = addSuppression(db, { detection: 'password-spray', kind: 'ip', value: SPRAY, findingId: id });
    expect(listFindings(db, {}, meta).total).toBe(0);
    expect(listFindings(db, { includeSuppressed: true }, meta).findings[0]).toMatchObject({ id, suppressed: true });
    expect(getFinding(db, id, meta).suppressions.map((s) => s.id)).toEqual([byIp.id]);
    // Another detection's suppression does not apply.
    addSuppression(db, { detection: 'mfa-fatigue', kind: 'ip', value: '1.2.3.4' });
    expect(listSuppressions(db)).toHaveLength(3);
    const removed = removeSuppression(db, byIp.id);
    expect(removed.removedAt).not.toBeNull();
    expect(listFindings(db, {}, meta).total).toBe(1);
    expect(audit('suppress').map((a) => [a.action, a.kind, a.value])).toEqual([
      ['add', 'user', 'user0@contoso.example'],
      ['add', 'ip', SPRAY],
      ['add', 'ip', '1.2.3.4'],
      ['remove', 'ip', SPRAY],
    ]);
    expect(() => addSuppression(db, { detection: 'password-spray', kind: 'asn', value: 'AS123' })).toThrow(/an ASN is a number/);
  });

  it('per-case parameters: stored, shown with their defaults, used by the next run, restored with null', async () => {
    c = await caseOf(spray(SPRAY, 5));
    const db = c.session.db;
    const info = updateParams(db, passwordSpray, { minUsers: 6 });
    expect(info.params.find((p) => p.name === 'minUsers')).toMatchObject({ default: 5, value: 6, overridden: true, min: 2 });
    expect((await runCaseDetections(db, { registry: reg, trusted: noTrust })).run.results[0]!.findings).toBe(0);
    updateParams(db, passwordSpray, { minUsers: null });
    expect(caseParams(db, passwordSpray)['minUsers']).toBe(5);
    expect(detectionInfo(db, passwordSpray).params.find((p) => p.name === 'minUsers')!.overridden).toBe(false);
    expect((await runCaseDetections(db, { registry: reg, trusted: noTrust })).run.results[0]!.findings).toBe(1);
    expect(() => updateParams(db, passwordSpray, { minUsers: 0 })).toThrow(/at least 2/);
  });

  it('every run is on the audit trail with per-detection times, and is the last run', async () => {
    c = await caseOf(spray());
    const db = c.session.db;
    const { run } = await runCaseDetections(db, { registry: reg, trusted: noTrust });
    const [entry] = audit('detect');
    expect(entry).toMatchObject({ run: run.id, status: 'completed', detections: [{ id: 'password-spray', findings: 1, notEvaluable: 0 }] });
    expect(typeof entry.detections[0].ms).toBe('number');
    expect(lastRun(db)).toMatchObject({ id: run.id, status: 'completed', results: [{ detection: 'password-spray', findings: 1 }] });
  });
});

describe('runner', () => {
  const boom: Detection = { ...passwordSpray, id: 'boom', run: () => { throw new Error('no such column'); } };

  it('a detection that throws is reported; the others still run and store', async () => {
    c = await caseOf(spray());
    const { run } = await runCaseDetections(c.session.db, { registry: createRegistry([boom, passwordSpray]), trusted: noTrust });
    expect(run.results.map((r) => [r.detection, r.error, r.findings])).toEqual([['boom', 'no such column', 0], ['password-spray', null, 1]]);
  });

  it('cancel stops between detections and keeps what finished', async () => {
    c = await caseOf(spray());
    const controller = new AbortController();
    const r = createRegistry([passwordSpray, { ...passwordSpray, id: 'second' }]);
    const result = await runCaseDetections(c.session.db, { registry: r, trusted: noTrust, signal: controller.signal, onProgress: (p) => p.index === 0 && !p.done && controller.abort() });
    expect(result.run.status).toBe('cancelled');
    expect(result.run.results.map((x) => x.detection)).toEqual(['password-spray']);
    await expect(runDetections(c.session.db, [passwordSpray], { trusted: noTrust, paramsOf: () => ({}), signal: AbortSignal.abort() })).rejects.toBeInstanceOf(DetectionsCancelled);
  });

  it('a finding whose every address is trusted is lowered and says so; partly trusted ones are not', () => {
    const trusted = trustedFromCidrs(['10.0.0.0/8', '2001:db8::/32']);
    const f = { key: 'k', title: 't', explanation: 'Something happened.', users: [], ips: ['10.1.2.3', '2001:db8::1'], startMs: 0, endMs: 0, signInPks: [] };
    expect(applyTrust(f, trusted, 'high')).toMatchObject({ severity: 'low', facts: { trusted: true } });
    expect(applyTrust(f, trusted, 'high').explanation).toMatch(/trusted range, so the severity is lowered from high/);
    const partly = { ...f, ips: ['10.1.2.3', '8.8.8.8'] };
    expect(applyTrust(partly, trusted, 'high')).toBe(partly);
    expect(applyTrust({ ...f, severity: 'low' as const }, trusted, 'high').explanation).toBe(f.explanation);
    expect(() => trustedFromCidrs(['10.0.0.0/33'])).toThrow(/not a CIDR block/);
  });
});
