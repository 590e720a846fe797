// Evidence: every file read into the case, with its hash and what the import made of it.
import { useEffect, useState } from 'react';
import type { Evidence } from '../../../preload/contract';
import { api } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';

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
            <tr key={e.id}>
              <td title={e.path}>{e.name}</td>
              <td>{e.format}</td>
              <td className="num">{e.records}</td>
              <td className="num">{e.inserted}</td>
              <td className="num">{e.updated}</td>
              <td className="num">{e.duplicates}</td>
              <td className="num">{e.rejectedRows}</td>
              <td className="mono">{formatTime(e.importedAt, timeZone)}</td>
              <td className="mono hash" title={e.sha256}>
                {e.sha256.slice(0, 16)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
