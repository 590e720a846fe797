// Coverage: for each sign-in type, one lane per evidence file or collection showing the span it
// covers, its gaps (red) and the stretches no evidence covers (hatched), on one time axis; the rule
// that decides a gap is shown in words, and every gap is also listed as text.
import { useEffect, useState } from 'react';
import type { Coverage } from '../../../preload/contract';
import { api } from '../../api';
import { TYPE_LABELS } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';

function Bar({ start, end, range, className, title }: { start: string; end: string; range: { lo: number; span: number }; className: string; title: string }) {
  const left = ((Date.parse(start) - range.lo) / range.span) * 100;
  const width = Math.max(((Date.parse(end) - Date.parse(start)) / range.span) * 100, 0.3);
  return <span className={className} style={{ left: `${left}%`, width: `${width}%` }} title={title} />;
}

export function CoverageView({ dataVersion, timeZone }: { dataVersion: number; timeZone: TimeZoneMode }) {
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCoverage(null);
    api['evidence.coverage']({}).then(setCoverage, (e: Error) => setError(e.message));
  }, [dataVersion]);
  if (error) return <p className="error">{error}</p>;
  if (!coverage) return <p className="muted">Working out what the evidence covers…</p>;
  if (!coverage.range) return <p className="empty">No evidence yet: nothing is covered.</p>;
  const range = { lo: Date.parse(coverage.range.start), span: Math.max(Date.parse(coverage.range.end) - Date.parse(coverage.range.start), 1) };
  const t = (iso: string) => formatTime(iso, timeZone);
  return (
    <div className="coverage" data-testid="coverage">
      <p className="muted small" data-testid="coverage-rule">
        {coverage.rule}
      </p>
      <p className="coverage-range">
        Case range: <span className="mono">{t(coverage.range.start)}</span> to <span className="mono">{t(coverage.range.end)}</span>
      </p>
      <div className="legend">
        <span className="legend-item"><span className="swatch span" /> covered</span>
        <span className="legend-item"><span className="swatch gap" /> gap</span>
        <span className="legend-item"><span className="swatch uncovered" /> no evidence</span>
      </div>
      {coverage.types.map((type) => (
        <section key={type.type} className="coverage-type" data-testid={`coverage-${type.type}`}>
          <h4>
            {TYPE_LABELS[type.type] ?? type.type} <span className="muted small">({type.count.toLocaleString('en-US')} sign-ins)</span>
          </h4>
          {type.lanes.map((lane) => (
            <div key={lane.evidenceId} className="coverage-lane">
              <span className="lane-label" title={lane.name}>
                {lane.source === 'graph' ? 'Graph: ' : ''}
                {lane.name}
              </span>
              <span className="lane-track">
                <Bar start={lane.start} end={lane.end} range={range} className="lane-span" title={`${t(lane.start)} – ${t(lane.end)}: ${lane.count} sign-ins`} />
                {lane.gaps.map((g) => (
                  <Bar key={g.start} start={g.start} end={g.end} range={range} className="lane-gap" title={`${g.reason === 'silence' ? 'Gap' : 'Not collected'}: ${t(g.start)} – ${t(g.end)}`} />
                ))}
              </span>
              <span className="lane-count num">{lane.count.toLocaleString('en-US')}</span>
            </div>
          ))}
          {type.uncovered.length > 0 && (
            <div className="coverage-lane">
              <span className="lane-label muted">no evidence</span>
              <span className="lane-track">
                {type.uncovered.map((u) => (
                  <Bar key={u.start} start={u.start} end={u.end} range={range} className="lane-uncovered" title={`No evidence: ${t(u.start)} – ${t(u.end)}`} />
                ))}
              </span>
              <span className="lane-count" />
            </div>
          )}
          <ul className="gap-list small">
            {type.lanes.flatMap((lane) =>
              lane.gaps.map((g) => (
                <li key={`${lane.evidenceId}-${g.start}`} data-testid="coverage-gap">
                  {lane.name}: {g.reason === 'silence' ? 'no sign-ins' : 'not collected'} from <span className="mono">{t(g.start)}</span> to <span className="mono">{t(g.end)}</span>
                  {g.expected !== null ? ` (about ${Math.round(g.expected)} expected)` : ''}
                </li>
              )),
            )}
            {type.uncovered.map((u) => (
              <li key={`u-${u.start}`} data-testid="coverage-uncovered">
                No evidence of this type from <span className="mono">{t(u.start)}</span> to <span className="mono">{t(u.end)}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
