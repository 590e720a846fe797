// The Report view: what a report will hold (detections run or not, findings, evidence, whether a PDF
// can be printed here), the template and format, the button that makes it (the desktop app asks where
// to save it; a browser downloads it with its companion CSV files), its progress with a Cancel button
// (the report is made on a thread of its own, so the app keeps answering), and a preview of the HTML
// in a sandboxed frame (no script can run in it, and the document's own CSP forbids requests).
import { useCallback, useEffect, useState } from 'react';
import type { ReportFile, ReportFormat, ReportProgress, ReportResult, ReportStatus, ReportTemplate } from '../../../preload/contract';
import { api, host, on } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';
import './report.css';

type Props = { timeZone: TimeZoneMode; dataVersion: number; onMessage(kind: 'info' | 'error', text: string): void };

/** Hands a file to the browser's download manager. */
function download(file: ReportFile): void {
  const bytes = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(file.content);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Whether the analyst cancelled the report being made: read when its call fails (a cancel asked for is
 * not an error). Module-wide, because the view may have been left and opened again meanwhile.
 */
const making = { cancelAsked: false };

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024)).toLocaleString('en-US')} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function ReportView({ timeZone, dataVersion, onMessage }: Props) {
  const [status, setStatus] = useState<ReportStatus | null>(null);
  const [template, setTemplate] = useState<ReportTemplate>('full');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  const [result, setResult] = useState<ReportResult | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const refresh = useCallback(() => {
    api['report.status']({}).then(
      (s) => {
        setStatus(s);
        if (!s.pdf.available) setFormat('html');
      },
      (e: Error) => onMessage('error', e.message),
    );
  }, [onMessage]);
  useEffect(refresh, [refresh, dataVersion]);
  useEffect(
    () =>
      on('report.progress', (p) => {
        setProgress(p.done ? null : p);
        // Ended (made, cancelled or failed), also when this view was opened again after it started.
        if (p.done) setCancelling(false);
      }),
    [],
  );

  const make = async () => {
    setBusy(true);
    setResult(null);
    setProgress(null);
    setCancelling(false);
    making.cancelAsked = false;
    try {
      let made: ReportResult | null;
      if (host === 'electron') {
        made = await api['report.writeDialog']({ format, template });
      } else {
        const { result: r, files } = await api['report.render']({ format, template });
        files.forEach(download);
        made = r;
      }
      if (made) {
        setResult(made);
        onMessage(made.verification.failed ? 'error' : 'info', `Report written: ${made.path}${made.verification.failed ? ` — ${made.verification.failed} evidence file(s) FAILED hash re-verification` : ''}`);
      }
      refresh();
    } catch (e) {
      if (making.cancelAsked) onMessage('info', 'Report cancelled: nothing was written.');
      else onMessage('error', `Report: ${(e as Error).message}`);
      refresh();
    } finally {
      setBusy(false);
      setCancelling(false);
      setProgress(null);
    }
  };

  const cancel = () => {
    making.cancelAsked = true;
    setCancelling(true);
    api['report.cancel']({}).catch((e: Error) => onMessage('error', `Report: could not cancel: ${e.message}`));
  };

  const showPreview = async () => {
    setPreviewing(true);
    try {
      setPreview((await api['report.preview']({ template })).html);
    } catch (e) {
      onMessage('error', `Report preview: ${(e as Error).message}`);
    } finally {
      setPreviewing(false);
    }
  };

  return (
    <div className="report-view" data-testid="report-view">
      <div className="report-controls">
        <h2>Report</h2>
        {status && (
          <ul className="report-status" data-testid="report-status">
            <li>
              {status.detectionsRun ? `Detections have run: ${status.findings.toLocaleString('en-US')} findings.` : 'Detections have never run on this case: the report runs them first, and says so.'}
            </li>
            <li>{status.evidence.toLocaleString('en-US')} evidence files; each one is hashed again while the report is made, and any that changed or went missing is reported as FAILED.</li>
            <li className={status.pdf.available ? undefined : 'error-text'}>{status.pdf.available ? `PDF: ${status.pdf.detail}.` : status.pdf.detail}</li>
            {status.last && (
              <li className="muted">
                Last report: {formatTime(status.last.at, timeZone)} by {status.last.analyst}
                {status.last.file ? ` (${status.last.file})` : ''}
              </li>
            )}
          </ul>
        )}
        <fieldset className="report-options">
          <legend>Template</legend>
          <label>
            <input type="radio" name="report-template" checked={template === 'full'} onChange={() => setTemplate('full')} /> Full: every section, evidence sign-in tables, annotations, the audit trail
          </label>
          <label>
            <input type="radio" name="report-template" checked={template === 'summary'} onChange={() => setTemplate('summary')} /> Summary: cover, executive summary, findings, map, evidence, methodology
          </label>
        </fieldset>
        <fieldset className="report-options">
          <legend>Format</legend>
          <label>
            <input type="radio" name="report-format" checked={format === 'pdf'} disabled={status?.pdf.available === false} onChange={() => setFormat('pdf')} /> PDF (page numbers, table headers on every page)
          </label>
          <label>
            <input type="radio" name="report-format" checked={format === 'html'} onChange={() => setFormat('html')} /> HTML (one self-contained file)
          </label>
        </fieldset>
        <div className="row-left">
          <button type="button" data-testid="report-button" disabled={busy} onClick={() => void make()}>
            {busy ? 'Making the report…' : host === 'electron' ? `Save ${format.toUpperCase()} report…` : `Download ${format.toUpperCase()} report`}
          </button>
          <button type="button" className="ghost" data-testid="report-preview-button" disabled={previewing} onClick={() => void showPreview()}>
            {previewing ? 'Preparing the preview…' : 'Preview'}
          </button>
        </div>
        {/* A report started before this view was opened again shows by its progress events. */}
        {(busy || progress) && (
          <div className="report-progress" data-testid="report-progress" role="status">
            <span>{cancelling ? 'Cancelling…' : progress ? `${progress.step}… (step ${progress.index + 1} of ${progress.count})` : 'Starting…'}</span>
            <progress max={progress?.count ?? 1} value={progress?.index ?? 0} />
            <button type="button" className="ghost small" data-testid="report-cancel" disabled={cancelling} onClick={cancel}>
              Cancel
            </button>
          </div>
        )}
        {result && (
          <div className="report-result" data-testid="report-result">
            <p>
              <strong>{result.path}</strong> ({kb(result.bytes)}, {result.findings.toLocaleString('en-US')} findings, made in {(result.ms / 1000).toFixed(1)} s)
            </p>
            {result.detectionsRan && <p>Detections had never run on this case: the report ran them first.</p>}
            <p className={result.verification.failed ? 'error-text' : undefined} data-testid="report-verification">
              Evidence re-verification: {result.verification.passed} of {result.verification.checked} passed
              {result.verification.failed ? `, ${result.verification.failed} FAILED` : ''}.
            </p>
            {result.companions.length > 0 && <p className="muted">Companion files (the full lists of long tables): {result.companions.join(', ')}</p>}
          </div>
        )}
      </div>
      <div className="report-preview">
        {preview ? (
          <iframe title="Report preview" data-testid="report-preview" sandbox="" srcDoc={preview} referrerPolicy="no-referrer" />
        ) : (
          <div className="empty-state">
            <p>Preview shows the report as it stands now (without running anything). The report itself is made with the button.</p>
          </div>
        )}
      </div>
    </div>
  );
}
