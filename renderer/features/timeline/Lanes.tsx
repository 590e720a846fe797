// The lanes under the density band: row labels as text (DOM), the items drawn on one canvas lined up
// with the band's plot area (thousands of items stay smooth), a text tooltip for the item under the
// pointer, drag to pan, wheel to zoom, click to open an item.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineItem, TimelineLane } from '../../../preload/contract';
import { formatTime, type TimeZoneMode } from '../../time';
import { hitTest, MAX_LEVELS, pack, POINT_LEVELS, timeAt, xOf, type Range, type Row } from './layout';
import { markDrawn } from './perf';

/** One sub-row's height; a row is as many sub-rows as its overlapping items need, plus padding. */
export const LEVEL_HEIGHT = 14;
const ROW_PAD = 6;

type Props = {
  rows: Row[];
  view: Range;
  selected: Range | null;
  plotLeft: number;
  plotWidth: number;
  timeZone: TimeZoneMode;
  themeTick: number;
  activeKey: string | null;
  onPan(deltaMs: number): void;
  onZoom(factor: number, anchorMs: number): void;
  onPick(item: TimelineItem): void;
};

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Colours per lane (findings by severity, sign-ins by status). */
function palette() {
  const failure = cssVar('--failure', '#c62f2f');
  const interrupted = cssVar('--interrupted', '#b7791f');
  const success = cssVar('--success', '#1f8a4c');
  const muted = cssVar('--muted', '#5d6878');
  const accent = cssVar('--accent', '#2f6fd0');
  const lane: Record<TimelineLane, string> = {
    finding: interrupted,
    tagged: '#7b4fd6',
    bookmark: accent,
    note: '#0f8b8d',
    evidence: muted,
    collection: muted,
    directoryAudit: '#8a6d3b',
    riskDetection: failure,
    riskyUser: failure,
  };
  const level: Record<string, string> = { high: failure, medium: interrupted, low: muted, failure, success, interrupted };
  return { lane, level, border: cssVar('--border', '#d8dde5'), accent, text: cssVar('--text', '#1c2430') };
}

export function Lanes({ rows, view, selected, plotLeft, plotWidth, timeZone, themeTick, activeKey, onPan, onZoom, onPick }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [tip, setTip] = useState<{ x: number; y: number; item: TimelineItem } | null>(null);
  const drag = useRef<{ x: number; view: Range; moved: boolean } | null>(null);
  // The rows last drawn: new rows (fetched items, or those around a new view) are marked once drawn (perf.ts).
  const drawnRows = useRef<Row[] | null>(null);
  // Each row packed at the current zoom; its top and height on the canvas.
  const layout = useMemo(() => {
    let top = 0;
    return rows.map((row) => {
      const packed = pack(row, view, Math.max(1, plotWidth), row.items.some((i) => i.endMs !== null) ? MAX_LEVELS : POINT_LEVELS);
      const height = packed.levels * LEVEL_HEIGHT + ROW_PAD;
      const out = { row, packed, top, height };
      top += height;
      return out;
    });
  }, [rows, view, plotWidth]);
  const height = Math.max(LEVEL_HEIGHT + ROW_PAD, layout.reduce((h, l) => h + l.height, 0));
  // Read from the theme's CSS variables once per theme (themeTick counts theme changes), not on every pan step.
  const colours = useMemo(() => palette(), [themeTick]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || plotWidth <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    // Resized only when the size changes: setting a canvas's size reallocates it, on every pan step otherwise.
    const w = Math.round(plotWidth * dpr);
    const h = Math.round(height * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
      c.style.width = `${plotWidth}px`;
      c.style.height = `${height}px`;
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, plotWidth, height);
    const p = colours;
    if (selected) {
      const x0 = Math.max(0, xOf(selected.from, view, plotWidth));
      const x1 = Math.min(plotWidth, xOf(selected.to, view, plotWidth));
      if (x1 > x0) {
        ctx.globalAlpha = 0.12;
        ctx.fillStyle = p.accent;
        ctx.fillRect(x0, 0, x1 - x0, height);
        ctx.globalAlpha = 1;
      }
    }
    for (const { row, packed, top, height: rowHeight } of layout) {
      ctx.fillStyle = p.border;
      ctx.fillRect(0, top + rowHeight - 1, plotWidth, 1);
      // Level of detail: zoomed out, hundreds of points land on the same pixel of a sub-row; one
      // diamond of a colour per pixel column and sub-row is drawn (the tooltip and the list still have each).
      const lastPoint = new Map<string, number>();
      for (const item of row.items) {
        const level = packed.levelOf.get(item.key);
        if (level === undefined) continue; // off screen
        const y = top + ROW_PAD / 2 + level * LEVEL_HEIGHT - 4;
        const x0 = xOf(item.startMs, view, plotWidth);
        if (x0 > plotWidth + 4) break;
        const colour = (item.lane === 'finding' || item.lane === 'riskDetection' || item.lane === 'riskyUser' ? p.level[item.level ?? ''] : undefined) ?? p.lane[item.lane];
        if (item.endMs === null && item.key !== activeKey) {
          const at = `${level}|${colour}`;
          if (lastPoint.get(at) === Math.round(x0)) continue;
          lastPoint.set(at, Math.round(x0));
        }
        ctx.fillStyle = colour;
        if (item.endMs !== null) {
          const x1 = xOf(item.endMs, view, plotWidth);
          if (x1 < -4) continue;
          ctx.globalAlpha = 0.7;
          ctx.fillRect(Math.max(-2, x0), y + 6, Math.max(3, Math.min(plotWidth + 2, x1) - Math.max(-2, x0)), LEVEL_HEIGHT - 4);
          ctx.globalAlpha = 1;
        } else {
          if (x0 < -4) continue;
          // A point: a small diamond.
          ctx.beginPath();
          ctx.moveTo(x0, y + 5);
          ctx.lineTo(x0 + 4, y + 4 + LEVEL_HEIGHT / 2);
          ctx.lineTo(x0, y + 3 + LEVEL_HEIGHT);
          ctx.lineTo(x0 - 4, y + 4 + LEVEL_HEIGHT / 2);
          ctx.closePath();
          ctx.fill();
        }
        if (item.key === activeKey) {
          ctx.strokeStyle = p.text;
          ctx.lineWidth = 1.5;
          ctx.strokeRect(Math.max(0, x0) - 5, y + 4, Math.max(10, (item.endMs !== null ? xOf(item.endMs, view, plotWidth) : x0) - Math.max(0, x0) + 10), LEVEL_HEIGHT);
        }
      }
    }
    if (drawnRows.current !== rows) {
      drawnRows.current = rows;
      markDrawn('sightline.timeline.lanes', { items: rows.reduce((n, r) => n + r.items.length, 0) });
    }
  }, [layout, view, selected, plotWidth, height, colours, activeKey, rows]);

  // The wheel zooms (a native listener: React's wheel handlers are passive and cannot stop the page scrolling).
  const latest = useRef({ view, plotWidth, onZoom });
  latest.current = { view, plotWidth, onZoom };
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const { view: v, plotWidth: w, onZoom: z } = latest.current;
      z(e.deltaY > 0 ? 1.25 : 0.8, Math.round(timeAt(e.offsetX, v, w)));
    };
    c.addEventListener('wheel', wheel, { passive: false });
    return () => c.removeEventListener('wheel', wheel);
  }, []);

  const itemAt = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const at = layout.find((l) => y >= l.top && y < l.top + l.height);
    if (!at) return { x, y, item: null };
    // Only the items on the sub-row under the pointer.
    const level = Math.max(0, Math.min(at.packed.levels - 1, Math.floor((y - at.top - ROW_PAD / 2) / LEVEL_HEIGHT)));
    const onLevel = { ...at.row, items: at.row.items.filter((i) => at.packed.levelOf.get(i.key) === level) };
    return { x, y, item: hitTest(onLevel, x, view, plotWidth) };
  };

  return (
    <div className="timeline-lanes" data-testid="timeline-lanes">
      <div className="timeline-lane-labels" style={{ width: plotLeft, minWidth: plotLeft }}>
        {layout.map(({ row: r, packed, height: h }) => (
          <div key={r.key} className="timeline-lane-label" style={{ height: h }} title={r.label}>
            {r.label} <span className="muted small">{packed.levelOf.size.toLocaleString('en-US')}</span>
          </div>
        ))}
      </div>
      <div className="timeline-canvas-wrap" style={{ width: plotWidth }}>
        <canvas
          ref={canvas}
          data-testid="timeline-canvas"
          aria-label="Timeline lanes: findings, annotations, evidence and other sources (the list below holds the same items)"
          onMouseDown={(e) => {
            drag.current = { x: e.clientX, view, moved: false };
          }}
          onMouseMove={(e) => {
            const d = drag.current;
            if (d && e.buttons & 1) {
              const dx = e.clientX - d.x;
              if (Math.abs(dx) > 3) d.moved = true;
              if (d.moved) {
                const target = d.view.from - (dx / plotWidth) * (d.view.to - d.view.from);
                onPan(target - view.from);
              }
              setTip(null);
              return;
            }
            const hit = itemAt(e);
            setTip(hit.item ? { x: hit.x, y: hit.y, item: hit.item } : null);
          }}
          onMouseUp={(e) => {
            const d = drag.current;
            drag.current = null;
            if (d?.moved) return;
            const hit = itemAt(e);
            if (hit.item) onPick(hit.item);
          }}
          onMouseLeave={() => {
            drag.current = null;
            setTip(null);
          }}
          style={{ cursor: tip ? 'pointer' : 'grab' }}
        />
        {tip && (
          <div className="timeline-tip" role="tooltip" style={{ left: Math.min(tip.x + 12, Math.max(0, plotWidth - 320)), top: tip.y + 14 }}>
            <div>{tip.item.label}</div>
            <div className="muted small">
              {formatTime(new Date(tip.item.startMs).toISOString(), timeZone)}
              {tip.item.endMs !== null && tip.item.endMs !== tip.item.startMs ? ` to ${formatTime(new Date(tip.item.endMs).toISOString(), timeZone)}` : ''}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
