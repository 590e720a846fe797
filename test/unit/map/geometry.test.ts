// The map's pure geometry: arcs that cross the antimeridian the short way, the longitude span that
// fits a Pacific case, and the basemap rings that would otherwise stripe across the world.
import fs from 'node:fs';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { arcPoints, coveringLonRange, fixGeometry, fixRing, lonExtent, unwrapLons, wrapNear, type LatLon } from '../../../renderer/features/map/geometry';

const TOKYO: LatLon = [35.6762, 139.6503];
const HONOLULU: LatLon = [21.3069, -157.8583];
const LONDON: LatLon = [51.5072, -0.1276];
const NEW_YORK: LatLon = [40.7128, -74.006];

const maxStep = (pts: LatLon[]) => Math.max(...pts.slice(1).map((p, i) => Math.abs(p[1] - pts[i]![1])));

describe('wrapNear and unwrapLons', () => {
  it('moves a longitude to the copy nearest another', () => {
    expect(wrapNear(-157.86, 139.65)).toBeCloseTo(202.14, 2);
    expect(wrapNear(170, -170)).toBeCloseTo(-190, 6);
    expect(wrapNear(10, 0)).toBe(10);
    expect(wrapNear(350, 0)).toBeCloseTo(-10, 6);
  });

  it('keeps each point within 180° of the one before', () => {
    const out = unwrapLons([
      [0, 170],
      [0, 179],
      [0, -179],
      [0, -170],
    ]);
    expect(out.map((p) => p[1])).toEqual([170, 179, 181, 190]);
  });
});

describe('arcPoints', () => {
  it('draws Tokyo -> Honolulu eastwards across the date line, not back across the world', () => {
    const pts = arcPoints(TOKYO, HONOLULU);
    expect(pts[0]![1]).toBeCloseTo(139.6503, 3);
    expect(pts.at(-1)![1]).toBeCloseTo(360 - 157.8583, 3);
    expect(maxStep(pts)).toBeLessThan(10);
    // Monotonic eastwards and past 180.
    for (let i = 1; i < pts.length; i++) expect(pts[i]![1]).toBeGreaterThan(pts[i - 1]![1]);
    // A great circle: it bows towards the pole (above the straight rhumb line) in the middle.
    const mid = pts[Math.floor(pts.length / 2)]!;
    expect(mid[0]).toBeGreaterThan((TOKYO[0] + HONOLULU[0]) / 2);
  });

  it('draws Honolulu -> Tokyo westwards, shifted so the arc sits over the Pacific between -180 and 180', () => {
    const pts = arcPoints(HONOLULU, TOKYO);
    const mid = pts[Math.floor(pts.length / 2)]![1];
    expect(mid).toBeGreaterThanOrEqual(-180);
    expect(mid).toBeLessThanOrEqual(180);
    expect(pts[0]![1] - pts.at(-1)![1]).toBeCloseTo(360 - 139.6503 - 157.8583, 3);
    expect(maxStep(pts)).toBeLessThan(10);
  });

  it('uses the backend path when given, unwrapped, its middle kept within -180..180', () => {
    const given: LatLon[] = [
      [35, 170],
      [33, 179],
      [31, -178],
      [29, -170],
    ];
    expect(arcPoints([35, 170], [29, -170], given).map((p) => p[1])).toEqual([-190, -181, -178, -170]);
  });

  it('leaves an ordinary leg alone', () => {
    const pts = arcPoints(NEW_YORK, LONDON);
    expect(pts[0]![1]).toBeCloseTo(-74.006, 3);
    expect(pts.at(-1)![1]).toBeCloseTo(-0.1276, 3);
    expect(Math.max(...pts.map((p) => p[0]))).toBeGreaterThan(51.5);
  });
});

describe('coveringLonRange', () => {
  it('spans the Pacific for Tokyo and Honolulu', () => {
    const [west, east] = coveringLonRange([139.65, -157.86])!;
    expect(west).toBeCloseTo(139.65, 2);
    expect(east).toBeCloseTo(202.14, 2);
  });

  it('spans the Atlantic for New York and London, and one point is a point', () => {
    const [w, e] = coveringLonRange([-74, -0.13])!;
    expect(w).toBeCloseTo(-74, 9);
    expect(e).toBeCloseTo(-0.13, 9);
    expect(coveringLonRange([12])).toEqual([12, 12]);
    expect(coveringLonRange([])).toBeNull();
  });

  it('keeps the widest gap out when points are all round the world', () => {
    const [west, east] = coveringLonRange([-120, -70, 0, 30, 100, 150])!;
    // Widest gap is 150 -> 240 (-120): 90°.
    expect(west).toBeCloseTo(-120, 9);
    expect(east).toBeCloseTo(150, 9);
    // Everywhere: the whole world.
    const all = coveringLonRange(Array.from({ length: 360 }, (_, i) => i - 179.5))!;
    expect(all[1] - all[0]).toBeCloseTo(359, 6);
  });

  it('takes a typed array of many arc points', () => {
    const lons = Float64Array.from({ length: 500_000 }, (_, i) => ((i * 7.31) % 300) - 150);
    const [west, east] = coveringLonRange(lons)!;
    expect(west).toBeCloseTo(-150, 1);
    expect(east).toBeCloseTo(150, 1);
  });
});

describe('fixRing', () => {
  it('unwraps an island astride 180° past +180 instead of letting it stripe across the map', () => {
    const ring = [
      [179, -16],
      [-179.5, -16],
      [-179.5, -17],
      [179, -17],
      [179, -16],
    ];
    expect(fixRing(ring).map((p) => p[0])).toEqual([179, 180.5, 180.5, 179, 179]);
    // Starting on the other side makes no difference.
    expect(fixRing([ring[1]!, ring[2]!, ring[3]!, ring[0]!, ring[1]!]).map((p) => p[0])).toEqual([180.5, 180.5, 179, 179, 180.5]);
  });

  it('closes a ring around the pole along the pole', () => {
    const ring = [
      [-180, -84],
      [0, -70],
      [180, -84],
      [-180, -84],
    ];
    const fixed = fixRing(ring);
    expect(fixed).toEqual([
      [-180, -84],
      [0, -70],
      [180, -84],
      [180, -90],
      [-180, -90],
      [-180, -84],
    ]);
  });

  it('leaves every ring of the bundled basemap free of jumps across the map (Russia, Fiji, Antarctica)', () => {
    const file = path.resolve(import.meta.dirname, '../../../node_modules/world-atlas/countries-50m.json');
    const topo = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topo, topo.objects.countries) as FeatureCollection;
    let checked = 0;
    for (const f of countries.features) {
      const g = f.geometry as Polygon | MultiPolygon;
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
      const fixed = fixGeometry(g);
      const polys = fixed.type === 'Polygon' ? [fixed.coordinates] : fixed.coordinates;
      for (const ring of polys.flat()) {
        for (let i = 1; i < ring.length; i++) {
          const step = Math.abs(ring[i]![0]! - ring[i - 1]![0]!);
          // Only the pole closure of Antarctica may run the width of the map, and only along the pole.
          if (step > 180) expect(Math.abs(ring[i]![1]!), String(f.properties?.['name'])).toBe(90);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const russia = countries.features.find((f) => f.properties?.['name'] === 'Russia')!;
    const [west, east] = lonExtent(fixGeometry(russia.geometry as MultiPolygon));
    // Chukotka runs on past the antimeridian in one piece: the country spans less than a turn, but crosses 180°.
    expect(west).toBeGreaterThan(-180);
    expect(east).toBeGreaterThan(180);
    expect(east - west).toBeLessThan(360);
  });

  it('shifts a whole geometry by a turn for the neighbouring copy of the world', () => {
    const square: Polygon = { type: 'Polygon', coordinates: [[[-10, 0], [10, 0], [10, 10], [-10, 10], [-10, 0]]] };
    expect(lonExtent(fixGeometry(square, 360))).toEqual([350, 370]);
  });
});
