// The audit trail panel: every analyst action recorded in the case (import, refused file, collection,
// export, annotation, triage, detection run, report, case update, evidence removal ...), newest first,
// with its UTC time and the analyst. Read-only: the case refuses changes to it.
import { useEffect, useState } from 'react';
import type { AuditPage } from '../../../preload/contract';
import { api } from '../../api';

/** A short reading of an entry's detail; the full JSON is in the row's tooltip and expander. */
function summary(action: string, d: Record<string, unknown>): string {
  const s = (k: string) => (d[k] === undefined || d[k] === null ? '' : String(d[k]));
  switch (action) {
    case 'evidence.import':
    case 'evidence.seen-again':
      return `${s('file').split(/[\\/]/).pop()} (${s('format')}): ${s('records')} records, ${s('inserted')} new, ${s('updated')} updated, ${s('duplicates')} duplicates`;
    case 'evidence.rejected':
      // A file refused whole: nothing of it is in the case but this entry.
      return `${s('file').split(/[\\/]/).pop() || 'a file'} (${s('format') || 'format not recognised'}) refused: ${s('reason')}`;
    case 'evidence.remove':
      return `${s('name')}: ${s('signInsRemoved')} sign-ins removed, ${s('signInsKept')} kept`;
    case 'export':
      return `${s('what') || 'signins'} as ${s('format')}: ${s('rows')} rows to ${s('file').split(/[\\/]/).pop()}`;
    case 'annotate':
      return `${s('op')} ${s('kind')}${d['value'] ? ` "${s('value')}"` : ''} on ${s('count')} ${s('targetKind')}${Number(d['count']) === 1 ? '' : 's'}`;
    case 'collect':
      return `run ${s('runId')} ${s('status')}: ${s('records')} records, ${s('inserted')} new`;
    case 'case.update':
      return `changed ${Object.keys((d['changed'] as object | undefined) ?? {}).join(', ')}`;
    default:
      return JSON.stringify(d).slice(0, 160);
  }
}

export function AuditTrail({ dataVersion }: { dataVersion: number }) {
  const [action, setAction] = useState('');
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [limit, setLimit] = useState(500);

  useEffect(() => {
    api['audit.list']({ ...(action ? { action } : {}), limit }).then(setPage, (e: Error) => setError(e.message));
  }, [action, limit, dataVersion]);

  if (error) return <p className="error">{error}</p>;
  if (!page) return <p className="muted">Loading…</p>;
  return (
    <div className="audit-trail" data-testid="audit-trail">
      <div className="row start">
        <label>
          Action{' '}
          <select value={action} data-testid="audit-action" onChange={(e) => setAction(e.target.value)}>
            <option value="">All actions</option>
            {page.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {page.entries.length} of {page.total} entries, newest first. Times are UTC. The trail is append-only.
        </span>
      </div>
      <table className="table audit-table">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Analyst</th>
            <th>Action</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {page.entries.map((e) => {
            const detail = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>;
            return (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td className="mono">{e.at}</td>
                <td>{e.analyst}</td>
                <td className="mono">{e.action}</td>
                <td className="audit-detail">
                  <details>
                    <summary>{summary(e.action, detail)}</summary>
                    <pre className="mono small">{JSON.stringify(e.detail, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {page.total > page.entries.length && !action && (
        <button type="button" className="ghost" onClick={() => setLimit((l) => Math.min(5000, l + 500))}>
          Show more
        </button>
      )}
    </div>
  );
}
