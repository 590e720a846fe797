// The density band: sign-ins per bucket over the visible range, stacked by status, drawn by uPlot as
// bars (uPlot does not stack: each series is the running sum, tallest drawn first). Dragging across it
// brushes a range (handed up, the shell's filter gets from/to); the wheel zooms around the pointer.
// The filter's own range is shaded. Counts come from main already bucketed.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineDensity } from '../../../preload/contract';
import { OUTCOME_LABELS } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';
import type { Range } from './layout';
import { markDrawn } from './perf';

const STACK = ['failure', 'interrupted', 'unknown', 'success'] as const;
export const LABEL_WIDTH = 190;
const HEIGHT = 150;

type Props = {
  density: TimelineDensity | null;
  view: Range;
  /** The shared filter's from/to, shaded. */
  selected: Range | null;
  timeZone: TimeZoneMode;
  themeTick: number;
  onBrush(r: Range): void;
  onZoom(factor: number, anchorMs: number): void;
  onHover(text: string | null): void;
  /** Where the plot area starts and how wide it is (CSS px), so the lanes line up under it. */
  onPlotBox(left: number, width: number): void;
};

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function DensityBand({ density, view, selected, timeZone, themeTick, onBrush, onZoom, onHover, onPlotBox }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // Latest values for uPlot's callbacks, which are bound once per chart.
  const latest = useRef({ density, view, selected, onBrush, onZoom, onHover, onPlotBox, timeZone });
  latest.current = { density, view, selected, onBrush, onZoom, onHover, onPlotBox, timeZone };

  // The chart itself: made again when the zone or the theme changes.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const colours: Record<(typeof STACK)[number], string> = { success: cssVar('--success'), failure: cssVar('--failure'), interrupted: cssVar('--interrupted'), unknown: cssVar('--muted') };
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--border'), width: 1 }, ticks: { stroke: cssVar('--border'), width: 1 } };
    const shade = cssVar('--accent');
    const tzDate = timeZone === 'local' ? (ts: number) => new Date(ts * 1000) : (ts: number) => uPlot.tzDate(new Date(ts * 1000), timeZone === 'utc' ? 'Etc/UTC' : timeZone);
    const order = [...STACK].reverse();
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 300),
      height: HEIGHT,
      legend: { show: false },
      tzDate,
      cursor: { y: false, points: { show: false }, drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: true, range: () => [latest.current.view.from / 1000, latest.current.view.to / 1000] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        {
          ...axis,
          size: 30,
          values: (_u, splits) => {
            let lastDay = '';
            return splits.map((ts) => {
              const t = formatTime(new Date(ts * 1000).toISOString(), latest.current.timeZone);
              const day = t.slice(5, 10);
              const hm = t.slice(11, 16);
              const label = day !== lastDay ? (hm === '00:00' ? day : `${day} ${hm}`) : hm;
              lastDay = day;
              return label;
            });
          },
        },
        { ...axis, size: LABEL_WIDTH, label: 'Sign-ins', labelSize: 16, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '')) },
      ],
      series: [
        {},
        ...order.map((o) => ({ label: OUTCOME_LABELS[o], fill: colours[o], stroke: colours[o], width: 0, paths: uPlot.paths.bars!({ size: [0.9, 60], gap: 0, align: 1 }), points: { show: false } })),
      ],
      hooks: {
        // The filter's range, shaded behind the bars.
        drawClear: [
          (u) => {
            const s = latest.current.selected;
            if (!s) return;
            const x0 = Math.max(u.bbox.left, u.valToPos(s.from / 1000, 'x', true));
            const x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(s.to / 1000, 'x', true));
            if (x1 <= x0) return;
            u.ctx.save();
            u.ctx.fillStyle = shade;
            u.ctx.globalAlpha = 0.12;
            u.ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
            u.ctx.restore();
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width > 3) {
              const from = Math.round(u.posToVal(u.select.left, 'x') * 1000);
              const to = Math.round(u.posToVal(u.select.left + u.select.width, 'x') * 1000);
              latest.current.onBrush({ from, to });
            }
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setCursor: [
          (u) => {
            const d = latest.current.density;
            const idx = u.cursor.idx;
            if (!d || idx === null || idx === undefined || d.startMs[idx] === undefined) return latest.current.onHover(null);
            const parts = STACK.filter((o) => d[o][idx]! > 0).map((o) => `${d[o][idx]!.toLocaleString('en-US')} ${OUTCOME_LABELS[o]!.toLowerCase()}`);
            latest.current.onHover(`${formatTime(new Date(d.startMs[idx]!).toISOString(), latest.current.timeZone)}: ${parts.join(', ') || 'none'}`);
          },
        ],
        ready: [(u) => latest.current.onPlotBox(u.over.offsetLeft, u.over.clientWidth)],
        setSize: [(u) => latest.current.onPlotBox(u.over.offsetLeft, u.over.clientWidth)],
      },
    };
    const u = new uPlot(opts, [[], [], [], [], []], el);
    plot.current = u;
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const anchor = Math.round(u.posToVal(e.offsetX, 'x') * 1000);
      latest.current.onZoom(e.deltaY > 0 ? 1.25 : 0.8, anchor);
    };
    u.over.addEventListener('wheel', wheel, { passive: false });
    const leave = () => latest.current.onHover(null);
    u.over.addEventListener('mouseleave', leave);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 300), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('wheel', wheel);
      u.over.removeEventListener('mouseleave', leave);
      u.destroy();
      if (plot.current === u) plot.current = null;
    };
  }, [timeZone, themeTick]);

  // New counts or a new range: new data, same chart.
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const xs = density ? density.startMs.map((t) => t / 1000) : [];
    const sums: number[][] = [];
    let acc = xs.map(() => 0);
    for (const o of STACK) {
      acc = acc.map((v, i) => v + (density ? density[o][i]! : 0));
      sums.push(acc);
    }
    const order = [...STACK].reverse();
    u.setData([xs, ...order.map((o) => sums[STACK.indexOf(o)]!)] as uPlot.AlignedData, false);
    u.setScale('x', { min: view.from / 1000, max: view.to / 1000 });
    // Counts for exactly the range on screen (not older ones stretched): the band is up to date.
    if (density && density.fromMs === Math.max(0, Math.floor(view.from)) && density.toMs === Math.ceil(view.to)) markDrawn('sightline.timeline.band', { fromMs: density.fromMs, toMs: density.toMs, buckets: xs.length });
  }, [density, view, selected]);

  return <div ref={host} className="timeline-density" data-testid="timeline-density" role="img" aria-label="Sign-ins over time, stacked by status" />;
}
