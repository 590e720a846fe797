// The profile of one entity in the shell's side panel: counts by status and type, activity over
// time, tags and notes, findings, and the other entities it touched with the baseline marks of a
// user. Every number is a button that shows exactly those sign-ins in the grid; every value that has
// a profile opens it. All log text is rendered as React text nodes.
import { useEffect, useState } from 'react';
import type { EntityKind, EntityProfile, EntityRef, IndicatorKind, RelatedItem, SignInFilter, StatusCounts } from '../../../preload/contract';
import { api } from '../../api';
import { OUTCOME_LABELS, TYPE_LABELS } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';
import { OverTimeChart } from '../summary/OverTimeChart';
import { addIndicator, closeEntity, openEntity } from './store';
import './entities.css';

export const KIND_LABELS: Record<EntityKind | 'country', string> = {
  user: 'User',
  ip: 'IP address',
  asn: 'Autonomous system',
  app: 'Application',
  device: 'Device',
  'user-agent': 'User agent',
  country: 'Country',
};

/** The indicator an entity makes, for the kinds scope can match. */
export const INDICATOR_OF: Partial<Record<EntityKind, IndicatorKind>> = { ip: 'ip', asn: 'asn', device: 'device-id', 'user-agent': 'user-agent' };

const STATUSES = ['success', 'failure', 'interrupted', 'unknown'] as const;

type Show = (filter: SignInFilter) => void;

/** A count that shows its sign-ins in the grid (plain text where no filter can select them). */
export function Count({ n, filter, onShow, title, className }: { n: number; filter: SignInFilter | null; onShow: Show; title?: string; className?: string }) {
  const text = n.toLocaleString('en-US');
  if (!filter || n === 0) return <span className={`num ${className ?? ''}`}>{text}</span>;
  return (
    <button type="button" className={`link num ${className ?? ''}`} data-testid="entity-count" title={title ?? 'Show these sign-ins in the grid'} onClick={() => onShow(filter)}>
      {text}
    </button>
  );
}

function withStatus(filter: SignInFilter | null, status: (typeof STATUSES)[number]): SignInFilter | null {
  return filter ? { ...filter, status: [status] } : null;
}

function Baseline({ item, timeZone }: { item: RelatedItem; timeZone: TimeZoneMode }) {
  const b = item.baseline;
  if (!b || b.status === 'none') return null;
  const pct = `${Math.round(b.share * 1000) / 10}% of the user's successful sign-ins`;
  return (
    <>
      {b.isNew && (
        <span className="badge badge-new" data-testid="baseline-new" title={`First successful sign-in ${formatTime(b.firstSuccess ?? undefined, timeZone)}, after the user's first days in the case`}>
          new {formatTime(b.firstSuccess ?? undefined, timeZone)}
        </span>
      )}
      {b.status === 'rare' ? (
        <span className="badge badge-rare" title={pct}>
          rare
        </span>
      ) : !b.isNew ? (
        <span className="badge badge-normal" title={pct}>
          normal
        </span>
      ) : null}
    </>
  );
}

function Related({ profile, timeZone, onShow }: { profile: EntityProfile; timeZone: TimeZoneMode; onShow: Show }) {
  return (
    <>
      {profile.related
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section key={g.kind} className="entity-related" data-testid={`entity-related-${g.kind}`}>
            <h4 className="details-section">
              {g.title} ({g.distinct.toLocaleString('en-US')})
            </h4>
            <table className="table entity-table">
              <thead>
                <tr>
                  <th>{KIND_LABELS[g.kind]}</th>
                  <th className="num">Sign-ins</th>
                  <th className="num" title="Successful">OK</th>
                  <th className="num" title="Failed">Failed</th>
                </tr>
              </thead>
              <tbody>
                {g.items.map((it) => (
                  <tr key={it.value}>
                    <td className="entity-value">
                      {it.entity ? (
                        <button type="button" className={`link ${g.kind === 'ip' || g.kind === 'device' ? 'mono' : ''}`} title={`Open the profile of ${it.value}`} onClick={() => openEntity(it.entity!.kind, it.entity!.value)}>
                          {it.label && g.kind !== 'user-agent' && g.kind !== 'ip' ? it.label : it.value}
                        </button>
                      ) : (
                        <span>{it.label ?? it.value}</span>
                      )}
                      {it.label && it.entity && g.kind !== 'user' ? <div className="muted small mono">{it.value}</div> : it.label && g.kind === 'user' ? <div className="muted small">{it.value}</div> : null}
                      {g.kind === 'asn' && it.label ? <div className="muted small">AS{it.value}</div> : null}
                      <Baseline item={it} timeZone={timeZone} />
                      <div className="muted entity-time">
                        {formatTime(it.first, timeZone)} – {formatTime(it.last, timeZone)}
                      </div>
                    </td>
                    <td className="num">
                      <Count n={it.total} filter={it.filter} onShow={onShow} />
                    </td>
                    <td className="num status-success">
                      <Count n={it.byStatus.success} filter={withStatus(it.filter, 'success')} onShow={onShow} />
                    </td>
                    <td className="num status-failure">
                      <Count n={it.byStatus.failure} filter={withStatus(it.filter, 'failure')} onShow={onShow} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {g.distinct > g.items.length ? <p className="muted small">The {g.items.length} busiest shown.</p> : null}
          </section>
        ))}
    </>
  );
}

function StatusLine({ counts, filter, onShow }: { counts: StatusCounts; filter: SignInFilter | null; onShow: Show }) {
  return (
    <span className="entity-statuses">
      {STATUSES.filter((s) => counts[s] > 0).map((s) => (
        <span key={s} className={`status status-${s}`}>
          <span className="status-dot" aria-hidden="true" />
          {OUTCOME_LABELS[s]} <Count n={counts[s]} filter={withStatus(filter, s)} onShow={onShow} />
        </span>
      ))}
    </span>
  );
}

type Props = {
  entity: EntityRef;
  timeZone: TimeZoneMode;
  dataVersion: number;
  /** Shows sign-ins in the grid: replaces the shared filter and switches to the grid. */
  onShow: Show;
};

export function EntityPanel({ entity, timeZone, dataVersion, onShow }: Props) {
  const [profile, setProfile] = useState<EntityProfile | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setProfile(null);
    setError(null);
    api['entities.profile'](entity).then(
      (p) => live && setProfile(p),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [entity, dataVersion]);

  const indicator = INDICATOR_OF[entity.kind];
  const p = profile;
  return (
    <aside className="details entity-panel" data-testid="entity-profile" aria-label={`${KIND_LABELS[entity.kind]} profile`}>
      <div className="details-head">
        <strong>
          {KIND_LABELS[entity.kind]} <span className={entity.kind === 'user-agent' ? '' : 'mono'}>{p?.value ?? entity.value}</span>
        </strong>
        {indicator && (
          <button type="button" className="ghost small" data-testid="entity-add-indicator" title="Add to the indicator list of the Entities view" onClick={() => addIndicator(indicator, p?.value ?? entity.value)}>
            + Indicator
          </button>
        )}
        <button type="button" className="icon-button" aria-label="Close the profile" onClick={closeEntity}>
          ×
        </button>
      </div>
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      {!p && !error && <p className="muted">Reading the profile…</p>}
      {p && (
        <div className="entity-body">
          {p.label && <div className="entity-label">{p.label}</div>}
          <dl className="fields">
            <dt>Sign-ins</dt>
            <dd>
              <Count n={p.total} filter={p.filter} onShow={onShow} className="entity-total" />
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusLine counts={p.byStatus} filter={p.filter} onShow={onShow} />
            </dd>
            <dt>Sign-in types</dt>
            <dd>
              {Object.entries(p.byType).map(([type, n]) => (
                <span key={type} className="entity-type">
                  {TYPE_LABELS[type] ?? type} <Count n={n} filter={p.filter ? { ...p.filter, type: [type as 'interactiveUser'] } : null} onShow={onShow} />
                </span>
              ))}
            </dd>
            <dt>First seen</dt>
            <dd className="mono">{formatTime(p.first ?? undefined, timeZone)}</dd>
            <dt>Last seen</dt>
            <dd className="mono">{formatTime(p.last ?? undefined, timeZone)}</dd>
          </dl>
          {p.activity.points.length > 0 && (
            <OverTimeChart overTime={p.activity} timeZone={timeZone} onPick={(from, to) => p.filter && onShow({ ...p.filter, from, to })} />
          )}
          {p.annotations && p.annotations.length > 0 && (
            <section data-testid="entity-annotations">
              <h4 className="details-section">Tags and notes</h4>
              <ul className="entity-notes">
                {p.annotations.map((a, i) => (
                  <li key={i}>
                    {a.kind === 'tag' ? <span className="badge badge-tag">{a.value}</span> : <span className="entity-note">{a.value}</span>}
                    <span className="muted small">
                      {' '}
                      {a.analyst} {formatTime(a.createdAt ?? undefined, timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {p.findings && p.findings.length > 0 && (
            <section data-testid="entity-findings">
              <h4 className="details-section">Findings ({p.findings.length})</h4>
              <ul className="entity-notes">
                {p.findings.map((f) => (
                  <li key={f.id}>
                    <span className={`badge severity-${f.severity ?? 'none'}`}>{f.severity}</span> {f.title ?? f.detection ?? f.id}
                    <span className="muted small">
                      {' '}
                      {formatTime(f.start ?? undefined, timeZone)} · {f.triage}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {p.baseline && (
            <p className="muted small">
              Baseline: {p.baseline.successes.toLocaleString('en-US')} successful sign-ins. “new”: first succeeded after {formatTime(p.baseline.warmupEnd ?? undefined, timeZone)} (the user's first days in
              the case); “rare”: under {Math.round(p.baseline.rareShare * 100)}% of them.
            </p>
          )}
          <Related profile={p} timeZone={timeZone} onShow={onShow} />
          {p.notes.map((n) => (
            <p key={n} className="muted small">
              {n}
            </p>
          ))}
        </div>
      )}
    </aside>
  );
}
