// The Entities view: open any entity's profile, and the scope of a compromise: paste indicators (or
// take the IPs tagged attacker-infrastructure), list every account that touched any of them, then tag
// the matches, add the result to the report, or export indicators and matches. Log text is text.
import { useState, type FormEvent } from 'react';
import { ENTITY_KINDS, ScopeTag, type EntityKind, type Indicator, type ParsedIndicators, type ScopeAccount, type ScopeResult, type SignInFilter } from '../../../preload/contract';
import { api, exportScope } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';
import { Count, KIND_LABELS } from './EntityPanel';
import { indicatorLine, openEntity, setIndicatorText, useIndicatorText } from './store';
import './entities.css';

const MATCH_LABELS: Record<Indicator['kind'], string> = { ip: 'IP', asn: 'ASN', 'user-agent': 'user agent', 'device-id': 'device', 'session-id': 'session' };
const ACCOUNT_KINDS: Record<ScopeAccount['kind'], string> = { user: '', servicePrincipal: 'service principal', managedIdentity: 'managed identity' };

type Props = {
  timeZone: TimeZoneMode;
  /** Shows sign-ins in the grid. */
  onShow(filter: SignInFilter): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

function OpenProfile() {
  const [kind, setKind] = useState<EntityKind>('user');
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) openEntity(kind, value);
  };
  return (
    <form className="entity-open" onSubmit={submit}>
      <h3>Profile</h3>
      <select aria-label="Entity kind" value={kind} onChange={(e) => setKind(e.target.value as EntityKind)} data-testid="entity-kind">
        {ENTITY_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <input aria-label="Entity value" placeholder="alice@contoso.com, 45.155.205.99, AS20473, an app id …" value={value} onChange={(e) => setValue(e.target.value)} data-testid="entity-input" />
      <button type="submit" disabled={!value.trim()}>
        Open profile
      </button>
    </form>
  );
}

function Matched({ account, onShow }: { account: ScopeAccount; onShow: Props['onShow'] }) {
  return (
    <ul className="scope-matched">
      {account.matched.map((m) => (
        <li key={`${m.kind} ${m.value} ${m.indicator}`}>
          <span className="muted small">{MATCH_LABELS[m.kind]} </span>
          {m.filter ? (
            <button type="button" className={`link ${m.kind === 'user-agent' ? '' : 'mono'}`} title="Show this account's sign-ins with this value" onClick={() => onShow(m.filter!)}>
              {m.value}
            </button>
          ) : (
            <span className="mono">{m.value}</span>
          )}
          {m.indicator !== m.value ? <span className="muted small"> in {m.indicator}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function EntitiesView({ timeZone, onShow, onMessage }: Props) {
  const text = useIndicatorText();
  const [parsed, setParsed] = useState<ParsedIndicators | null>(null);
  const [result, setResult] = useState<ScopeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState<ScopeTag>('compromised');
  const indicators: Indicator[] = result?.indicators.map(({ kind, value }) => ({ kind, value })) ?? [];

  const run = async () => {
    setBusy(true);
    try {
      const p = await api['scope.parse']({ text });
      setParsed(p);
      if (!p.indicators.length) {
        setResult(null);
        onMessage('error', 'No indicators to look for: paste IPs, CIDR blocks, AS numbers, user agents, device or session IDs.');
        return;
      }
      setResult(await api['scope.run']({ indicators: p.indicators }));
    } catch (e) {
      onMessage('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const fromTags = async () => {
    try {
      const r = await api['scope.fromTags']({});
      if (!r.available) return onMessage('error', 'This case has no annotations yet.');
      if (!r.indicators.length) return onMessage('info', 'No IP is tagged attacker-infrastructure yet.');
      const lines = new Set(text.split('\n').map((l) => l.trim()).filter(Boolean));
      for (const i of r.indicators) lines.add(indicatorLine(i.kind, i.value));
      setIndicatorText([...lines].join('\n') + '\n');
      onMessage('info', `Added ${r.indicators.length} IP${r.indicators.length === 1 ? '' : 's'} tagged attacker-infrastructure.`);
    } catch (e) {
      onMessage('error', (e as Error).message);
    }
  };

  const act = async (what: () => Promise<string>) => {
    try {
      onMessage('info', await what());
    } catch (e) {
      onMessage('error', (e as Error).message);
    }
  };

  return (
    <div className="entities-view">
      <OpenProfile />
      <section className="scope">
        <h3>Scope of compromise</h3>
        <p className="muted small">
          Paste indicators, one a line or separated by commas: IP addresses, CIDR blocks (IPv4 or IPv6), AS numbers (AS20473), user agents (one a line), device or session IDs
          (<span className="mono">device:</span> or <span className="mono">session:</span> before a GUID to say which). Every account that touched any of them is listed.
        </p>
        <textarea
          className="scope-input mono"
          data-testid="scope-input"
          aria-label="Indicators"
          rows={7}
          spellCheck={false}
          placeholder={'45.155.205.99\n45.155.205.0/24\nAS20473\nua: python-requests/2.32.3'}
          value={text}
          onChange={(e) => setIndicatorText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
          }}
        />
        <div className="scope-actions">
          <button type="button" data-testid="scope-run" disabled={busy || !text.trim()} onClick={() => void run()} title="Ctrl+Enter">
            {busy ? 'Looking…' : 'Find accounts'}
          </button>
          <button type="button" className="ghost" onClick={() => void fromTags()} title="Add the IPs tagged attacker-infrastructure">
            From tags
          </button>
          <button type="button" className="ghost" disabled={!text} onClick={() => (setIndicatorText(''), setParsed(null), setResult(null))}>
            Clear
          </button>
        </div>
        {parsed && (parsed.rejected.length > 0 || parsed.notes.length > 0) && (
          <ul className="scope-rejected" data-testid="scope-rejected">
            {parsed.rejected.map((r) => (
              <li key={r.text}>
                {r.reason.includes(r.text) ? (
                  r.reason
                ) : (
                  <>
                    <span className="mono">{r.text}</span>: {r.reason}
                  </>
                )}
              </li>
            ))}
            {parsed.notes.map((n) => (
              <li key={n} className="muted">
                {n}
              </li>
            ))}
          </ul>
        )}
      </section>

      {result && (
        <section className="scope-result">
          <div className="scope-summary">
            <strong data-testid="scope-count">
              {result.accounts.length.toLocaleString('en-US')} account{result.accounts.length === 1 ? '' : 's'} touched {result.indicators.length} indicator{result.indicators.length === 1 ? '' : 's'}
            </strong>
            <span className="spacer" />
            <label className="scope-tag">
              Tag matches as{' '}
              <select aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value as ScopeTag)}>
                {ScopeTag.options.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="ghost"
              data-testid="scope-tag"
              onClick={() => void act(async () => {
                const r = await api['scope.tag']({ indicators, tag });
                return `Tagged ${r.accounts} account${r.accounts === 1 ? '' : 's'} “${tag}” and ${r.ips} IP${r.ips === 1 ? '' : 's'} “attacker-infrastructure” (tags already there were kept).`;
              })}
            >
              Tag
            </button>
            <button type="button" className="ghost" data-testid="scope-report" onClick={() => void act(async () => `Scope added to the report (${(await api['scope.addToReport']({ indicators })).accounts} accounts).`)}>
              Add to report
            </button>
            <button type="button" className="ghost" data-testid="scope-export-csv" onClick={() => void act(async () => ((await exportScope(indicators, 'csv')) ? 'Exported indicators and matches (CSV).' : 'Export cancelled.'))}>
              Export CSV
            </button>
            <button type="button" className="ghost" data-testid="scope-export-json" onClick={() => void act(async () => ((await exportScope(indicators, 'json')) ? 'Exported indicators and matches (JSON).' : 'Export cancelled.'))}>
              Export JSON
            </button>
          </div>
          <ul className="scope-indicators">
            {result.indicators.map((i) => (
              <li key={`${i.kind} ${i.value}`} className={i.signIns === 0 ? 'muted' : undefined}>
                <span className="muted small">{MATCH_LABELS[i.kind]} </span>
                <span className="mono">{i.value}</span>: {i.accounts.toLocaleString('en-US')} account{i.accounts === 1 ? '' : 's'}, {i.signIns.toLocaleString('en-US')} sign-in{i.signIns === 1 ? '' : 's'}
              </li>
            ))}
          </ul>
          <div className="table-wrap">
            <table className="table scope-table" data-testid="scope-results">
              <thead>
                <tr>
                  <th>Account</th>
                  <th className="num">Successes</th>
                  <th className="num">Failures</th>
                  <th className="num">Interrupted</th>
                  <th>First</th>
                  <th>Last</th>
                  <th>Matched</th>
                </tr>
              </thead>
              <tbody>
                {result.accounts.map((a) => {
                  // One matched value: its filter is the account's matching sign-ins. Several cannot be ORed in one filter.
                  const only = a.matched.length === 1 ? a.matched[0]!.filter : null;
                  const title = only ? undefined : 'Several indicators matched: pick a matched value to see its sign-ins';
                  return (
                    <tr key={`${a.kind} ${a.user}`} data-testid="scope-account" className={a.successes > 0 ? 'scope-hit' : undefined}>
                      <td>
                        {a.entity ? (
                          <button type="button" className="link" title="Open the profile" onClick={() => openEntity(a.entity!.kind, a.entity!.value)}>
                            {a.user}
                          </button>
                        ) : (
                          <span>{a.user}</span>
                        )}
                        {a.label && a.label.toLowerCase() !== a.user ? <div className="muted small">{a.label}</div> : null}
                        {ACCOUNT_KINDS[a.kind] ? <span className="muted small"> {ACCOUNT_KINDS[a.kind]}</span> : null}
                      </td>
                      <td className="num status-success">
                        <Count n={a.successes} filter={only && { ...only, status: ['success'] }} onShow={onShow} title={title} />
                      </td>
                      <td className="num status-failure">
                        <Count n={a.failures} filter={only && { ...only, status: ['failure'] }} onShow={onShow} title={title} />
                      </td>
                      <td className="num status-interrupted">
                        <Count n={a.interrupted} filter={only && { ...only, status: ['interrupted'] }} onShow={onShow} title={title} />
                      </td>
                      <td className="mono">{formatTime(a.first, timeZone)}</td>
                      <td className="mono">{formatTime(a.last, timeZone)}</td>
                      <td>
                        <Matched account={a} onShow={onShow} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {result.accounts.length === 0 && <p className="muted">No account touched any of these indicators.</p>}
          </div>
        </section>
      )}
    </div>
  );
}
