// The timeline's lanes: findings (through the detections' store), tagged / bookmarked / noted
// sign-ins (through the case's annotations), evidence spans, collection runs and the other Graph
// sources; the visible range and the per-lane limit; and each item's details.
import { afterEach, describe, expect, it } from 'vitest';
import { addAnnotations } from '../../../main/case/annotations';
import { timelineItemDetail } from '../../../main/timeline/detail';
import { timelineItems } from '../../../main/timeline/items';
import { caseOf, HOUR, MIN, signIn, storeFindings, T0, tag, type Built } from './fixture';

let built: Built | null = null;
afterEach(() => built?.session.close());

async function caseWithWork() {
  const recs = [
    ...Array.from({ length: 10 }, (_, i) => signIn({ t: T0 + i * 10 * MIN, code: 50126, ip: '198.51.100.7' })),
    signIn({ t: T0 + 2 * HOUR, ip: '198.51.100.7' }),
    signIn({ t: T0 + 30 * HOUR, user: 'bob@contoso.example', ip: '203.0.113.9' }),
  ];
  const b = await caseOf(recs);
  storeFindings(b.session, [{ key: 'spray-1', title: 'Spray then success for alice', ids: b.ids.slice(0, 11), severity: 'high' }]);
  tag(b.session, [b.ids[10]!], 'compromised');
  addAnnotations(b.session.db, { kind: 'bookmark', targetKind: 'signin', targets: [b.ids[11]!] });
  addAnnotations(b.session.db, { kind: 'note', targetKind: 'signin', targets: [b.ids[11]!], value: 'Bob in <b>Lisbon</b>?' });
  return b;
}

/** A Graph collection run with a page, and one record of each other source on it. */
function addCollection(b: Built) {
  const db = b.session.db;
  const now = new Date().toISOString();
  const run = Number(
    db
      .prepare("INSERT INTO collect_runs (evidence_id, started_at, updated_at, status, query, records) VALUES (NULL, ?, ?, 'completed', ?, 3)")
      .run(now, now, JSON.stringify({ from: new Date(T0).toISOString(), to: new Date(T0 + 48 * HOUR).toISOString(), types: ['interactiveUser'] })).lastInsertRowid,
  );
  const page = Number(
    db
      .prepare("INSERT INTO collect_pages (run_id, seq, source, url, api_version, fetched_at, http_status, records, size, sha256, body) VALUES (?, 1, 'directoryAudits', 'https://graph.microsoft.com/beta/auditLogs/directoryAudits', 'beta', ?, 200, 3, 2, ?, ?)")
      .run(run, now, '0'.repeat(64), Buffer.from('{}')).lastInsertRowid,
  );
  db.prepare("INSERT INTO directory_audits (id, time_ms, category, activity, result, initiated_by, raw, page_id) VALUES ('da1', ?, 'UserManagement', 'Reset user password', 'success', 'admin@contoso.example', '{\"id\":\"da1\"}', ?)").run(T0 + HOUR, page);
  db.prepare("INSERT INTO risk_detections (id, time_ms, risk_event, risk_level, risk_state, user_upn, ip, raw, page_id) VALUES ('rd1', ?, 'unfamiliarFeatures', 'medium', 'atRisk', 'alice@contoso.example', '198.51.100.7', '{\"id\":\"rd1\"}', ?)").run(T0 + 2 * HOUR, page);
  db.prepare("INSERT INTO risky_users (id, time_ms, user_upn, risk_level, risk_state, risk_detail, raw, page_id) VALUES ('ru1', ?, 'alice@contoso.example', 'high', 'atRisk', 'none', '{\"id\":\"ru1\"}', ?)").run(T0 + 3 * HOUR, page);
  return run;
}

describe('timeline items', () => {
  it('puts findings, annotated sign-ins, notes and evidence in their lanes', async () => {
    built = await caseWithWork();
    const r = timelineItems(built.session.db, { limit: 5000 });
    expect(r.lanes).toEqual(['finding', 'tagged', 'bookmark', 'note', 'evidence']);
    const by = (lane: string) => r.items.filter((i) => i.lane === lane);
    expect(by('finding')).toEqual([
      expect.objectContaining({ startMs: T0, endMs: T0 + 2 * HOUR, label: 'Spray then success for alice', level: 'high', users: ['alice@contoso.example'], ref: expect.objectContaining({ kind: 'finding' }) }),
    ]);
    expect(by('tagged')).toEqual([expect.objectContaining({ startMs: T0 + 2 * HOUR, users: ['alice@contoso.example'], level: 'success', ref: { kind: 'signin', id: built.ids[10] } })]);
    expect(by('tagged')[0]!.label).toMatch(/^compromised · alice@contoso.example · 198.51.100.7/);
    expect(by('bookmark')).toEqual([expect.objectContaining({ startMs: T0 + 30 * HOUR, users: ['bob@contoso.example'], ref: { kind: 'signin', id: built.ids[11] } })]);
    // Note text is carried as text; the renderer shows it with textContent.
    expect(by('note')[0]!.label).toContain('Note: Bob in <b>Lisbon</b>?');
    expect(by('evidence')).toEqual([expect.objectContaining({ startMs: T0, endMs: T0 + 30 * HOUR, ref: { kind: 'evidence', id: built.evidenceId } })]);
  });

  it('keeps to the visible range and says which lanes the limit cut', async () => {
    built = await caseWithWork();
    const db = built.session.db;
    const late = timelineItems(db, { fromMs: T0 + 24 * HOUR, toMs: T0 + 48 * HOUR, limit: 5000 });
    // The finding and the tagged sign-in are earlier; the evidence span overlaps the range.
    expect(late.items.map((i) => i.lane).sort()).toEqual(['bookmark', 'evidence', 'note']);
    const ids = Array.from({ length: 10 }, (_, i) => built!.ids[i]!);
    tag(built.session, ids, 'suspicious');
    const limited = timelineItems(db, { limit: 4, lanes: ['tagged'] });
    expect(limited.items).toHaveLength(4);
    expect(limited.truncated).toEqual({ tagged: 7 });
  });

  it('shows collection runs and the other Graph sources, each with its details', async () => {
    built = await caseWithWork();
    const run = addCollection(built);
    const r = timelineItems(built.session.db, { limit: 5000 });
    expect(r.lanes).toEqual(expect.arrayContaining(['collection', 'directoryAudit', 'riskDetection', 'riskyUser']));
    const audit = r.items.find((i) => i.lane === 'directoryAudit')!;
    expect(audit).toMatchObject({ startMs: T0 + HOUR, users: ['admin@contoso.example'], level: 'success' });
    expect(audit.label).toContain('Reset user password');
    expect(r.items.find((i) => i.lane === 'collection')).toMatchObject({ startMs: T0, endMs: T0 + 48 * HOUR, ref: { kind: 'collection', id: run } });
    const detail = timelineItemDetail(built.session.db, audit.ref);
    expect(detail.title).toBe('Directory audit: Reset user password');
    expect(detail.fields).toEqual(expect.arrayContaining([{ label: 'Initiated by', value: 'admin@contoso.example' }, { label: 'Record', value: '{\n  "id": "da1"\n}' }]));
  });

  it('gives a finding’s details with its evidence sign-ins, and refuses an unknown item', async () => {
    built = await caseWithWork();
    const finding = timelineItems(built.session.db, { limit: 5000, lanes: ['finding'] }).items[0]!;
    const detail = timelineItemDetail(built.session.db, finding.ref);
    expect(detail.title).toBe('Spray then success for alice');
    expect(detail.signInIds).toEqual(built.ids.slice(0, 11));
    expect(detail.fields).toEqual(expect.arrayContaining([{ label: 'Severity', value: 'high' }, { label: 'Triage', value: 'open' }]));
    expect(() => timelineItemDetail(built!.session.db, { kind: 'finding', id: 'ffffffffffffffff' })).toThrow(/no finding/);
    expect(() => timelineItemDetail(built!.session.db, { kind: 'evidence', id: 999 })).toThrow(/no evidence 999/);
  });
});
