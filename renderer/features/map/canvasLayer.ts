// A Leaflet layer that is one canvas we paint ourselves. It is a Leaflet Renderer, so Leaflet
// positions it, pads it around the view and scales it during zoom animations; subclasses paint
// with points they project once per zoom level into typed arrays (projectX / projectY below match
// Leaflet's EPSG:3857 exactly). Pointer events go to the map; subclasses hit-test themselves.
import L from 'leaflet';

const MAX_LAT = 85.0511287798;
const D2R = Math.PI / 180;

/** Leaflet's EPSG:3857 pixel x at a zoom's scale (256 · 2^zoom), without allocating points. */
export function projectX(lon: number, scale: number): number {
  return scale * (0.5 + lon / 360);
}

/** Leaflet's EPSG:3857 pixel y at a zoom's scale, latitudes clamped as Leaflet clamps them. */
export function projectY(lat: number, scale: number): number {
  const s = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * D2R);
  return scale * (0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI);
}

/**
 * Where the canvas is: a projected pixel (x, y) at `scale` is drawn at (x - ox, y - oy); the canvas
 * is width × height CSS pixels; `centerX` is the view's centre, for drawing each item at the copy
 * of the world nearest it (shift = scale · round((centerX - x) / scale)).
 */
export type View = { scale: number; ox: number; oy: number; width: number; height: number; centerX: number };

// The parts of Leaflet's Renderer this class builds on (Leaflet 1.x).
type RendererInternals = {
  _map: L.Map | undefined;
  _container: HTMLCanvasElement;
  _bounds: L.Bounds | undefined;
  _update(): void;
};

export abstract class CanvasLayer extends L.Renderer {
  private frame = 0;
  private ctx: CanvasRenderingContext2D | null = null;
  /** The view of the last paint (for hit tests), or null before the first. */
  protected view: View | null = null;

  constructor(options: { pane?: string; padding?: number } = {}) {
    super({ padding: 0.3, ...options });
  }

  protected get internals(): RendererInternals {
    return this as unknown as RendererInternals;
  }

  protected abstract paint(ctx: CanvasRenderingContext2D, view: View): void;

  /** Paints on the next animation frame (several changes in one frame paint once). */
  requestDraw(): void {
    if (this.frame || !this.internals._map) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  // --- Leaflet Renderer hooks -------------------------------------------------------------

  _initContainer(): void {
    const canvas = document.createElement('canvas');
    canvas.style.pointerEvents = 'none';
    this.internals._container = canvas;
    this.ctx = canvas.getContext('2d');
  }

  _destroyContainer(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.internals._container.remove();
    this.ctx = null;
  }

  _update(): void {
    const map = this.internals._map;
    if (!map || ((map as unknown as { _animatingZoom: boolean })._animatingZoom && this.internals._bounds)) return;
    (L.Renderer.prototype as unknown as RendererInternals)._update.call(this);
    const b = this.internals._bounds!;
    const canvas = this.internals._container;
    const size = b.getSize();
    const ratio = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(canvas, b.min!);
    canvas.width = Math.round(size.x * ratio);
    canvas.height = Math.round(size.y * ratio);
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    this.draw();
  }

  private draw(): void {
    const map = this.internals._map;
    const ctx = this.ctx;
    const b = this.internals._bounds;
    if (!map || !ctx || !b) return;
    const canvas = this.internals._container;
    const size = b.getSize();
    const ratio = canvas.width / Math.max(1, size.x);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const scale = 256 * 2 ** map.getZoom();
    const origin = map.getPixelOrigin();
    this.view = { scale, ox: origin.x + b.min!.x, oy: origin.y + b.min!.y, width: size.x, height: size.y, centerX: projectX(map.getCenter().lng, scale) };
    this.paint(ctx, this.view);
  }

  /** A layer point (of a map mouse event) as a projected pixel at the last paint's scale. */
  protected projected(layerPoint: L.Point): { x: number; y: number } | null {
    const map = this.internals._map;
    if (!map || !this.view) return null;
    const origin = map.getPixelOrigin();
    return { x: layerPoint.x + origin.x, y: layerPoint.y + origin.y };
  }
}
