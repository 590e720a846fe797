// The optional sources of a run (directory audits, risk detections, risky users), each into its own
// table: typed columns for the timeline, the record verbatim. The same record again is a duplicate;
// changed content replaces the stored record (its older text stays in its raw page).
import type { CaseDb } from '../case/db';
import type { RecordCounts } from '../ingest/import-records';
import type { OtherSource } from './sources';

type Obj = Record<string, unknown>;
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const ms = (v: unknown): number | null => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : t;
};
const at = (o: Obj, ...path: string[]): unknown => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Obj)[k] : undefined), o);

type Columns = { table: string; columns: string[]; values(o: Obj): unknown[] | string };

const DEFS: Record<OtherSource, Columns> = {
  directoryAudits: {
    table: 'directory_audits',
    columns: ['time_ms', 'category', 'activity', 'result', 'initiated_by'],
    values: (o) => {
      const t = ms(o['activityDateTime']);
      if (t === null) return 'no activityDateTime';
      const who = s(at(o, 'initiatedBy', 'user', 'userPrincipalName')) ?? s(at(o, 'initiatedBy', 'app', 'displayName')) ?? s(at(o, 'initiatedBy', 'app', 'appId'));
      return [t, s(o['category']), s(o['activityDisplayName']), s(o['result']), who?.toLowerCase() ?? null];
    },
  },
  riskDetections: {
    table: 'risk_detections',
    columns: ['time_ms', 'risk_event', 'risk_level', 'risk_state', 'user_upn', 'ip'],
    values: (o) => {
      const t = ms(o['detectedDateTime']) ?? ms(o['activityDateTime']);
      if (t === null) return 'no detectedDateTime';
      return [t, s(o['riskEventType']), s(o['riskLevel']), s(o['riskState']), s(o['userPrincipalName'])?.toLowerCase() ?? null, s(o['ipAddress'])];
    },
  },
  riskyUsers: {
    table: 'risky_users',
    columns: ['time_ms', 'user_upn', 'risk_level', 'risk_state', 'risk_detail'],
    values: (o) => [ms(o['riskLastUpdatedDateTime']), s(o['userPrincipalName'])?.toLowerCase() ?? null, s(o['riskLevel']), s(o['riskState']), s(o['riskDetail'])],
  },
};

/** Writes one page's records of an optional source; call inside the page's transaction. */
export function writeOtherRecords(db: CaseDb, source: OtherSource, raws: { raw: string; line: number }[], pageId: number): RecordCounts {
  const def = DEFS[source];
  const counts: RecordCounts = { records: 0, inserted: 0, updated: 0, duplicates: 0, rejectedRows: 0, rejected: [] };
  const find = db.prepare(`SELECT pk, raw FROM ${def.table} WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO ${def.table} (id, ${def.columns.join(', ')}, raw, page_id) VALUES (?, ${def.columns.map(() => '?').join(', ')}, ?, ?)`);
  const replace = db.prepare(`UPDATE ${def.table} SET ${def.columns.map((c) => `${c} = ?`).join(', ')}, raw = ?, page_id = ? WHERE pk = ?`);
  for (const r of raws) {
    counts.records++;
    let o: Obj;
    try {
      o = JSON.parse(r.raw) as Obj;
    } catch {
      o = {};
    }
    const id = s(o['id']);
    const values = def.values(o);
    if (!id || typeof values === 'string') {
      counts.rejectedRows++;
      counts.rejected.push({ line: r.line, reason: id ? values as string : 'no id' });
      continue;
    }
    const current = find.get(id) as { pk: number; raw: string } | undefined;
    if (!current) {
      insert.run(id, ...values, r.raw, pageId);
      counts.inserted++;
    } else if (current.raw === r.raw || JSON.stringify(JSON.parse(current.raw)) === JSON.stringify(o)) {
      counts.duplicates++;
    } else {
      replace.run(...values, r.raw, pageId, current.pk);
      counts.updated++;
    }
  }
  return counts;
}

/** How many records of each optional source the case holds. */
export function otherSourceCounts(db: CaseDb): Record<OtherSource, number> {
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { directoryAudits: n('directory_audits'), riskDetections: n('risk_detections'), riskyUsers: n('risky_users') };
}
