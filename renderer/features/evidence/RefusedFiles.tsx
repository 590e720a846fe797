// Files offered to the case but refused whole (not a sign-in export, unreadable, dates that cannot
// be settled ...). A refused file leaves nothing in the case but its `evidence.rejected` entry on the
// audit trail, so that is where this list reads from, newest first. File names and reasons come from
// the files themselves: attacker-controlled, shown as text.
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../preload/contract';
import { api } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';
import { refusalText } from './importOptions';
import './evidence.css';

/** How many refusals are listed; the audit trail lists them all. */
const LIMIT = 200;

type Refusal = { id: number; at: string; file: string; sha256: string | null; format: string | null; reason: string };

/** The entry's detail as written by the import; anything else (an older or damaged entry) shows as unknown. */
function refusal(e: AuditEntry): Refusal {
  const d = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return { id: e.id, at: e.at, file: text(d['file']) ?? '(unknown file)', sha256: text(d['sha256']), format: text(d['format']), reason: text(d['reason']) ?? '(no reason recorded)' };
}

const baseName = (p: string) => p.split(/[\\/]/).pop() || p;

export function RefusedFiles({ dataVersion, timeZone }: { dataVersion: number; timeZone: TimeZoneMode }) {
  const [rows, setRows] = useState<{ total: number; refusals: Refusal[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api['audit.list']({ action: 'evidence.rejected', limit: LIMIT }).then(
      (page) => {
        setRows({ total: page.total, refusals: page.entries.map(refusal) });
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [dataVersion]);

  return (
    <section className="refused-files" data-testid="refused-files" aria-label="Refused files">
      <h3>Refused files{rows && rows.total > 0 ? ` (${rows.total.toLocaleString('en-US')})` : ''}</h3>
      {error ? (
        <p className="error-text">{error}</p>
      ) : !rows ? (
        <p className="muted small">Loading…</p>
      ) : rows.total === 0 ? (
        <p className="muted small" data-testid="refused-none">
          No file has been refused.
        </p>
      ) : (
        <>
          <p className="muted small">
            Files offered to this case that were refused whole: nothing of them was imported. Newest first
            {rows.total > rows.refusals.length ? `; the newest ${rows.refusals.length} are listed, the audit trail has them all` : ''}.
          </p>
          <table className="table refused-table">
            <thead>
              <tr>
                <th>Refused</th>
                <th>File</th>
                <th>Format</th>
                <th>SHA-256</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.refusals.map((r) => (
                <tr key={r.id} data-testid="refused-file">
                  <td className="mono">{formatTime(r.at, timeZone)}</td>
                  <td title={r.file}>
                    <span data-testid="refused-name">{baseName(r.file)}</span>
                    <span className="mono small muted refused-path">{r.file}</span>
                  </td>
                  <td>{r.format ?? <span className="muted">not recognised</span>}</td>
                  <td className="mono hash" data-testid="refused-sha256">
                    {r.sha256 ?? <span className="muted">not read</span>}
                  </td>
                  <td className="refused-reason" data-testid="refused-reason">
                    {refusalText(r.reason)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
