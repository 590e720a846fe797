// Sign-ins over time, stacked by status, drawn by uPlot as bars. uPlot does not stack, so each
// series is the running sum and the tallest is drawn first. The legend and the hover readout are
// text (never colour alone); clicking a bar narrows the filter to that bucket.
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SignInSummary } from '../../../preload/contract';
import { OUTCOME_LABELS } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
/** Bottom to top of each stack. */
const STACK = ['failure', 'interrupted', 'unknown', 'success'] as const;
type Outcome = (typeof STACK)[number];

type Props = {
  overTime: SignInSummary['overTime'];
  timeZone: TimeZoneMode;
  onPick(from: string, to: string): void;
};

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** Buckets with no sign-ins are absent from the summary; fill them so the axis is even. */
function fill(overTime: SignInSummary['overTime']) {
  const width = BUCKET_MS[overTime.bucket];
  const points = overTime.points;
  if (points.length < 2) return points;
  const first = Date.parse(points[0]!.start);
  const last = Date.parse(points.at(-1)!.start);
  if ((last - first) / width > 5000) return points;
  const byStart = new Map(points.map((p) => [Date.parse(p.start), p]));
  const out: typeof points = [];
  for (let t = first; t <= last; t += width) out.push(byStart.get(t) ?? { start: new Date(t).toISOString(), success: 0, failure: 0, interrupted: 0, unknown: 0 });
  return out;
}

export function OverTimeChart({ overTime, timeZone, onPick }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [themeTick, setThemeTick] = useState(0);
  const points = useMemo(() => fill(overTime), [overTime]);
  const pointsRef = useRef(points);
  pointsRef.current = points;
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  // Colours come from the theme's CSS variables: redraw when the theme changes.
  useEffect(() => {
    const obs = new MutationObserver(() => setThemeTick((t) => t + 1));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => obs.disconnect();
  }, []);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = points.map((p) => Date.parse(p.start) / 1000);
    const sums: number[][] = [];
    let acc = points.map(() => 0);
    for (const o of STACK) {
      acc = acc.map((v, i) => v + points[i]![o]);
      sums.push(acc);
    }
    // Drawn tallest first: success (the full stack) ... failure (the bottom).
    const order = [...STACK].reverse();
    const data: uPlot.AlignedData = [xs, ...order.map((o) => sums[STACK.indexOf(o)]!)];
    const colours: Record<Outcome, string> = { success: cssVar('--success'), failure: cssVar('--failure'), interrupted: cssVar('--interrupted'), unknown: cssVar('--muted') };
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--border'), width: 1 }, ticks: { stroke: cssVar('--border'), width: 1 } };
    const tzDate =
      timeZone === 'local' ? (ts: number) => new Date(ts * 1000) : (ts: number) => uPlot.tzDate(new Date(ts * 1000), timeZone === 'utc' ? 'Etc/UTC' : timeZone);
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height: 110,
      legend: { show: false },
      tzDate,
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        {
          ...axis,
          size: 28,
          // Times as the rest of the app shows them (24-hour, in the chosen zone), not uPlot's am/pm.
          values: (_u, splits) => {
            let lastDay = '';
            return splits.map((ts) => {
              const t = formatTime(new Date(ts * 1000).toISOString(), timeZone);
              const day = t.slice(5, 10);
              const hm = t.slice(11, 16);
              const label = hm === '00:00' ? day : day !== lastDay ? `${day} ${hm}` : hm;
              lastDay = day;
              return label;
            });
          },
        },
        { ...axis, size: 44, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '')) },
      ],
      series: [
        {},
        ...order.map((o) => ({
          label: OUTCOME_LABELS[o],
          fill: colours[o],
          stroke: colours[o],
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.85, 40], gap: 1 }),
          points: { show: false },
        })),
      ],
      hooks: {
        setCursor: [(u) => setHover(u.cursor.idx ?? null)],
      },
    };
    plot.current?.destroy();
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const click = () => {
      const idx = u.cursor.idx;
      const p = idx === null || idx === undefined ? undefined : pointsRef.current[idx];
      if (!p) return;
      const start = Date.parse(p.start);
      onPickRef.current(p.start, new Date(start + BUCKET_MS[overTime.bucket]).toISOString());
    };
    u.over.addEventListener('click', click);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height: 110 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('click', click);
      u.destroy();
      if (plot.current === u) plot.current = null;
    };
  }, [points, timeZone, themeTick, overTime.bucket]);

  const hovered = hover !== null ? points[hover] : undefined;
  const totals = useMemo(() => Object.fromEntries(STACK.map((o) => [o, overTime.points.reduce((n, p) => n + p[o], 0)])) as Record<Outcome, number>, [overTime]);

  return (
    <div className="overtime">
      <div className="overtime-head">
        <strong>Sign-ins over time</strong>
        <span className="muted small"> per {overTime.bucket}</span>
        <span className="legend">
          {[...STACK].reverse().map((o) =>
            totals[o] > 0 ? (
              <span key={o} className={`legend-item status-${o}`}>
                <span className="status-dot" aria-hidden="true" />
                {OUTCOME_LABELS[o]} {totals[o].toLocaleString('en-US')}
              </span>
            ) : null,
          )}
        </span>
        <span className="overtime-readout muted small" data-testid="overtime-readout">
          {hovered
            ? `${formatTime(hovered.start, timeZone)}: ${STACK.filter((o) => hovered[o] > 0)
                .map((o) => `${hovered[o].toLocaleString('en-US')} ${OUTCOME_LABELS[o]!.toLowerCase()}`)
                .join(', ') || 'none'} (click to filter to this ${overTime.bucket})`
            : 'Point at a bar for its counts; click it to filter to that time.'}
        </span>
      </div>
      <div ref={host} className="overtime-plot" data-testid="overtime-chart" role="img" aria-label="Sign-ins over time, stacked by status" />
    </div>
  );
}
