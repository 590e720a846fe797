// The case's detection settings: every parameter of every detection with its default shown (saved in
// the case, used by the next run), and the case's suppressions (listed, reversible).
import { useCallback, useEffect, useState } from 'react';
import type { DetectionInfo, DetectionParam, ParamValue, Suppression } from '../../../preload/contract';
import { api } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';
import { paramText, parseParam, sameValue, SUPPRESSION_LABEL } from './labels';

type Props = { timeZone: TimeZoneMode; onMessage(kind: 'info' | 'error', text: string): void; onChanged(): void };

export function DetectionSettings({ timeZone, onMessage, onChanged }: Props) {
  const [detections, setDetections] = useState<DetectionInfo[] | null>(null);
  const [suppressions, setSuppressions] = useState<Suppression[]>([]);
  const load = useCallback(() => {
    api['detections.list']({}).then(setDetections, (e: Error) => onMessage('error', e.message));
    api['findings.suppressions']({}).then(setSuppressions, (e: Error) => onMessage('error', e.message));
  }, [onMessage]);
  useEffect(load, [load]);

  const unsuppress = async (id: number) => {
    try {
      await api['findings.unsuppress']({ id });
      load();
      onChanged();
    } catch (e) {
      onMessage('error', (e as Error).message);
    }
  };

  if (!detections) return <p className="muted">Loading…</p>;
  return (
    <div className="settings-panel" data-testid="detection-settings">
      <h2>Detection settings for this case</h2>
      <p className="muted">Changes apply to the next run of the detection. Defaults come from the public rules named in each detection.</p>
      {detections.map((d) => (
        <DetectionParams key={d.id} detection={d} onSaved={(next) => setDetections((all) => all!.map((x) => (x.id === next.id ? next : x)))} onMessage={onMessage} />
      ))}
      <h2>Suppressions</h2>
      {suppressions.length === 0 ? (
        <p className="muted">None. Marking a finding a false positive can add one.</p>
      ) : (
        <table className="table" data-testid="suppressions">
          <thead>
            <tr>
              <th>Detection</th>
              <th>For</th>
              <th>Note</th>
              <th>Added</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {suppressions.map((s) => (
              <tr key={s.id}>
                <td>{s.detection}</td>
                <td>
                  {SUPPRESSION_LABEL[s.kind]}: <span className="mono">{s.kind === 'asn' ? `AS${s.value}` : s.value}</span>
                </td>
                <td>{s.note ?? ''}</td>
                <td className="mono">
                  {formatTime(s.createdAt, timeZone)} by {s.createdBy}
                  {s.removedAt ? ` · removed ${formatTime(s.removedAt, timeZone)} by ${s.removedBy ?? 'unknown'}` : ''}
                </td>
                <td>
                  {!s.removedAt && (
                    <button type="button" className="ghost small" onClick={() => void unsuppress(s.id)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function DetectionParams({ detection, onSaved, onMessage }: { detection: DetectionInfo; onSaved(d: DetectionInfo): void; onMessage: Props['onMessage'] }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(detection.params.map((p) => [p.name, paramText(p.value)])));
  useEffect(() => setDraft(Object.fromEntries(detection.params.map((p) => [p.name, paramText(p.value)]))), [detection]);

  const submit = async (params: Record<string, ParamValue | null>) => {
    try {
      const next = await api['detections.setParams']({ detection: detection.id, params });
      onSaved(next);
      onMessage('info', `${detection.title}: settings saved; run the detections to apply them.`);
    } catch (e) {
      onMessage('error', (e as Error).message);
    }
  };

  const save = () => {
    const params: Record<string, ParamValue | null> = {};
    for (const p of detection.params) {
      const value = parseParam(draft[p.name] ?? '', p.default);
      if (value === null) {
        onMessage('error', `${detection.title}: "${p.name}" must be a number`);
        return;
      }
      if (!sameValue(value, p.value)) params[p.name] = sameValue(value, p.default) ? null : value;
    }
    void submit(params);
  };

  const overridden = detection.params.filter((p) => p.overridden).length;
  return (
    <details data-testid={`settings-${detection.id}`}>
      <summary>
        {detection.title} <span className="muted">({detection.id}{overridden ? `, ${overridden} changed` : ''})</span>
      </summary>
      {detection.params.length === 0 && <p className="muted">No parameters.</p>}
      {detection.params.map((p) => (
        <ParamInput key={p.name} param={p} text={draft[p.name] ?? ''} onChange={(text) => setDraft((d) => ({ ...d, [p.name]: text }))} />
      ))}
      <div className="row-left">
        <button type="button" data-testid={`settings-save-${detection.id}`} onClick={save}>
          Save
        </button>
        <button type="button" className="ghost" disabled={overridden === 0} onClick={() => void submit(Object.fromEntries(detection.params.map((p) => [p.name, null])))}>
          Restore defaults
        </button>
      </div>
    </details>
  );
}

function ParamInput({ param, text, onChange }: { param: DetectionParam; text: string; onChange(text: string): void }) {
  const id = `param-${param.name}`;
  const bounds = [param.min !== null ? `min ${param.min}` : '', param.max !== null ? `max ${param.max}` : ''].filter(Boolean).join(', ');
  return (
    <div className={`param${param.overridden ? ' overridden' : ''}`}>
      <label htmlFor={id}>{param.name}</label>
      {typeof param.default === 'boolean' ? (
        <input id={id} type="checkbox" checked={text === 'true'} onChange={(e) => onChange(String(e.target.checked))} />
      ) : Array.isArray(param.default) ? (
        <textarea id={id} value={text} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
      ) : (
        <input id={id} type={typeof param.default === 'number' ? 'number' : 'text'} value={text} min={param.min ?? undefined} max={param.max ?? undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      <span className="help">
        {param.help}. Default: <span className="mono">{Array.isArray(param.default) ? param.default.join(', ') || '(none)' : String(param.default)}</span>
        {bounds ? ` (${bounds})` : ''}
        {Array.isArray(param.default) ? '; one per line.' : ''}
      </span>
    </div>
  );
}
