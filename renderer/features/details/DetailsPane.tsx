// The details pane for one sign-in: who / how / what, and the original record verbatim.
import { useEffect, useState } from 'react';
import type { SignInDetail } from '../../../preload/contract';
import { api } from '../../api';
import { locationText, outcomeLabel } from '../../format';
import { formatTime, type TimeZoneMode } from '../../time';

type Tab = 'basic' | 'raw' | 'provenance';

function Field({ label, value, mono }: { label: string; value: unknown; mono?: boolean }) {
  const text = value === null || value === undefined || value === '' ? '—' : String(value);
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{text}</dd>
    </>
  );
}

export function DetailsPane({ id, timeZone, onClose }: { id: string; timeZone: TimeZoneMode; onClose(): void }) {
  const [detail, setDetail] = useState<SignInDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('basic');

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    api['signins.get']({ id }).then(
      (d) => live && setDetail(d),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const s = detail?.signIn;
  return (
    <aside className="details" data-testid="details" aria-label="Sign-in details">
      <header className="details-head">
        <strong>Sign-in details</strong>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          ×
        </button>
      </header>
      <nav className="tabs" role="tablist">
        {(['basic', 'raw', 'provenance'] as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
            {t === 'basic' ? 'Basic info' : t === 'raw' ? 'Raw' : 'Provenance'}
          </button>
        ))}
      </nav>
      {error && <p className="error">{error}</p>}
      {!s && !error && <p className="muted">Loading…</p>}
      {s && tab === 'basic' && (
        <dl className="fields">
          <Field label="Date" value={formatTime(s.createdDateTime, timeZone)} mono />
          <Field label="Request ID" value={s.id} mono />
          <Field label="Correlation ID" value={s.correlationId} mono />
          <Field label="User" value={s.userDisplayName} />
          <Field label="Username" value={s.userPrincipalName} />
          <Field label="User ID" value={s.userId} mono />
          <Field label="Application" value={s.appDisplayName} />
          <Field label="Application ID" value={s.appId} mono />
          <Field label="Resource" value={s.resourceDisplayName} />
          <Field label="Status" value={outcomeLabel[s.outcome]} />
          <Field label="Sign-in error code" value={s.status?.errorCode} mono />
          <Field label="Failure reason" value={s.status?.failureReason} />
          <Field label="Additional details" value={s.status?.additionalDetails} />
          <Field label="IP address" value={s.ipAddress} mono />
          <Field label="Location" value={locationText(s)} />
          <Field label="Client app" value={s.clientAppUsed} />
          <Field label="User agent" value={s.userAgent} />
          <Field label="Sign-in type" value={s.type} />
        </dl>
      )}
      {detail && tab === 'raw' && <pre className="raw mono">{JSON.stringify(JSON.parse(detail.raw), null, 2)}</pre>}
      {detail && tab === 'provenance' && (
        <>
          <dl className="fields">
            {detail.provenance.map((p, i) => (
              <div key={i} className="provenance">
                <Field label="Evidence" value={`${p.evidenceName} (${p.format})${p.current ? '' : ' — superseded version'}`} />
                <Field label="Line" value={p.line} mono />
                <Field label="Record #" value={p.recordIndex === null ? null : p.recordIndex + 1} mono />
                <Field label="SHA-256" value={p.sha256} mono />
              </div>
            ))}
          </dl>
          {detail.versions.length > 0 && (
            <>
              <h4>Superseded versions ({detail.versions.length})</h4>
              {detail.versions.map((v, i) => (
                <details key={i}>
                  <summary>replaced {formatTime(v.supersededAt, timeZone)}</summary>
                  <pre className="raw mono">{JSON.stringify(JSON.parse(v.raw), null, 2)}</pre>
                </details>
              ))}
            </>
          )}
        </>
      )}
    </aside>
  );
}
