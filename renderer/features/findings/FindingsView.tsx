// The Findings view: run the detections (with progress and cancel), the findings by severity then time
// filtered by detection, severity and triage state, the open finding on the right, and the case's
// detection settings. Finding text is built from log values: rendered as text only.
import { useCallback, useEffect, useState } from 'react';
import type { DetectionInfo, DetectionRun, DetectProgress, FindingSummary, Severity, TriageState } from '../../../preload/contract';
import { api, on } from '../../api';
import { countText } from '../../format';
import { formatTime, type TimeZoneMode } from '../../time';
import { DetectionSettings } from './DetectionSettings';
import { FindingDetail } from './FindingDetail';
import { SEVERITIES, SEVERITY_LABEL, TRIAGE_LABEL, TRIAGE_STATES } from './labels';
import './findings.css';

type Props = {
  timeZone: TimeZoneMode;
  dataVersion: number;
  /** Shows a filter in the Sign-ins view (here: a finding's evidence). */
  onShow(filter: { finding: string }): void;
  /** Shows a filter on the Map view. */
  onShowOnMap(filter: { finding: string }): void;
  /** Opens one sign-in's details. */
  onSelect(signInId: string): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

function runText(run: DetectionRun): string {
  const findings = run.results.reduce((n, r) => n + r.findings, 0);
  const ms = run.results.reduce((n, r) => n + r.ms, 0);
  return `Last run ${run.status === 'cancelled' ? '(cancelled) ' : ''}${countText(run.results.length, 'detection')}, ${countText(findings, 'finding')}, ${(ms / 1000).toFixed(1)} s`;
}

export function FindingsView({ timeZone, dataVersion, onShow, onShowOnMap, onSelect, onMessage }: Props) {
  const [detections, setDetections] = useState<DetectionInfo[]>([]);
  const [findings, setFindings] = useState<FindingSummary[] | null>(null);
  const [detection, setDetection] = useState('');
  const [severity, setSeverity] = useState<Severity[]>([]);
  const [triage, setTriage] = useState<TriageState | ''>('');
  const [showSuppressed, setShowSuppressed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  const [running, setRunning] = useState<DetectProgress | null>(null);
  const [lastRun, setLastRun] = useState<DetectionRun | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    api['detections.list']({}).then(setDetections, (e: Error) => onMessage('error', e.message));
    api['detections.lastRun']({}).then(setLastRun, () => undefined);
  }, [onMessage, dataVersion]);

  useEffect(() => {
    let live = true;
    api['findings.list']({
      ...(detection ? { detection: [detection] } : {}),
      ...(severity.length ? { severity } : {}),
      ...(triage ? { triage: [triage] } : {}),
      includeSuppressed: showSuppressed,
    }).then(
      (r) => live && setFindings(r.findings),
      (e: Error) => onMessage('error', e.message),
    );
    return () => {
      live = false;
    };
  }, [detection, severity, triage, showSuppressed, version, dataVersion, onMessage]);

  useEffect(() => on('detect.progress', (p) => setRunning(p.done ? null : p)), []);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  const run = async () => {
    setRunning({ runId: 0, detection: null, title: null, index: 0, count: detections.length, done: false });
    try {
      const result = await api['detections.run']({});
      setLastRun(result);
      const failed = result.results.filter((r) => r.error);
      onMessage(failed.length ? 'error' : 'info', `${runText(result)}.${failed.map((r) => ` ${r.detection} failed: ${r.error}`).join('')}`);
    } catch (e) {
      onMessage('error', (e as Error).message);
    } finally {
      setRunning(null);
      refresh();
    }
  };

  const notEvaluable = lastRun?.results.filter((r) => r.notEvaluable > 0) ?? [];

  return (
    <div className="findings-view" data-testid="findings">
      <div className="findings-toolbar">
        <button type="button" data-testid="run-detections" disabled={running !== null} onClick={() => void run()} title="Run every detection on this case and store its findings">
          Run detections
        </button>
        {running && (
          <span className="run-status" data-testid="detect-progress">
            {running.title ? `Running ${running.title}` : 'Starting'}
            <progress max={Math.max(running.count, 1)} value={running.index} />
            {running.index + 1 <= running.count ? `${Math.min(running.index + 1, running.count)} of ${running.count}` : ''}
            <button type="button" className="ghost small" data-testid="detect-cancel" onClick={() => void api['detections.cancel']({})}>
              Cancel
            </button>
          </span>
        )}
        {!running && lastRun && (
          <span className="run-status" title={lastRun.results.map((r) => `${r.detection}: ${r.ms} ms, ${r.findings} findings`).join('\n')}>
            {runText(lastRun)} ({formatTime(lastRun.startedAt, timeZone)})
          </span>
        )}
        <span className="spacer" />
        <select aria-label="Detection" data-testid="findings-detection" value={detection} onChange={(e) => setDetection(e.target.value)}>
          <option value="">All detections</option>
          {detections.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>Severity</legend>
          {SEVERITIES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                data-testid={`findings-severity-${s}`}
                checked={severity.includes(s)}
                onChange={(e) => setSeverity((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))}
              />
              {SEVERITY_LABEL[s]}
            </label>
          ))}
        </fieldset>
        <select aria-label="Triage state" data-testid="findings-triage" value={triage} onChange={(e) => setTriage(e.target.value as TriageState | '')}>
          <option value="">Any triage state</option>
          {TRIAGE_STATES.map((t) => (
            <option key={t} value={t}>
              {TRIAGE_LABEL[t]}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={showSuppressed} onChange={(e) => setShowSuppressed(e.target.checked)} /> Suppressed
        </label>
        <button type="button" className="ghost" data-testid="detection-settings-toggle" aria-pressed={settings} onClick={() => setSettings((s) => !s)}>
          Settings
        </button>
      </div>
      {notEvaluable.length > 0 && (
        <p className="not-evaluable" data-testid="not-evaluable">
          Not evaluable (the evidence lacks a field they need):{' '}
          {notEvaluable.map((r) => `${r.title} for ${countText(r.notEvaluable, 'sign-in')}`).join('; ')}.
        </p>
      )}
      <div className="findings-body">
        {findings === null ? (
          <p className="muted">Loading…</p>
        ) : findings.length === 0 ? (
          <div className="empty-state">
            <h2>No findings{detection || severity.length || triage ? ' match these filters' : ''}</h2>
            <p>{lastRun ? 'The detections found nothing to raise here.' : 'Run the detections to look for password spray, MFA fatigue, token replay and more.'}</p>
          </div>
        ) : (
          <ul className="findings-list" aria-label="Findings">
            {findings.map((f) => (
              <li
                key={f.id}
                className={`finding-item${f.id === selected ? ' selected' : ''}${f.stale ? ' stale' : ''}`}
                data-testid="finding-item"
                data-severity={f.severity}
                tabIndex={0}
                onClick={() => {
                  setSelected(f.id);
                  setSettings(false);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    setSelected(f.id);
                    setSettings(false);
                  }
                }}
              >
                <span className={`severity severity-${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span>
                <span className="title">{f.title}</span>
                <span className="meta">
                  {f.detectionTitle} · {formatTime(f.start, timeZone)} · {countText(f.signInCount, 'sign-in')}
                  {f.triage !== 'open' ? ` · ${TRIAGE_LABEL[f.triage]}` : ''}
                  {f.suppressed ? ' · suppressed' : ''}
                  {f.stale ? ' · no longer raised' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
        {settings ? (
          <DetectionSettings timeZone={timeZone} onMessage={onMessage} onChanged={refresh} />
        ) : selected ? (
          <FindingDetail key={selected} id={selected} timeZone={timeZone} onShowSignIns={(id) => onShow({ finding: id })} onShowOnMap={(id) => onShowOnMap({ finding: id })} onOpenSignIn={onSelect} onChanged={refresh} onMessage={onMessage} />
        ) : (
          findings !== null && findings.length > 0 && <p className="muted finding-detail">Select a finding to read its explanation and evidence.</p>
        )}
      </div>
    </div>
  );
}
