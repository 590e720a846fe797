// Collect: sign in (your app registration in the browser or with a device code, or an existing
// access token that main reads from a file or the clipboard), choose a range and what to collect,
// watch progress (windows, records, rate, ETA, throttling), cancel, and see earlier runs. No token
// ever reaches this page: main keeps them; this view sees the account name and tenant only.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  SIGNIN_EVENT_TYPES,
  type AuthPrompt,
  type AuthStatus,
  type CollectProgress,
  type CollectStatus,
  type CollectSummary,
  type OtherSource,
  type SignInEventType,
} from '../../../preload/contract';
import { api, on } from '../../api';
import { countText } from '../../format';
import { formatTime, type TimeZoneMode } from '../../time';
import './collect.css';

const TYPE_LABELS: Record<SignInEventType, string> = {
  interactiveUser: 'Interactive user',
  nonInteractiveUser: 'Non-interactive user',
  servicePrincipal: 'Service principal',
  managedIdentity: 'Managed identity',
};
const OTHER_LABELS: Record<OtherSource, string> = { directoryAudits: 'Directory audits', riskDetections: 'Risk detections', riskyUsers: 'Risky users' };
const CLOUD_LABELS = { global: 'Global (and GCC)', usgov: 'US Government (GCC High)', usgovDod: 'US Government (DoD)', china: 'China (21Vianet)' } as const;
type CloudId = keyof typeof CLOUD_LABELS;

const DAY = 86_400_000;

/** "2026-11-01", "2026-11-01 10:00", "2026-11-01T10:00:00Z": UTC unless an offset is given. */
export function parseRangeInput(text: string): string | null {
  const v = text.trim().replace(' ', 'T');
  if (!v) return null;
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(withZone)) return null;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const list = (text: string) => text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
const num = (n: number) => n.toLocaleString('en-US');

function retentionNote(fromIso: string | null): string | null {
  if (!fromIso) return null;
  const days = Math.floor((Date.now() - Date.parse(fromIso)) / DAY);
  if (days > 30) return `The range starts ${days} days ago: Entra ID keeps sign-ins 30 days with P1/P2 (7 on Free), so the oldest part is probably gone. It is collected anyway.`;
  if (days > 7) return `The range starts ${days} days ago: past 7 days, only tenants with P1/P2 still hold sign-ins.`;
  return null;
}

function AuthPanel({ auth, prompt, onAuth, onError }: { auth: AuthStatus | null; prompt: AuthPrompt | null; onAuth(a: AuthStatus): void; onError(m: string | null): void }) {
  const [mode, setMode] = useState<'app' | 'token'>('app');
  const [tenant, setTenant] = useState(() => localStorage.getItem('sightline.collect.tenant') ?? '');
  const [clientId, setClientId] = useState(() => localStorage.getItem('sightline.collect.clientId') ?? '');
  const [cloud, setCloud] = useState<CloudId>('global');
  const [authorityUrl, setAuthorityUrl] = useState('');
  const [graphBaseUrl, setGraphBaseUrl] = useState('');
  const [tokenFile, setTokenFile] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<AuthStatus>) => {
    setBusy(true);
    onError(null);
    try {
      onAuth(await work());
    } catch (e) {
      onError((e as Error).message);
      onAuth(await api['auth.status']({}));
    } finally {
      setBusy(false);
    }
  };
  const urls = { ...(authorityUrl.trim() ? { authorityUrl: authorityUrl.trim() } : {}), ...(graphBaseUrl.trim() ? { graphBaseUrl: graphBaseUrl.trim() } : {}) };
  const signIn = (method: 'interactive' | 'deviceCode') => {
    localStorage.setItem('sightline.collect.tenant', tenant.trim());
    localStorage.setItem('sightline.collect.clientId', clientId.trim());
    void run(() => api['auth.signIn']({ method, tenant: tenant.trim(), clientId: clientId.trim(), cloud, ...urls }));
  };

  if (auth?.signedIn) {
    return (
      <section className="collect-card" aria-label="Sign-in">
        <h3>Signed in</h3>
        <p data-testid="auth-status">
          {auth.account ?? 'An access token'}
          {auth.tenantId ? <> · tenant <span className="mono">{auth.tenantId}</span></> : null}
          {' · '}
          {auth.method === 'token' ? 'existing access token' : auth.method === 'deviceCode' ? 'device code' : 'browser sign-in'}
          {auth.graphBaseUrl ? <> · <span className="mono">{auth.graphBaseUrl}</span></> : null}
        </p>
        {auth.expiresAt && <p className="collect-note">Current token valid until {formatTime(auth.expiresAt, 'utc')}{auth.method === 'token' ? ' (it cannot be refreshed)' : ' (refreshed silently)'}.</p>}
        {auth.method !== 'token' && <p className="collect-note">{auth.cache === 'os' ? 'Tokens are kept in the operating system’s protected store.' : (auth.cacheNote ?? 'Tokens are kept in memory only.')}</p>}
        <button type="button" className="ghost" data-testid="sign-out" onClick={() => void run(() => api['auth.signOut']({}))}>
          Sign out
        </button>
      </section>
    );
  }

  return (
    <section className="collect-card" aria-label="Sign-in">
      <h3>Sign in to Microsoft Graph</h3>
      <div className="collect-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'app'} className={mode === 'app' ? 'tab active' : 'tab'} onClick={() => setMode('app')}>
          Your app registration
        </button>
        <button type="button" role="tab" aria-selected={mode === 'token'} className={mode === 'token' ? 'tab active' : 'tab'} onClick={() => setMode('token')} data-testid="auth-mode-token">
          Existing access token
        </button>
      </div>
      {mode === 'app' ? (
        <div className="collect-form">
          <label>
            Tenant <input value={tenant} onChange={(e) => setTenant(e.target.value)} placeholder="contoso.onmicrosoft.com or tenant ID" spellCheck={false} />
          </label>
          <label>
            Client ID <input value={clientId} onChange={(e) => setClientId(e.target.value)} placeholder="Application (client) ID" spellCheck={false} className="mono" />
          </label>
          <label>
            Cloud
            <select value={cloud} onChange={(e) => setCloud(e.target.value as CloudId)}>
              {(Object.keys(CLOUD_LABELS) as CloudId[]).map((c) => (
                <option key={c} value={c}>
                  {CLOUD_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
          <details>
            <summary>Other endpoints</summary>
            <label>
              Authority URL <input value={authorityUrl} onChange={(e) => setAuthorityUrl(e.target.value)} placeholder="https://login.microsoftonline.com" spellCheck={false} />
            </label>
            <label>
              Graph base URL <input value={graphBaseUrl} onChange={(e) => setGraphBaseUrl(e.target.value)} placeholder="https://graph.microsoft.com" spellCheck={false} />
            </label>
          </details>
          <div className="collect-actions">
            <button type="button" disabled={busy || !tenant.trim() || !clientId.trim()} onClick={() => signIn('interactive')} data-testid="sign-in-browser">
              Sign in with the browser
            </button>
            <button type="button" className="ghost" disabled={busy || !tenant.trim() || !clientId.trim()} onClick={() => signIn('deviceCode')} data-testid="sign-in-device-code">
              Use a device code
            </button>
            {busy && (
              <button type="button" className="ghost" onClick={() => void api['auth.signOut']({})}>
                Cancel sign-in
              </button>
            )}
          </div>
          <p className="collect-note">Needs the delegated permissions AuditLog.Read.All and Directory.Read.All (and Policy.Read.ConditionalAccess) with admin consent; see the README.</p>
        </div>
      ) : (
        <div className="collect-form">
          <label>
            Token file
            <input value={tokenFile} onChange={(e) => setTokenFile(e.target.value)} placeholder="/path/to/token.json" spellCheck={false} data-testid="token-file" />
          </label>
          <p className="collect-note">
            The raw token, or the JSON of <span className="mono">az account get-access-token --resource-type ms-graph</span>. Sightline reads it; it is never shown or stored in the case.
          </p>
          <label>
            Graph base URL <input value={graphBaseUrl} onChange={(e) => setGraphBaseUrl(e.target.value)} placeholder="https://graph.microsoft.com" spellCheck={false} data-testid="graph-base-url" />
          </label>
          <div className="collect-actions">
            <button type="button" disabled={busy || !tokenFile.trim()} data-testid="use-token" onClick={() => void run(() => api['auth.useToken']({ file: tokenFile.trim(), cloud, ...(graphBaseUrl.trim() ? { graphBaseUrl: graphBaseUrl.trim() } : {}) }))}>
              Use this token
            </button>
            {auth?.clipboard && (
              <button type="button" className="ghost" disabled={busy} onClick={() => void run(() => api['auth.useToken']({ clipboard: true, cloud, ...(graphBaseUrl.trim() ? { graphBaseUrl: graphBaseUrl.trim() } : {}) }))}>
                Use the token on the clipboard
              </button>
            )}
          </div>
        </div>
      )}
      {busy && prompt?.kind === 'deviceCode' && (
        <div className="device-code" role="status" data-testid="device-code">
          <p>
            Open <a href={prompt.verificationUri} target="_blank" rel="noopener noreferrer">{prompt.verificationUri}</a> and enter the code
          </p>
          <p className="code mono">{prompt.userCode}</p>
          <p className="collect-note">It expires at {formatTime(prompt.expiresAt, 'utc')}.</p>
        </div>
      )}
      {busy && prompt?.kind === 'browser' && (
        <div className="device-code" role="status">
          <p>{prompt.opened ? 'Finish signing in in your browser.' : 'Open the Microsoft sign-in page to continue:'}</p>
          <p>
            <a href={prompt.url} target="_blank" rel="noopener noreferrer">
              Open the sign-in page
            </a>
          </p>
        </div>
      )}
    </section>
  );
}

function ProgressPanel({ p, timeZone }: { p: CollectProgress; timeZone: TimeZoneMode }) {
  const pct = p.windowsTotal ? Math.round((100 * p.windows) / p.windowsTotal) : 0;
  return (
    <div className="collect-progress" data-testid="collect-progress" role="status" aria-live="polite">
      <div className="collect-progress-head">
        <strong>{p.state === 'completed' ? 'Collected' : p.state === 'cancelled' ? 'Cancelled' : p.state === 'failed' ? 'Stopped' : 'Collecting…'}</strong>
        <span>
          windows {p.windows} of {p.windowsTotal}
        </span>
        <progress max={Math.max(1, p.windowsTotal)} value={p.windows} aria-label={`${pct}% of windows`} />
        {p.etaSeconds !== null && p.state === 'collecting' && <span className="muted">~{Math.ceil(p.etaSeconds)} s left</span>}
      </div>
      <dl className="collect-figures">
        <dt>Pages</dt>
        <dd data-testid="collect-pages">{num(p.pages)}</dd>
        <dt>Records</dt>
        <dd data-testid="collect-records">{num(p.records)}</dd>
        <dt>New</dt>
        <dd>{num(p.inserted)}</dd>
        <dt>Updated</dt>
        <dd>{num(p.updated)}</dd>
        <dt>Duplicates</dt>
        <dd>{num(p.duplicates)}</dd>
        <dt>Rate</dt>
        <dd>{num(p.recordsPerSecond)} records/s</dd>
        <dt>Retries</dt>
        <dd>{num(p.retries)}</dd>
        <dt>Throttled</dt>
        <dd>{num(p.throttled)}</dd>
      </dl>
      {p.current && p.state === 'collecting' && <p className="collect-note">Fetching {p.current}</p>}
      {p.waitingUntil && <p className="small status-interrupted">Graph asked to wait: resuming at {formatTime(p.waitingUntil, timeZone)}.</p>}
      {p.resumedFrom && <p className="collect-note">Resumed from {formatTime(p.resumedFrom, timeZone)}: earlier windows were already in the case.</p>}
    </div>
  );
}

export function CollectView({ timeZone }: { timeZone: TimeZoneMode }) {
  const [status, setStatus] = useState<CollectStatus | null>(null);
  const [auth, setAuth] = useState<AuthStatus | null>(null);
  const [prompt, setPrompt] = useState<AuthPrompt | null>(null);
  const [progress, setProgress] = useState<CollectProgress | null>(null);
  const [result, setResult] = useState<CollectSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useMemo(() => Date.now(), []);
  const [fromText, setFromText] = useState(() => isoMinute(now - 7 * DAY));
  const [toText, setToText] = useState(() => isoMinute(Math.floor(now / 60_000) * 60_000));
  const [types, setTypes] = useState<SignInEventType[]>([...SIGNIN_EVENT_TYPES]);
  const [also, setAlso] = useState<OtherSource[]>([]);
  const [users, setUsers] = useState('');
  const [apps, setApps] = useState('');

  const refresh = useCallback(async () => {
    try {
      const s = await api['collect.status']({});
      setStatus(s);
      setAuth(s.auth);
      if (s.running) setProgress(s.running);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const offProgress = on('collect.progress', (p) => setProgress(p));
    const offPrompt = on('auth.prompt', (p) => setPrompt(p));
    return () => {
      offProgress();
      offPrompt();
    };
  }, [refresh]);

  const from = parseRangeInput(fromText);
  const to = parseRangeInput(toText);
  const rangeError = !from ? 'From is not a time (2026-11-01, or 2026-11-01 10:00 UTC)' : !to ? 'To is not a time' : from >= to ? 'From must be before To' : null;
  const running = progress !== null && (progress.state === 'collecting' || progress.state === 'waiting');
  const canStart = !!auth?.signedIn && !running && !rangeError && types.length + also.length > 0;

  const start = async () => {
    if (!from || !to) return;
    setError(null);
    setResult(null);
    setProgress(null);
    try {
      const r = await api['collect.start']({ from, to, types, also, users: list(users), apps: list(apps) });
      setResult(r);
      if (r.status === 'failed') setError(r.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      void refresh();
    }
  };

  const toggle = <T,>(listNow: T[], item: T, set: (v: T[]) => void) => set(listNow.includes(item) ? listNow.filter((x) => x !== item) : [...listNow, item]);
  const retention = retentionNote(from);

  return (
    <div className="collect-view">
      {error && (
        <div className="banner error" role="alert" data-testid="collect-error">
          <span>{error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
      <div className="collect-columns">
        <AuthPanel
          auth={auth}
          prompt={prompt}
          onAuth={(a) => {
            setAuth(a);
            setPrompt(null);
          }}
          onError={setError}
        />
        <section className="collect-card" aria-label="Collection">
          <h3>Collect</h3>
          <div className="collect-form">
            <div className="collect-range">
              <label>
                From (UTC) <input value={fromText} onChange={(e) => setFromText(e.target.value)} data-testid="collect-from" spellCheck={false} className="mono" />
              </label>
              <label>
                To (UTC, exclusive) <input value={toText} onChange={(e) => setToText(e.target.value)} data-testid="collect-to" spellCheck={false} className="mono" />
              </label>
            </div>
            {rangeError && <p className="error-text small">{rangeError}</p>}
            {retention && !progress && <p className="small status-interrupted">{retention}</p>}
            <fieldset className="checks">
              <legend>Sign-in types</legend>
              {SIGNIN_EVENT_TYPES.map((t) => (
                <label key={t} className="check">
                  <input type="checkbox" checked={types.includes(t)} onChange={() => toggle(types, t, setTypes)} /> {TYPE_LABELS[t]}
                </label>
              ))}
            </fieldset>
            <fieldset className="checks">
              <legend>Also collect</legend>
              {(Object.keys(OTHER_LABELS) as OtherSource[]).map((s) => (
                <label key={s} className="check">
                  <input type="checkbox" checked={also.includes(s)} onChange={() => toggle(also, s, setAlso)} /> {OTHER_LABELS[s]}
                </label>
              ))}
            </fieldset>
            <label>
              Only these users <input value={users} onChange={(e) => setUsers(e.target.value)} placeholder="UPNs, comma-separated (optional)" spellCheck={false} />
            </label>
            <label>
              Only these apps <input value={apps} onChange={(e) => setApps(e.target.value)} placeholder="app IDs or names, comma-separated (optional)" spellCheck={false} />
            </label>
            <div className="collect-actions">
              <button type="button" data-testid="collect-button" disabled={!canStart} onClick={() => void start()} title={auth?.signedIn ? 'Collect into this case; an interrupted collection resumes' : 'Sign in first'}>
                Collect
              </button>
              {running && (
                <button type="button" className="ghost" data-testid="collect-cancel" onClick={() => void api['collect.cancel']({})} title="Finished pages and windows stay; the next run resumes">
                  Cancel
                </button>
              )}
            </div>
          </div>
          {progress && <ProgressPanel p={progress} timeZone={timeZone} />}
          {result && result.status !== 'failed' && (
            <p className="small" data-testid="collect-result">
              {result.status === 'completed' ? 'Done' : 'Cancelled'}: {countText(result.inserted, 'new record')}, {countText(result.duplicates, 'duplicate')} from {countText(result.pages, 'page')} in{' '}
              {countText(result.windows, 'window')}.{result.status === 'cancelled' ? ' Collect again to resume.' : ''}
            </p>
          )}
          {(progress?.warnings ?? result?.warnings ?? []).map((w, i) => (
            <p key={i} className="small status-interrupted">
              Warning: {w}
            </p>
          ))}
        </section>
      </div>
      {status && status.runs.length > 0 && (
        <section className="collect-runs" aria-label="Earlier collections">
          <h3>Collections in this case</h3>
          <div className="table-wrap">
            <table className="table" data-testid="collect-runs">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Status</th>
                  <th>Range</th>
                  <th>What</th>
                  <th className="num">Pages</th>
                  <th className="num">Records</th>
                  <th className="num">New</th>
                  <th className="num">Throttled</th>
                  <th>Note</th>
                </tr>
              </thead>
              <tbody>
                {status.runs.map((r) => (
                  <tr key={r.id}>
                    <td className="mono">{formatTime(r.startedAt, timeZone)}</td>
                    <td>{r.status}</td>
                    <td className="mono">
                      {formatTime(r.from, timeZone)} – {formatTime(r.to, timeZone)}
                    </td>
                    <td>{[...r.types.map((t) => TYPE_LABELS[t as SignInEventType] ?? t), ...r.also.map((s) => OTHER_LABELS[s as OtherSource] ?? s)].join(', ')}</td>
                    <td className="num">{num(r.pages)}</td>
                    <td className="num">{num(r.records)}</td>
                    <td className="num">{num(r.inserted)}</td>
                    <td className="num">{num(r.throttled)}</td>
                    <td>{r.error ?? (r.resumedFrom ? `resumed from ${formatTime(r.resumedFrom, timeZone)}` : '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(status.otherSources.directoryAudits > 0 || status.otherSources.riskDetections > 0 || status.otherSources.riskyUsers > 0) && (
            <p className="collect-note">
              Also in this case: {countText(status.otherSources.directoryAudits, 'directory audit')}, {countText(status.otherSources.riskDetections, 'risk detection')},{' '}
              {countText(status.otherSources.riskyUsers, 'risky user')}.
            </p>
          )}
        </section>
      )}
    </div>
  );
}
