// The bundled basemap: Natural Earth 1:50m countries from the world-atlas package (TopoJSON, ISC;
// the Natural Earth data is public domain), painted on its own canvas. No tile server: the data is
// part of the app bundle, loaded on first use of the map. Rings astride the antimeridian are fixed
// (geometry.ts), and the world is painted again either side of it when the view reaches there, so
// travel arcs that run past 180° still have land under them. All land is one path: one fill and
// one stroke per copy of the world, with points projected once per zoom level.
import { feature } from 'topojson-client';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { CanvasLayer, projectX, projectY, type View } from './canvasLayer';
import { fixGeometry } from './geometry';

/** How far east and west of Greenwich the map may pan: to the far edges of the copies either side. */
export const WORLD_LON_LIMIT = 540;

/** Every ring of every country as [lon, lat, lon, lat, ...], fixed at the antimeridian. */
export type World = Float64Array[];

let cached: Promise<World> | null = null;

export function loadWorld(): Promise<World> {
  cached ??= import('world-atlas/countries-50m.json').then((m) => {
    const topo = (m.default ?? m) as unknown as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topo, topo.objects.countries) as FeatureCollection;
    const rings: World = [];
    for (const f of countries.features) {
      const g = f.geometry;
      if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') continue;
      const fixed = fixGeometry<Polygon | MultiPolygon>(g);
      const polygons = fixed.type === 'Polygon' ? [fixed.coordinates] : fixed.coordinates;
      for (const ring of polygons.flat()) rings.push(Float64Array.from(ring.flatMap((p) => [p[0]!, p[1]!])));
    }
    return rings;
  });
  return cached;
}

type Projected = { xs: Float64Array; ys: Float64Array; minX: number; maxX: number; minY: number; maxY: number };

export class BasemapLayer extends CanvasLayer {
  private world: World = [];
  private colours = { land: '#eee', border: '#aaa' };
  private scale = 0;
  private rings: Projected[] = [];

  constructor(pane: string) {
    super({ pane, padding: 0.3 });
  }

  setWorld(world: World): void {
    this.world = world;
    this.scale = 0;
    this.requestDraw();
  }

  setColours(colours: { land: string; border: string }): void {
    this.colours = colours;
    this.requestDraw();
  }

  private project(scale: number): void {
    if (this.scale === scale) return;
    this.scale = scale;
    this.rings = this.world.map((ring) => {
      const n = ring.length / 2;
      const xs = new Float64Array(n);
      const ys = new Float64Array(n);
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = projectX(ring[2 * i]!, scale);
        const y = projectY(ring[2 * i + 1]!, scale);
        xs[i] = x;
        ys[i] = y;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      return { xs, ys, minX, maxX, minY, maxY };
    });
  }

  protected paint(ctx: CanvasRenderingContext2D, view: View): void {
    if (!this.world.length) return;
    this.project(view.scale);
    const { scale, ox, oy, width, height } = view;
    ctx.beginPath();
    // This world and its neighbours east and west, where the view reaches them.
    for (const turn of [-1, 0, 1]) {
      const dx = turn * scale - ox;
      for (const r of this.rings) {
        if (r.maxX + dx < 0 || r.minX + dx > width || r.maxY - oy < 0 || r.minY - oy > height) continue;
        const { xs, ys } = r;
        ctx.moveTo(xs[0]! + dx, ys[0]! - oy);
        let lx = xs[0]!;
        let ly = ys[0]!;
        for (let i = 1; i < xs.length; i++) {
          // Points within half a pixel of the last one drawn add nothing at this zoom.
          if (Math.abs(xs[i]! - lx) < 0.5 && Math.abs(ys[i]! - ly) < 0.5) continue;
          lx = xs[i]!;
          ly = ys[i]!;
          ctx.lineTo(lx + dx, ly - oy);
        }
        // No closePath: GeoJSON rings end where they start, fill closes each one, and closePath on
        // a path of thousands of rings costs time in proportion to the whole path each call.
        ctx.lineTo(xs[xs.length - 1]! + dx, ys[ys.length - 1]! - oy);
      }
    }
    ctx.fillStyle = this.colours.land;
    ctx.fill('evenodd');
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = this.colours.border;
    ctx.stroke();
  }
}
