// The case timeline as a static SVG for the report: sign-ins per bucket stacked by status (the same
// counts as the app's timeline band), findings as bars coloured by severity, and tagged or bookmarked
// sign-ins as ticks. Labels are the report's own text (dates, counts), escaped like everything else.
import type { TimelineDensity } from '../../preload/contract';
import { html, join, type Html } from './html';

const W = 1000;
const LEFT = 90;
const RIGHT = 10;
const BAND_TOP = 10;
const BAND_H = 140;
const AXIS_H = 22;
const LANE_H = 18;

const STATUS = [
  ['failure', '#b3261e'],
  ['interrupted', '#c26a00'],
  ['unknown', '#8a8f98'],
  ['success', '#2f7d4f'],
] as const;
const SEVERITY: Record<string, string> = { high: '#b3261e', medium: '#c26a00', low: '#5f6b7a' };

export type TimelineSvgInput = { density: TimelineDensity; findings: { start: number; end: number; severity: string }[]; marks: number[] };

/** Readable tick times: about 6 labels, on whole days (or hours for short spans). */
function ticks(from: number, to: number): { t: number; label: string }[] {
  const span = to - from;
  const day = 86_400_000;
  const step = [3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, day, 2 * day, 7 * day, 14 * day, 30 * day, 91 * day, 365 * day].find((s) => span / s <= 7) ?? 365 * day;
  const out: { t: number; label: string }[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const iso = new Date(t).toISOString();
    out.push({ t, label: step < day ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10) });
  }
  return out;
}

export function timelineSvg(input: TimelineSvgInput): Html {
  const d = input.density;
  const from = d.fromMs;
  const to = Math.max(d.toMs, d.startMs.length ? d.startMs.at(-1)! + d.bucketMs : from + 1);
  const plotW = W - LEFT - RIGHT;
  const x = (t: number) => LEFT + ((t - from) / (to - from)) * plotW;
  const totals = d.startMs.map((_, i) => d.success[i]! + d.failure[i]! + d.interrupted[i]! + d.unknown[i]!);
  const max = Math.max(1, ...totals);
  const bw = Math.max(0.5, (d.bucketMs / (to - from)) * plotW - 0.4);

  const bars: Html[] = [];
  d.startMs.forEach((start, i) => {
    let y = BAND_TOP + BAND_H;
    for (const [status, colour] of STATUS) {
      const n = d[status][i]!;
      if (!n) continue;
      const h = (n / max) * BAND_H;
      y -= h;
      bars.push(html`<rect x="${x(start).toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(h, 0.3).toFixed(1)}" fill="${colour}"/>`);
    }
  });

  const axisY = BAND_TOP + BAND_H;
  const tickMarks = ticks(from, to).map(
    (t) => html`<line x1="${x(t.t).toFixed(1)}" y1="${axisY}" x2="${x(t.t).toFixed(1)}" y2="${axisY + 4}" stroke="#666"/><text x="${x(t.t).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${t.label}</text>`,
  );

  const lanesTop = axisY + AXIS_H;
  const findingBars = input.findings.map((f) => {
    const x0 = x(Math.max(f.start, from));
    const x1 = Math.max(x0 + 2, x(Math.min(f.end, to)));
    return html`<rect x="${x0.toFixed(1)}" y="${lanesTop + 3}" width="${(x1 - x0).toFixed(1)}" height="${LANE_H - 6}" fill="${SEVERITY[f.severity] ?? '#5f6b7a'}" fill-opacity="0.55"/>`;
  });
  const markTicks = input.marks.map((t) => html`<line x1="${x(t).toFixed(1)}" y1="${lanesTop + LANE_H + 3}" x2="${x(t).toFixed(1)}" y2="${lanesTop + 2 * LANE_H - 3}" stroke="#5b3cc4" stroke-width="1"/>`);
  const height = lanesTop + 2 * LANE_H + 26;
  const legendY = height - 8;
  const legend = [...STATUS].reverse().map(([status, colour], i) => html`<rect x="${LEFT + i * 110}" y="${legendY - 9}" width="10" height="10" fill="${colour}"/><text x="${LEFT + i * 110 + 14}" y="${legendY}">${status}</text>`);

  return html`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${W} ${height}" role="img" aria-label="Timeline of sign-ins by status, findings and tagged sign-ins" font-family="sans-serif" font-size="11" fill="#333">
<text x="${LEFT - 6}" y="${BAND_TOP + 10}" text-anchor="end">${max.toLocaleString('en-US')}</text>
<text x="${LEFT - 6}" y="${axisY}" text-anchor="end">0</text>
<text x="4" y="${BAND_TOP + BAND_H / 2}">Sign-ins</text>
<text x="${LEFT - 6}" y="${BAND_TOP + BAND_H / 2 + 14}" text-anchor="end">per ${bucketWords(d.bucketMs)}</text>
${join(bars)}
<line x1="${LEFT}" y1="${axisY}" x2="${W - RIGHT}" y2="${axisY}" stroke="#666"/>
${join(tickMarks)}
<text x="4" y="${lanesTop + 13}">Findings</text>
<rect x="${LEFT}" y="${lanesTop}" width="${plotW}" height="${LANE_H}" fill="#f3f4f6"/>
${join(findingBars)}
<text x="4" y="${lanesTop + LANE_H + 13}">Tagged</text>
<rect x="${LEFT}" y="${lanesTop + LANE_H}" width="${plotW}" height="${LANE_H}" fill="#fafafa"/>
${join(markTicks)}
${join(legend)}
</svg>`;
}

function bucketWords(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [u, word] of units) if (ms % u === 0) return ms === u ? word : `${ms / u} ${word}s`;
  return `${ms} ms`;
}
