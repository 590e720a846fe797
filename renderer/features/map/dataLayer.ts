// One canvas for everything the case puts on the map: travel legs (great-circle lines with a start
// dot and an arrowhead) and location markers (pies of the outcome mix). The drawing is batched (one
// stroke per leg style, not one per leg) and points are projected once per zoom level into typed
// arrays (canvasLayer.ts).
// That is what draws 10,000 locations and 5,000 legs within a second, where one Leaflet layer per
// item did not. Items follow the view across the antimeridian: each is drawn at the copy of the
// world nearest the view's centre. Hit testing for clicks and hover is here too.
import type L from 'leaflet';
import { CanvasLayer, projectX, projectY, type View } from './canvasLayer';
import type { LatLon } from './geometry';

export type DrawMarker = {
  lat: number;
  lon: number;
  radius: number;
  wedges: { color: string; fraction: number }[];
  label: string | null;
  selected: boolean;
};

export type DrawLeg = {
  /** The caller's id for the leg (reported by hit tests). */
  id: number;
  /** Points with continuous longitudes; the middle one within -180..180. */
  points: LatLon[];
  color: string;
  width: number;
  alpha: number;
};

export type DrawStyle = { outline: string; selectedOutline: string; halo: string; label: string };

export type Hit = { kind: 'marker'; index: number } | { kind: 'leg'; id: number } | null;

type ProjectedLeg = { xs: Float64Array; ys: Float64Array; minX: number; maxX: number; minY: number; maxY: number; midX: number };

export class DataLayer extends CanvasLayer {
  private markers: DrawMarker[] = [];
  private legs: DrawLeg[] = [];
  private legById = new Map<number, number>();
  private style: DrawStyle = { outline: '#fff', selectedOutline: '#000', halo: '#fff', label: '#000' };
  private selectedLeg: number | null = null;
  /** Projections at these scales; recomputed when the zoom or the data changes. */
  private markerScale = 0;
  private legScale = 0;
  private markerX = new Float64Array(0);
  private markerY = new Float64Array(0);
  private legProj: ProjectedLeg[] = [];
  /** The whole-world shift (in px) each item was last drawn with, for hit testing what is seen. */
  private markerShift = new Float64Array(0);
  private legShift = new Float64Array(0);

  setStyle(style: DrawStyle): void {
    this.style = style;
    this.requestDraw();
  }

  setMarkers(markers: DrawMarker[]): void {
    this.markers = markers;
    this.markerScale = 0;
    this.requestDraw();
  }

  setLegs(legs: DrawLeg[], selected: number | null): void {
    this.legs = legs;
    this.legById = new Map(legs.map((l, i) => [l.id, i]));
    this.selectedLeg = selected;
    this.legScale = 0;
    this.requestDraw();
  }

  /** Restyles the legs (selection, dimming) without re-projecting them. */
  restyleLegs(style: (id: number) => Pick<DrawLeg, 'color' | 'width' | 'alpha'>, selected: number | null): void {
    for (const leg of this.legs) Object.assign(leg, style(leg.id));
    this.selectedLeg = selected;
    this.requestDraw();
  }

  /** Longitudes of a leg as last drawn (its copy of the world included), or null. */
  drawnLons(id: number): number[] | null {
    const i = this.legById.get(id);
    if (i === undefined) return null;
    const turns = this.legScale ? Math.round(this.legShift[i]! / this.legScale) : 0;
    return this.legs[i]!.points.map((p) => p[1] + 360 * turns);
  }

  // --- Drawing ----------------------------------------------------------------------------

  private project(scale: number): void {
    if (this.markerScale !== scale) {
      this.markerScale = scale;
      const n = this.markers.length;
      this.markerX = new Float64Array(n);
      this.markerY = new Float64Array(n);
      this.markerShift = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const m = this.markers[i]!;
        this.markerX[i] = projectX(m.lon, scale);
        this.markerY[i] = projectY(m.lat, scale);
      }
    }
    if (this.legScale === scale) return;
    this.legScale = scale;
    this.legShift = new Float64Array(this.legs.length);
    this.legProj = this.legs.map((leg) => {
      const k = leg.points.length;
      const xs = new Float64Array(k);
      const ys = new Float64Array(k);
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      for (let j = 0; j < k; j++) {
        const [lat, lon] = leg.points[j]!;
        const x = projectX(lon, scale);
        const y = projectY(lat, scale);
        xs[j] = x;
        ys[j] = y;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      return { xs, ys, minX, maxX, minY, maxY, midX: xs[Math.floor(k / 2)] ?? 0 };
    });
  }

  protected paint(ctx: CanvasRenderingContext2D, view: View): void {
    this.project(view.scale);
    this.drawLegs(ctx, view);
    this.drawMarkers(ctx, view);
  }

  private drawLegs(ctx: CanvasRenderingContext2D, { scale: world, centerX, ox, oy, width, height }: View): void {
    // Group by style so each group is one path: one stroke and one fill per style, not per leg.
    const groups = new Map<string, number[]>();
    let selected = -1;
    for (let i = 0; i < this.legs.length; i++) {
      const p = this.legProj[i]!;
      const shift = world * Math.round((centerX - p.midX) / world);
      this.legShift[i] = shift;
      if (p.maxX + shift - ox < 0 || p.minX + shift - ox > width || p.maxY - oy < 0 || p.minY - oy > height) continue;
      const leg = this.legs[i]!;
      if (leg.id === this.selectedLeg) {
        selected = i;
        continue;
      }
      const key = `${leg.color}|${leg.width}|${leg.alpha}`;
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    }
    // Thin before thick, so the impossible legs (thickest) lie on top.
    const ordered = [...groups.values()].sort((a, c) => this.legs[a[0]!]!.width - this.legs[c[0]!]!.width);
    if (selected >= 0) ordered.push([selected]);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const members of ordered) {
      const first = this.legs[members[0]!]!;
      if (members[0] === selected) {
        // A halo under the selected leg, so it reads above everything else.
        ctx.globalAlpha = 0.9;
        ctx.strokeStyle = this.style.halo;
        ctx.lineWidth = first.width + 4;
        ctx.beginPath();
        this.tracePaths(ctx, members, ox, oy);
        ctx.stroke();
      }
      ctx.globalAlpha = first.alpha;
      ctx.strokeStyle = first.color;
      ctx.fillStyle = first.color;
      ctx.lineWidth = first.width;
      ctx.beginPath();
      this.tracePaths(ctx, members, ox, oy);
      ctx.stroke();
      ctx.beginPath();
      for (const i of members) this.traceEnds(ctx, i, ox, oy, first.width);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  private tracePaths(ctx: CanvasRenderingContext2D, members: number[], ox: number, oy: number): void {
    for (const i of members) {
      const { xs, ys } = this.legProj[i]!;
      const dx = this.legShift[i]! - ox;
      ctx.moveTo(xs[0]! + dx, ys[0]! - oy);
      let lastX = xs[0]!;
      let lastY = ys[0]!;
      for (let j = 1; j < xs.length; j++) {
        const x = xs[j]!;
        const y = ys[j]!;
        // Points closer than half a pixel to the last drawn one add nothing.
        if (j < xs.length - 1 && Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) continue;
        ctx.lineTo(x + dx, y - oy);
        lastX = x;
        lastY = y;
      }
    }
  }

  /** The start dot and the arrowhead at the end, into the current path. */
  private traceEnds(ctx: CanvasRenderingContext2D, i: number, ox: number, oy: number, weight: number): void {
    const { xs, ys } = this.legProj[i]!;
    const dx = this.legShift[i]! - ox;
    const n = xs.length;
    const sx = xs[0]! + dx;
    const sy = ys[0]! - oy;
    ctx.moveTo(sx + weight + 1, sy);
    ctx.arc(sx, sy, weight + 1, 0, Math.PI * 2);
    const tx = xs[n - 1]! + dx;
    const ty = ys[n - 1]! - oy;
    let j = n - 2;
    while (j > 0 && Math.hypot(xs[j]! + dx - tx, ys[j]! - oy - ty) < 8) j--;
    const bx = xs[Math.max(0, j)]! + dx;
    const by = ys[Math.max(0, j)]! - oy;
    if (bx === tx && by === ty) return;
    const angle = Math.atan2(ty - by, tx - bx);
    const size = 7 + weight * 1.5;
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - size * Math.cos(angle - 0.42), ty - size * Math.sin(angle - 0.42));
    ctx.lineTo(tx - size * Math.cos(angle + 0.42), ty - size * Math.sin(angle + 0.42));
    // Back to the tip rather than closePath, which costs in proportion to the whole (batched) path.
    ctx.lineTo(tx, ty);
  }

  private drawMarkers(ctx: CanvasRenderingContext2D, { scale: world, centerX, ox, oy, width, height }: View): void {
    const s = this.style;
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    // The caller orders markers big to small, so a small one is never hidden under a big one.
    for (let i = 0; i < this.markers.length; i++) {
      const m = this.markers[i]!;
      const shift = world * Math.round((centerX - this.markerX[i]!) / world);
      this.markerShift[i] = shift;
      const x = this.markerX[i]! + shift - ox;
      const y = this.markerY[i]! - oy;
      const r = m.radius;
      if (x + r < 0 || x - r > width || y + r < 0 || y - r > height) continue;
      ctx.globalAlpha = 0.88;
      if (m.wedges.length === 1) {
        ctx.beginPath();
        ctx.arc(x, y, r, 0, Math.PI * 2);
        ctx.fillStyle = m.wedges[0]!.color;
        ctx.fill();
      } else {
        let start = -Math.PI / 2;
        for (const w of m.wedges) {
          const end = start + w.fraction * Math.PI * 2;
          ctx.beginPath();
          ctx.moveTo(x, y);
          ctx.arc(x, y, r, start, end);
          ctx.closePath();
          ctx.fillStyle = w.color;
          ctx.fill();
          start = end;
        }
      }
      ctx.globalAlpha = 1;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.lineWidth = m.selected ? 3 : 1.2;
      ctx.strokeStyle = m.selected ? s.selectedOutline : s.outline;
      ctx.stroke();
      if (m.label) {
        ctx.lineWidth = 3;
        ctx.strokeStyle = s.halo;
        ctx.strokeText(m.label, x, y);
        ctx.fillStyle = s.label;
        ctx.fillText(m.label, x, y);
      }
    }
  }

  // --- Hit testing ------------------------------------------------------------------------

  /** The marker (topmost) or else the leg under a layer point, as drawn last. */
  hitTest(layerPoint: L.Point, tolerance = 4): Hit {
    const at = this.projected(layerPoint);
    if (!at || this.markerScale !== this.view?.scale || this.legScale !== this.view.scale) return null;
    const { x: px, y: py } = at;
    for (let i = this.markers.length - 1; i >= 0; i--) {
      const dx = this.markerX[i]! + this.markerShift[i]! - px;
      const dy = this.markerY[i]! - py;
      const r = this.markers[i]!.radius + 1;
      if (dx * dx + dy * dy <= r * r) return { kind: 'marker', index: i };
    }
    let best: { id: number; d: number } | null = null;
    for (let i = 0; i < this.legs.length; i++) {
      const p = this.legProj[i]!;
      const shift = this.legShift[i]!;
      const tol = tolerance + this.legs[i]!.width / 2;
      if (px < p.minX + shift - tol || px > p.maxX + shift + tol || py < p.minY - tol || py > p.maxY + tol) continue;
      for (let j = 1; j < p.xs.length; j++) {
        const d = segmentDistance(px, py, p.xs[j - 1]! + shift, p.ys[j - 1]!, p.xs[j]! + shift, p.ys[j]!);
        if (d <= tol && (!best || d < best.d)) best = { id: this.legs[i]!.id, d };
      }
    }
    return best ? { kind: 'leg', id: best.id } : null;
  }
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
