// Evidence: every file read into the case, with its hash, what the import made of it, its
// warnings and the rows it could not read.
import { Fragment, useEffect, useState } from 'react';
import type { Evidence } from '../../../preload/contract';
import { api } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';

function Notes({ e }: { e: Evidence }) {
  if (!e.warnings.length && !e.rejected.length) return null;
  return (
    <tr className="evidence-notes">
      <td colSpan={9}>
        {e.warnings.map((w, i) => (
          <div key={i} className="warning">
            Warning: {w}
          </div>
        ))}
        {e.rejected.length > 0 && (
          <details>
            <summary>
              {e.rejectedRows} rejected row{e.rejectedRows === 1 ? '' : 's'}
              {e.rejected.length < e.rejectedRows ? ` (first ${e.rejected.length} listed)` : ''}
            </summary>
            <ul className="rejected">
              {e.rejected.map((r, i) => (
                <li key={i}>
                  line <span className="mono">{r.line}</span>: {r.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
    </tr>
  );
}

export function EvidenceView({ dataVersion, timeZone }: { dataVersion: number; timeZone: TimeZoneMode }) {
  const [rows, setRows] = useState<Evidence[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api['evidence.list']({}).then(setRows, (e: Error) => setError(e.message));
  }, [dataVersion]);
  if (error) return <p className="error">{error}</p>;
  if (!rows) return <p className="muted">Loading…</p>;
  if (rows.length === 0) return <p className="empty">No evidence yet. Import sign-in logs (Import, or drop files here).</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="evidence-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th className="num">Records</th>
            <th className="num">New</th>
            <th className="num">Updated</th>
            <th className="num">Duplicates</th>
            <th className="num">Rejected rows</th>
            <th>Imported</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <Fragment key={e.id}>
              <tr>
                <td title={e.path}>{e.name}</td>
                <td>{e.format}</td>
                <td className="num">{e.records.toLocaleString('en-US')}</td>
                <td className="num">{e.inserted.toLocaleString('en-US')}</td>
                <td className="num">{e.updated.toLocaleString('en-US')}</td>
                <td className="num">{e.duplicates.toLocaleString('en-US')}</td>
                <td className="num">{e.rejectedRows.toLocaleString('en-US')}</td>
                <td className="mono">{formatTime(e.importedAt, timeZone)}</td>
                <td className="mono hash" title={e.sha256}>
                  {e.sha256.slice(0, 16)}…
                </td>
              </tr>
              <Notes e={e} />
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
