// The report tests' case: a generated tenant with planted attacks (the real generator, portal CSV) and
// a Graph JSON file of sign-ins whose user agent, UPN, app and location carry HTML and script,
// imported by the real import (evidence files on disk, hashed, geo-enriched). The payload sign-ins
// are tagged and noted, so they appear in the report's tables.
import fs from 'node:fs';
import path from 'node:path';
import { addAnnotations } from '../../../main/case/annotations';
import { setCaseDetails } from '../../../main/case/details';
import { CaseSession } from '../../../main/case/session';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { addScopeToReport } from '../../../main/entities/actions';
import { startImport } from '../../../main/ingest/run-import';
import { signIn } from '../timeline/fixture';

export const PAYLOAD = {
  userAgent: '<script>alert("ua")</script><img src=x onerror=alert(1)>',
  upn: 'mallory"><svg onload=alert(2)>@contoso.example',
  app: '<b>Evil & "App"</b>',
  city: "<iframe src='//evil.example/x'></iframe>",
  note: '</td><script>alert(3)</script> check this 已确认',
};

export type ReportCase = { dir: string; casePath: string; payloadFile: string; payloadIds: string[] };

/** Builds the case in `dir` (about 5 s: generation, import in worker threads, geo enrichment). */
export async function buildReportCase(dir: string): Promise<ReportCase> {
  const gen = path.join(dir, 'gen');
  generate({ out: gen, users: 20, days: 7, rows: 700, seed: 5, format: 'portal-csv', attacks: ['password-spray', 'brute-force-then-success', 'impossible-travel', 'mfa-fatigue'], end: DEFAULT_END });
  const t = DEFAULT_END - 2 * 86_400_000;
  const payload = [
    signIn({ t, user: PAYLOAD.upn, userAgent: PAYLOAD.userAgent, app: PAYLOAD.app, city: PAYLOAD.city, ip: '203.0.113.66', code: 50126 }),
    signIn({ t: t + 60_000, user: PAYLOAD.upn, userAgent: PAYLOAD.userAgent, app: PAYLOAD.app, city: PAYLOAD.city, ip: '203.0.113.66' }),
  ];
  const payloadFile = path.join(dir, 'graph-payload.json');
  fs.writeFileSync(payloadFile, JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value: payload }, null, 1));
  const casePath = path.join(dir, 'case.sightline');
  const files = [...fs.readdirSync(gen).filter((f) => f.endsWith('.csv')).map((f) => path.join(gen, f)), payloadFile];
  const summary = await startImport(casePath, files).done;
  if (summary.totals.rejectedFiles || summary.totals.rejectedRows) throw new Error(`fixture import: ${JSON.stringify(summary.totals)}`);
  const session = CaseSession.open(casePath, { mustExist: true });
  try {
    const ids = payload.map((p) => p['id'] as string);
    addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: ids, value: 'suspicious' });
    addAnnotations(session.db, { kind: 'note', targetKind: 'signin', targets: [ids[1]!], value: PAYLOAD.note });
    addAnnotations(session.db, { kind: 'tag', targetKind: 'ip', targets: ['203.0.113.66'], value: 'attacker-infrastructure' });
    // Enough reviewed sign-ins that their table runs over several printed pages.
    const reviewed = session.db.prepare("SELECT id FROM signins WHERE type = 'interactiveUser' ORDER BY created_ms LIMIT 120").pluck().all() as string[];
    addAnnotations(session.db, { kind: 'tag', targetKind: 'signin', targets: reviewed, value: 'reviewed' });
    // The scope of the compromise from the attacker's address, kept for the report (Entities view).
    await addScopeToReport(session.db, [{ kind: 'ip', value: '203.0.113.66' }]);
    setCaseDetails(session.db, { name: 'Contoso BEC 2026-10', number: 'IR-2026-041', analyst: 'Dana Analyst', client: 'Contoso Ltd', timeZone: 'Europe/Berlin', description: 'Suspected mailbox compromise after a password spray.' });
    return { dir, casePath, payloadFile, payloadIds: ids };
  } finally {
    session.close();
  }
}

/** Text with every run of whitespace removed: PDF text breaks lines inside table cells. */
export const squash = (s: string) => s.replace(/\s+/g, '');
