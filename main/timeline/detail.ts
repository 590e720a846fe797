// One timeline item's fields for the side panel: a finding through the detections' getFinding, an
// evidence row through listEvidence, a collection run, a record of another Graph source (its typed
// columns and its raw JSON), an annotation, or a sign-in's headline (the details pane shows the rest).
import { SightlineError, type TimelineItemDetail, type TimelineRef } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { listEvidence } from '../case/evidence';
import { getFinding } from '../case/findings';
import { metaOf } from '../detect/case-run';

const RAW_MAX = 8000;
const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

function fieldsOf(row: Record<string, unknown>, labels: Record<string, string>): TimelineItemDetail['fields'] {
  return Object.entries(labels)
    .map(([col, label]) => ({ label, value: col.endsWith('_ms') ? iso(row[col] as number | null) : text(row[col]) }))
    .filter((f) => f.value !== '');
}

function prettyRaw(raw: unknown): string {
  try {
    const t = JSON.stringify(JSON.parse(String(raw)), null, 2);
    return t.length > RAW_MAX ? `${t.slice(0, RAW_MAX)}\n… (${t.length - RAW_MAX} more characters)` : t;
  } catch {
    return String(raw).slice(0, RAW_MAX);
  }
}

function mustGet(db: CaseDb, sql: string, id: number | string, what: string): Record<string, unknown> {
  const row = db.prepare(sql).get(id) as Record<string, unknown> | undefined;
  if (!row) throw new SightlineError('not-found', `no ${what} ${id} in this case`);
  return row;
}

export function timelineItemDetail(db: CaseDb, ref: TimelineRef): TimelineItemDetail {
  switch (ref.kind) {
    case 'finding': {
      let f;
      try {
        f = getFinding(db, ref.id, metaOf());
      } catch (err) {
        throw new SightlineError('not-found', (err as Error).message);
      }
      return {
        title: f.title,
        fields: [
          { label: 'Detection', value: `${f.detectionTitle} (${f.detection} v${f.detectionVersion})` },
          { label: 'Severity', value: f.severity },
          { label: 'Triage', value: f.triage.replace('_', ' ') + (f.triageNote ? `: ${f.triageNote}` : '') },
          { label: 'From', value: f.start },
          { label: 'To', value: f.end },
          { label: 'Users', value: f.users.join(', ') },
          { label: 'IP addresses', value: f.ips.join(', ') },
          { label: 'Sign-ins', value: String(f.signInCount) },
          { label: 'Explanation', value: f.explanation },
          ...(f.attack.length ? [{ label: 'ATT&CK', value: f.attack.join(', ') }] : []),
          ...(f.suppressed ? [{ label: 'Suppressed', value: 'yes (an active suppression covers it)' }] : []),
          ...(f.stale ? [{ label: 'Stale', value: 'the latest run of its detection no longer raised it' }] : []),
        ].filter((x) => x.value !== ''),
        signInIds: f.signInIds.slice(0, 200),
      };
    }
    case 'signin': {
      const row = mustGet(db, 'SELECT id, created_ms, coalesce(user_upn, user_id) AS usr, outcome, error_code, ip, app_name, city, country, client_app FROM signins WHERE id = ?', ref.id, 'sign-in');
      return {
        title: `Sign-in ${ref.id}`,
        fields: fieldsOf(row, { created_ms: 'Time', usr: 'User', outcome: 'Status', error_code: 'Error code', ip: 'IP address', app_name: 'Application', city: 'City', country: 'Country', client_app: 'Client app' }),
        signInIds: [ref.id],
      };
    }
    case 'evidence': {
      const e = listEvidence(db).find((x) => x.id === ref.id);
      if (!e) throw new SightlineError('not-found', `no evidence ${ref.id} in this case`);
      return {
        title: e.name,
        fields: [
          { label: 'Path', value: e.path },
          { label: 'SHA-256', value: e.sha256 },
          { label: 'Format', value: e.format },
          { label: 'Imported', value: e.importedAt },
          { label: 'Records', value: `${e.records} (new ${e.inserted}, updated ${e.updated}, duplicates ${e.duplicates}, rejected ${e.rejectedRows})` },
        ],
        signInIds: [],
      };
    }
    case 'collection': {
      const row = mustGet(db, 'SELECT id, status, started_at, finished_at, query, windows, pages, records, inserted, retries, throttled, error FROM collect_runs WHERE id = ?', ref.id, 'collection');
      return {
        title: `Collection ${ref.id}`,
        fields: fieldsOf(row, { status: 'Status', started_at: 'Started', finished_at: 'Finished', query: 'Asked for', windows: 'Windows', pages: 'Pages', records: 'Records', inserted: 'New sign-ins', retries: 'Retries', throttled: 'Throttled', error: 'Error' }),
        signInIds: [],
      };
    }
    case 'directoryAudit': {
      const row = mustGet(db, 'SELECT id, time_ms, category, activity, result, initiated_by, raw FROM directory_audits WHERE pk = ?', ref.id, 'directory audit');
      return { title: `Directory audit: ${text(row['activity']) || '(no activity)'}`, fields: [...fieldsOf(row, { time_ms: 'Time', id: 'Id', category: 'Category', activity: 'Activity', result: 'Result', initiated_by: 'Initiated by' }), { label: 'Record', value: prettyRaw(row['raw']) }], signInIds: [] };
    }
    case 'riskDetection': {
      const row = mustGet(db, 'SELECT id, time_ms, risk_event, risk_level, risk_state, user_upn, ip, raw FROM risk_detections WHERE pk = ?', ref.id, 'risk detection');
      return { title: `Risk detection: ${text(row['risk_event']) || '(no event type)'}`, fields: [...fieldsOf(row, { time_ms: 'Time', id: 'Id', risk_event: 'Risk event', risk_level: 'Level', risk_state: 'State', user_upn: 'User', ip: 'IP address' }), { label: 'Record', value: prettyRaw(row['raw']) }], signInIds: [] };
    }
    case 'riskyUser': {
      const row = mustGet(db, 'SELECT id, time_ms, user_upn, risk_level, risk_state, risk_detail, raw FROM risky_users WHERE pk = ?', ref.id, 'risky user');
      return { title: `Risky user: ${text(row['user_upn']) || text(row['id'])}`, fields: [...fieldsOf(row, { time_ms: 'Updated', id: 'Id', user_upn: 'User', risk_level: 'Level', risk_state: 'State', risk_detail: 'Detail' }), { label: 'Record', value: prettyRaw(row['raw']) }], signInIds: [] };
    }
    case 'annotation': {
      const row = mustGet(db, 'SELECT id, target_kind, target, kind, value, analyst, created_at, removed_at FROM annotations WHERE id = ?', ref.id, 'annotation');
      return { title: `${text(row['kind'])} on ${text(row['target_kind'])} ${text(row['target'])}`, fields: fieldsOf(row, { kind: 'Kind', value: 'Text', target_kind: 'On', target: 'Target', analyst: 'Analyst', created_at: 'Written', removed_at: 'Removed' }), signInIds: row['target_kind'] === 'signin' ? [text(row['target'])] : [] };
    }
  }
}
