// Companion CSV files: the full lists behind the report's capped tables (every evidence sign-in of
// every finding, every annotated sign-in, every note, the whole audit trail). UTF-8 with BOM, cells
// quoted, formula-like cells neutralised as in the sign-in export.
import fs from 'node:fs';
import path from 'node:path';
import type { CaseDb } from '../case/db';
import { listAudit } from '../case/audit-read';
import type { CompanionNames } from './document';
import { neutralise } from './export';
import { annotatedRows, CAPS, findingSignIns, noteRows, type ReportData } from './gather';

const cell = (v: unknown) => `"${neutralise(v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v)).replace(/"/g, '""')}"`;
const csv = (header: string[], rows: unknown[][]) => '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

/** Which companions a report needs (a table was capped), named after the report file. */
export function companionNames(d: ReportData, out: string): CompanionNames {
  const base = path.basename(out).replace(/\.(html?|pdf)$/i, '');
  const full = d.template === 'full';
  return {
    // Every finding's evidence whenever any table left some out (capped rows, or findings shown without a table).
    findingSignIns: full && (d.findings.length > CAPS.detailedFindings || d.findings.some((f) => f.signInCount > CAPS.findingSignIns)) ? `${base}.finding-signins.csv` : null,
    annotated: full && d.annotated.total > d.annotated.rows.length ? `${base}.annotated-signins.csv` : null,
    notes: full && d.notes.total > d.notes.rows.length ? `${base}.notes.csv` : null,
    audit: full && d.audit.total > d.audit.entries.length ? `${base}.audit.csv` : null,
  };
}

/** Writes the named companions into `dir`; returns their paths. */
export function writeCompanions(db: CaseDb, d: ReportData, names: CompanionNames, dir: string): string[] {
  const out: string[] = [];
  const write = (name: string | null, content: () => string) => {
    if (!name) return;
    const file = path.join(dir, name);
    fs.writeFileSync(file, content());
    out.push(file);
  };
  write(names.findingSignIns, () =>
    csv(
      ['finding_id', 'finding_title', 'severity', 'time', 'user', 'ip', 'app', 'status', 'error_code', 'location', 'client_app', 'user_agent', 'request_id'],
      d.findings.flatMap((f) => findingSignIns(db, f.id, null).map((r) => [f.id, f.title, f.severity, r.time, r.user, r.ip, r.app, r.outcome, r.errorCode, r.place, r.clientApp, r.userAgent, r.id])),
    ),
  );
  write(names.annotated, () =>
    csv(
      ['time', 'user', 'ip', 'app', 'status', 'bookmarked', 'tags', 'notes', 'user_agent', 'request_id'],
      annotatedRows(db, null).rows.map((r) => [r.time, r.user, r.ip, r.app, r.outcome, r.bookmarked ? 'yes' : '', r.tags.join(', '), r.notes.join(' | '), r.userAgent, r.id]),
    ),
  );
  write(names.notes, () => csv(['written', 'analyst', 'target_kind', 'target', 'note'], noteRows(db, null).rows.map((x) => [x.createdAt, x.analyst, x.targetKind, x.target, x.text])));
  write(names.audit, () => {
    const total = listAudit(db, { limit: 1 }).total;
    const rows: unknown[][] = [];
    for (let offset = 0; offset < total; offset += 5000) {
      for (const e of listAudit(db, { limit: 5000, offset }).entries) rows.push([e.id, e.at, e.analyst, e.action, typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)]);
    }
    rows.sort((a, b) => (a[0] as number) - (b[0] as number));
    return csv(['id', 'at', 'analyst', 'action', 'detail'], rows);
  });
  return out;
}
