// One finding opened: its explanation, the evidence sign-ins (one click shows them all in the grid),
// triage with a note (a false positive can also suppress the detection for a user, IP or ASN), and the
// KQL twin to copy. Every value here comes from logs: rendered as text only.
import { useCallback, useEffect, useState } from 'react';
import type { FindingDetail as Detail, SignIn, SuppressionKind, TriageState } from '../../../preload/contract';
import { api } from '../../api';
import { copyText } from '../../clipboard';
import { countText, outcomeLabel } from '../../format';
import { formatTime, type TimeZoneMode } from '../../time';
import { SEVERITY_LABEL, SUPPRESSION_LABEL, TRIAGE_LABEL, TRIAGE_STATES } from './labels';

type Props = {
  id: string;
  timeZone: TimeZoneMode;
  onShowSignIns(findingId: string): void;
  /** Shows the finding's sign-ins on the map (the same shared filter). */
  onShowOnMap(findingId: string): void;
  onOpenSignIn(signInId: string): void;
  /** The finding's triage or suppression changed (the list refreshes). */
  onChanged(): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

const EVIDENCE_ROWS = 25;

function factText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') || '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function FindingDetail({ id, timeZone, onShowSignIns, onShowOnMap, onOpenSignIn, onChanged, onMessage }: Props) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [evidence, setEvidence] = useState<SignIn[] | null>(null);
  const [triage, setTriage] = useState<TriageState>('open');
  const [note, setNote] = useState('');
  const [suppress, setSuppress] = useState<{ kind: SuppressionKind; value: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    api['findings.get']({ id }).then(
      (d) => {
        setDetail(d);
        setTriage(d.triage);
        setNote(d.triageNote ?? '');
        setSuppress(null);
      },
      (e: Error) => onMessage('error', e.message),
    );
    api['signins.query']({ filter: { finding: id }, limit: EVIDENCE_ROWS, sort: { field: 'createdDateTime', dir: 'asc' }, withTotal: false }).then(
      (p) => setEvidence(p.rows),
      () => setEvidence([]),
    );
  }, [id, onMessage]);
  useEffect(load, [load]);

  if (!detail) return <p className="muted">Loading…</p>;

  const options: { kind: SuppressionKind; value: string }[] = [
    ...detail.users.map((value) => ({ kind: 'user' as const, value })),
    ...detail.ips.map((value) => ({ kind: 'ip' as const, value })),
    ...detail.asns.map((value) => ({ kind: 'asn' as const, value: String(value) })),
  ];

  const save = async () => {
    setSaving(true);
    try {
      await api['findings.triage']({ id, triage, note: note.trim() || null, ...(triage === 'false_positive' && suppress ? { suppress } : {}) });
      onMessage('info', `Finding marked ${TRIAGE_LABEL[triage].toLowerCase()}${triage === 'false_positive' && suppress ? `; ${detail.detectionTitle} is suppressed for ${suppress.value}` : ''}.`);
      load();
      onChanged();
    } catch (e) {
      onMessage('error', (e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const unsuppress = async (suppressionId: number) => {
    try {
      await api['findings.unsuppress']({ id: suppressionId });
      load();
      onChanged();
    } catch (e) {
      onMessage('error', (e as Error).message);
    }
  };

  return (
    <div className="finding-detail" data-testid="finding-detail">
      <div className="triage-row">
        <span className={`severity severity-${detail.severity}`}>{SEVERITY_LABEL[detail.severity]}</span>
        <span className="muted">
          {detail.detectionTitle} ({detail.detection} v{detail.detectionVersion}) · ATT&CK {detail.attack.join(', ')}
        </span>
      </div>
      <h2>{detail.title}</h2>
      {detail.stale && <p className="warning">The latest run of this detection no longer raises this finding; it is kept because it was triaged.</p>}
      {detail.suppressed && <p className="warning">Suppressed: it is hidden from the list unless suppressed findings are shown.</p>}
      <p className="explanation" data-testid="finding-explanation">
        {detail.explanation}
      </p>
      <dl className="fields">
        <dt>Time</dt>
        <dd className="mono">
          {formatTime(detail.start, timeZone)} – {formatTime(detail.end, timeZone)}
        </dd>
        <dt>Users</dt>
        <dd className="chips">{detail.users.length ? detail.users.map((u) => <span key={u} className="chip">{u}</span>) : '—'}</dd>
        <dt>IP addresses</dt>
        <dd className="chips">{detail.ips.length ? detail.ips.map((ip) => <span key={ip} className="chip">{ip}</span>) : '—'}</dd>
        {detail.asns.length > 0 && (
          <>
            <dt>ASNs</dt>
            <dd className="chips">{detail.asns.map((a) => <span key={a} className="chip">AS{a}</span>)}</dd>
          </>
        )}
        {Object.entries(detail.facts).map(([k, v]) => (
          <FactRow key={k} name={k} value={factText(v)} />
        ))}
      </dl>

      <h3>Evidence</h3>
      <button type="button" data-testid="finding-show-signins" onClick={() => onShowSignIns(detail.id)} title="Filter the grid to this finding's sign-ins and switch to it">
        Show the {countText(detail.signInCount, 'sign-in')} in the grid
      </button>{' '}
      <button type="button" className="ghost" data-testid="finding-show-map" onClick={() => onShowOnMap(detail.id)} title="Filter to this finding's sign-ins and show where they came from">
        Show on the map
      </button>
      {evidence && evidence.length > 0 && (
        <table data-testid="finding-evidence">
          <thead>
            <tr>
              <th>Time</th>
              <th>User</th>
              <th>IP address</th>
              <th>Application</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {evidence.map((s) => (
              <tr key={s.id} className="clickable" onClick={() => onOpenSignIn(s.id)} title="Open this sign-in's details">
                <td className="mono">{formatTime(s.createdDateTime, timeZone)}</td>
                <td>{s.userPrincipalName ?? s.appDisplayName ?? ''}</td>
                <td className="mono">{s.ipAddress ?? ''}</td>
                <td>{s.appDisplayName ?? ''}</td>
                <td>
                  {outcomeLabel[s.outcome]}
                  {s.status?.errorCode ? ` (${s.status.errorCode})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {evidence && detail.signInCount > evidence.length && <p className="muted">First {evidence.length} shown; the grid shows all of them.</p>}

      <h3>Triage</h3>
      <div className="triage-row">
        <select aria-label="Triage state" data-testid="finding-triage" value={triage} onChange={(e) => setTriage(e.target.value as TriageState)}>
          {TRIAGE_STATES.map((t) => (
            <option key={t} value={t}>
              {TRIAGE_LABEL[t]}
            </option>
          ))}
        </select>
        {detail.triagedAt && (
          <span className="muted">
            {TRIAGE_LABEL[detail.triage]} by {detail.triagedBy ?? 'unknown'} at {formatTime(detail.triagedAt, timeZone)}
          </span>
        )}
      </div>
      <textarea aria-label="Triage note" data-testid="finding-note" placeholder="Why (kept on the case's audit trail)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
      {triage === 'false_positive' && options.length > 0 && (
        <div className="triage-row">
          <label>
            <input type="checkbox" data-testid="finding-suppress" checked={suppress !== null} onChange={(e) => setSuppress(e.target.checked ? options[0]! : null)} /> Also suppress this detection for
          </label>
          <select
            aria-label="Suppress for"
            disabled={suppress === null}
            value={suppress ? `${suppress.kind}\u0000${suppress.value}` : ''}
            onChange={(e) => {
              const [kind, value] = e.target.value.split('\u0000') as [SuppressionKind, string];
              setSuppress({ kind, value });
            }}
          >
            {options.map((o) => (
              <option key={`${o.kind}\u0000${o.value}`} value={`${o.kind}\u0000${o.value}`}>
                {SUPPRESSION_LABEL[o.kind]}: {o.kind === 'asn' ? `AS${o.value}` : o.value}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="triage-row">
        <button type="button" data-testid="finding-save-triage" disabled={saving} onClick={() => void save()}>
          Save triage
        </button>
      </div>
      {detail.suppressions.length > 0 && (
        <ul>
          {detail.suppressions.map((s) => (
            <li key={s.id}>
              Suppressed for {SUPPRESSION_LABEL[s.kind]} {s.kind === 'asn' ? `AS${s.value}` : s.value} by {s.createdBy}{' '}
              <button type="button" className="ghost small" onClick={() => void unsuppress(s.id)}>
                Remove suppression
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="kql-head">
        <h3>KQL for Sentinel / Log Analytics</h3>
        <button
          type="button"
          className="ghost"
          data-testid="finding-copy-kql"
          onClick={() => copyText(detail.kql).then(() => onMessage('info', 'KQL copied.'), (e: Error) => onMessage('error', e.message))}
          title="The same logic over SigninLogs / AADNonInteractiveUserSignInLogs for a whole tenant"
        >
          Copy KQL (not run by Sightline)
        </button>
      </div>
      <pre className="kql" data-testid="finding-kql">
        {detail.kql}
      </pre>
    </div>
  );
}

function FactRow({ name, value }: { name: string; value: string }) {
  const label = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
