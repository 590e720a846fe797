// The summary over the current filter: counts by status and sign-in type, top failure reasons with
// their codes, top applications / users / IPs / countries, and sign-ins over time. Every item is a
// button that narrows the shared filter to it. All log text is rendered as text.
import { useEffect, useRef, useState } from 'react';
import type { SignInFilter, SignInSummary } from '../../../preload/contract';
import { api } from '../../api';
import { errorCodeMeaning } from '../../errorCodes';
import { OUTCOME_LABELS, TYPE_LABELS } from '../../filterModel';
import type { TimeZoneMode } from '../../time';
import { OverTimeChart } from './OverTimeChart';

type Props = {
  filter: SignInFilter;
  timeZone: TimeZoneMode;
  dataVersion: number;
  /** Adds (or replaces) filter keys: the clicked item becomes a chip. */
  onNarrow(patch: SignInFilter): void;
};

type Item = { key: string; label: string; count: number; title?: string; className?: string; mono?: boolean; code?: string; patch: SignInFilter };

function Card({ title, items, max, testId, onNarrow }: { title: string; items: Item[]; max: number; testId: string; onNarrow: Props['onNarrow'] }) {
  return (
    <section className="summary-card" data-testid={testId}>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <ul>
          {items.map((it) => (
            <li key={it.key}>
              <Bar item={it} max={max} onNarrow={onNarrow} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Bar({ item, max, onNarrow }: { item: Item; max: number; onNarrow: Props['onNarrow'] }) {
  const pct = max > 0 ? Math.max(2, Math.round((item.count / max) * 100)) : 0;
  return (
    <button type="button" className={`summary-item ${item.className ?? ''}`} data-testid="summary-item" title={item.title ?? item.label} onClick={() => onNarrow(item.patch)}>
      <span className="summary-bar" style={{ width: `${pct}%` }} aria-hidden="true" />
      {item.className?.startsWith('status-') ? <span className="status-dot" aria-hidden="true" /> : null}
      {item.code ? <span className="mono code">{item.code}</span> : null}
      <span className={item.mono ? 'summary-label mono' : 'summary-label'}>{item.label}</span>
      <span className="summary-count">{item.count.toLocaleString('en-US')}</span>
    </button>
  );
}

const maxOf = (items: Item[]) => items.reduce((m, i) => Math.max(m, i.count), 0);

const SUMMARY_DELAY_MS = 250;

export function SummaryPanel({ filter, timeZone, dataVersion, onNarrow }: Props) {
  const [summary, setSummary] = useState<SignInSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    // Asked a moment after the grid's first page: on a big case the summary is a long query on the
    // same connection, and the analyst should see rows first (measured: first rows 2.4 s -> see bench).
    const timer = window.setTimeout(() => void load(mine), SUMMARY_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [filter, dataVersion]);

  const load = (mine: number) =>
    api['signins.summary']({ filter }).then(
      (s) => {
        if (mine !== seq.current) return;
        setSummary(s);
        setError(null);
        setLoading(false);
      },
      (e: Error) => {
        if (mine !== seq.current) return;
        setError(e.message);
        setLoading(false);
      },
    );

  if (error) return <section className="summary" data-testid="summary"><p className="error">Summary failed: {error}</p></section>;
  if (!summary) return <section className="summary loading" data-testid="summary"><p className="muted">Summarising…</p></section>;

  const status: Item[] = Object.entries(summary.byStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => ({ key: k, label: OUTCOME_LABELS[k] ?? k, count: n, className: `status-${k}`, patch: { status: [k as 'success'] } }));
  const types: Item[] = Object.entries(summary.byType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => ({ key: k, label: TYPE_LABELS[k] ?? k, count: n, patch: { type: [k as 'interactiveUser'] } }));
  const reasons: Item[] = summary.topFailureReasons.map((r, i) => {
    const meaning = errorCodeMeaning(r.errorCode);
    const patch: SignInFilter = r.errorCode !== null ? { errorCode: [r.errorCode] } : {};
    if (r.failureReason?.trim()) patch.failureReason = r.failureReason;
    return {
      key: `${r.errorCode}-${i}`,
      code: r.errorCode !== null ? String(r.errorCode) : '—',
      label: r.failureReason ?? meaning ?? '(no reason given)',
      title: `${r.errorCode ?? ''} ${r.failureReason ?? ''}${meaning ? `\nMeaning: ${meaning}` : ''}`,
      count: r.count,
      patch,
    };
  });
  const counted = (rows: SignInSummary['topApps'], make: (v: string) => SignInFilter, mono = false): Item[] =>
    rows.filter((r) => r.value !== null).map((r) => ({ key: r.value!, label: r.value!, count: r.count, mono, patch: make(r.value!) }));
  const apps = counted(summary.topApps, (v) => ({ app: v }));
  const users = counted(summary.topUsers, (v) => ({ user: v }));
  const ips = counted(summary.topIps, (v) => ({ ip: v }), true);
  const countries = counted(summary.topCountries, (v) => ({ country: [v] }), true);

  return (
    <section className={`summary${loading ? ' loading' : ''}`} data-testid="summary" aria-label="Summary" aria-busy={loading}>
      <OverTimeChart overTime={summary.overTime} timeZone={timeZone} onPick={(from, to) => onNarrow({ from, to })} />
      <div className="summary-cards">
        <Card title={`Status · ${summary.total.toLocaleString('en-US')}`} items={status} max={summary.total} testId="summary-status" onNarrow={onNarrow} />
        <Card title="Sign-in type" items={types} max={summary.total} testId="summary-type" onNarrow={onNarrow} />
        <Card title="Top failure reasons" items={reasons} max={maxOf(reasons)} testId="summary-failures" onNarrow={onNarrow} />
        <Card title="Applications" items={apps} max={maxOf(apps)} testId="summary-apps" onNarrow={onNarrow} />
        <Card title="Users" items={users} max={maxOf(users)} testId="summary-users" onNarrow={onNarrow} />
        <Card title="IP addresses" items={ips} max={maxOf(ips)} testId="summary-ips" onNarrow={onNarrow} />
        <Card title="Countries" items={countries} max={maxOf(countries)} testId="summary-countries" onNarrow={onNarrow} />
      </div>
    </section>
  );
}
