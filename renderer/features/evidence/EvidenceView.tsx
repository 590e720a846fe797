// Evidence: every file read into the case (or Graph collection) with its SHA-256, where it came
// from, its status and what the import made of it, its warnings and rejected rows; the files
// refused whole; re-verifying the hashes; removing an evidence (after a confirmation that says what
// will happen). Beside it, the coverage view and the audit trail.
import { Fragment, useEffect, useState } from 'react';
import type { Evidence, EvidenceRemoval, EvidenceVerification } from '../../../preload/contract';
import { api } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';
import { AuditTrail } from '../audit/AuditTrail';
import '../case/case.css';
import { CoverageView } from './CoverageView';
import { forAnalyst } from './importOptions';
import { RefusedFiles } from './RefusedFiles';

function Notes({ e }: { e: Evidence }) {
  if (!e.warnings.length && !e.rejected.length) return null;
  return (
    <tr className="evidence-notes">
      <td colSpan={12}>
        {e.warnings.map((w, i) => (
          <div key={i} className="warning">
            Warning: {forAnalyst(w)}
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

/** An evidence row is in the case whole: read from a file, or collected from Graph. Refused files are listed apart. */
const STATUS_TEXT: Record<Evidence['source'], string> = { file: 'imported', graph: 'collected' };

const VERIFY_TEXT: Record<EvidenceVerification['status'], string> = { match: '✓ matches', mismatch: '✗ changed', missing: '✗ missing', unreadable: '✗ unreadable' };

function RemoveDialog({ evidence, onClose }: { evidence: Evidence; onClose(message?: string): void }) {
  const [preview, setPreview] = useState<EvidenceRemoval | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api['evidence.removalPreview']({ id: evidence.id }).then(setPreview, (e: Error) => setError(e.message));
  }, [evidence.id]);
  const blocked = preview?.rereads.filter((r) => !r.available) ?? [];
  const remove = async () => {
    setBusy(true);
    try {
      const r = await api['evidence.remove']({ id: evidence.id });
      onClose(`Removed ${r.name}: ${r.signInsRemoved.toLocaleString('en-US')} sign-ins removed, ${r.signInsKept.toLocaleString('en-US')} kept (another evidence holds them).`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="dialog remove-dialog" role="alertdialog" aria-label={`Remove ${evidence.name}`} data-testid="remove-evidence-dialog">
      <h3>Remove {evidence.name} from the case?</h3>
      {!preview && !error && <p className="muted">Working out what would change…</p>}
      {preview && (
        <ul>
          <li>
            <strong>{preview.signInsRemoved.toLocaleString('en-US')}</strong> sign-ins only this evidence holds are removed, with their versions and search text.
          </li>
          <li>
            <strong>{preview.signInsKept.toLocaleString('en-US')}</strong> sign-ins it holds are kept, because another evidence holds them too
            {preview.rereads.length ? ` (${preview.rereads.map((r) => `${r.records} record${r.records === 1 ? '' : 's'} read again from ${r.name}`).join('; ')})` : ''}.
          </li>
          {preview.annotatedSignInsRemoved > 0 && (
            <li>
              {preview.annotatedSignInsRemoved} removed sign-ins carry tags, notes or bookmarks: those stay in the case and return if the evidence is imported again.
            </li>
          )}
          <li>The evidence file itself is not touched. The removal is recorded on the audit trail.</li>
        </ul>
      )}
      {blocked.map((b) => (
        <p key={b.evidenceId} className="error-text">
          Cannot remove it now: {b.reason}. Sightline must read those records again from {b.name} to keep them.
        </p>
      ))}
      {error && <p className="error-text">{error}</p>}
      <div className="row end">
        <button type="button" className="ghost" onClick={() => onClose()} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" data-testid="remove-evidence-confirm" disabled={!preview || busy || blocked.length > 0} onClick={() => void remove()}>
          {busy ? 'Removing…' : 'Remove evidence'}
        </button>
      </div>
    </div>
  );
}

function EvidenceFiles({ dataVersion, timeZone }: { dataVersion: number; timeZone: TimeZoneMode }) {
  const [rows, setRows] = useState<Evidence[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verified, setVerified] = useState<Map<number, EvidenceVerification> | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [removing, setRemoving] = useState<Evidence | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    api['evidence.list']({}).then(setRows, (e: Error) => setError(e.message));
  }, [dataVersion]);
  if (error) return <p className="error">{error}</p>;
  if (!rows) return <p className="muted">Loading…</p>;
  const verify = async () => {
    setVerifying(true);
    try {
      const r = await api['evidence.verify']({});
      setVerified(new Map(r.map((v) => [v.evidenceId, v])));
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setVerifying(false);
    }
  };
  // A refused-only case has no evidence row yet, but its refusals still show.
  if (rows.length === 0)
    return (
      <div className="table-wrap">
        <p className="empty">No evidence yet. Import sign-in logs (Import, or drop files here).</p>
        <RefusedFiles dataVersion={dataVersion} timeZone={timeZone} />
      </div>
    );
  return (
    <div className="table-wrap">
      <div className="row start">
        <button type="button" className="ghost" data-testid="verify-evidence" disabled={verifying} onClick={() => void verify()} title="Hash every file again (collections: their stored pages) and compare with the SHA-256 recorded at import">
          {verifying ? 'Verifying…' : 'Verify hashes'}
        </button>
        {verified && (
          <span className="muted small" data-testid="verify-summary">
            {[...verified.values()].filter((v) => v.status === 'match').length} of {verified.size} match what was imported
          </span>
        )}
        {message && <span className="small">{message}</span>}
      </div>
      <table className="table evidence-table" data-testid="evidence-table">
        <thead>
          <tr>
            <th>Evidence</th>
            <th>Provenance</th>
            <th>Format</th>
            <th>Status</th>
            <th className="num">Records</th>
            <th className="num">New</th>
            <th className="num">Updated</th>
            <th className="num">Duplicates</th>
            <th className="num">Rejected rows</th>
            <th>Imported</th>
            <th>SHA-256</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const v = verified?.get(e.id);
            return (
              <Fragment key={e.id}>
                <tr data-testid="evidence-row">
                  <td>{e.name}</td>
                  <td className="provenance-cell" title={e.path}>
                    {e.source === 'graph' ? 'Graph collection from ' : 'File '}
                    <span className="mono small">{e.path}</span>
                  </td>
                  <td>{e.format}</td>
                  <td className="evidence-status" data-testid="evidence-status">
                    {STATUS_TEXT[e.source]}
                  </td>
                  <td className="num">{e.records.toLocaleString('en-US')}</td>
                  <td className="num">{e.inserted.toLocaleString('en-US')}</td>
                  <td className="num">{e.updated.toLocaleString('en-US')}</td>
                  <td className="num">{e.duplicates.toLocaleString('en-US')}</td>
                  <td className="num">{e.rejectedRows.toLocaleString('en-US')}</td>
                  <td className="mono">{formatTime(e.importedAt, timeZone)}</td>
                  <td className="mono hash" data-testid="evidence-sha256">
                    {e.sha256}
                    {v && (
                      <div className={`verify verify-${v.status}`} data-testid="evidence-verify" title={v.actual ? `now ${v.actual}` : undefined}>
                        {VERIFY_TEXT[v.status]}
                      </div>
                    )}
                  </td>
                  <td>
                    <button type="button" className="ghost small" data-testid="remove-evidence" onClick={() => setRemoving(e)} title="Remove this evidence and what only it holds">
                      Remove…
                    </button>
                  </td>
                </tr>
                <Notes e={e} />
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <RefusedFiles dataVersion={dataVersion} timeZone={timeZone} />
      {removing && (
        <RemoveDialog
          evidence={removing}
          onClose={(text) => {
            setRemoving(null);
            if (text) setMessage(text);
          }}
        />
      )}
    </div>
  );
}

const TABS = [
  ['files', 'Evidence'],
  ['coverage', 'Coverage'],
  ['audit', 'Audit trail'],
] as const;

export function EvidenceView({ dataVersion, timeZone }: { dataVersion: number; timeZone: TimeZoneMode }) {
  const [tab, setTab] = useState<(typeof TABS)[number][0]>('files');
  return (
    <div className="evidence-view">
      <nav className="tabs" role="tablist">
        {TABS.map(([t, label]) => (
          <button key={t} type="button" role="tab" data-testid={`evidence-tab-${t}`} aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
            {label}
          </button>
        ))}
      </nav>
      {tab === 'files' && <EvidenceFiles dataVersion={dataVersion} timeZone={timeZone} />}
      {tab === 'coverage' && <CoverageView dataVersion={dataVersion} timeZone={timeZone} />}
      {tab === 'audit' && <AuditTrail dataVersion={dataVersion} />}
    </div>
  );
}
