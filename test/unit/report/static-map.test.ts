// The report's static map: the bundled basemap projected on the sphere (d3-geo), so countries that
// cross the antimeridian (Russia, Fiji, Antarctica) are cut there instead of drawn as stripes across
// the map; legs and places as SVG with their text escaped.
import { geoEquirectangular, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { basemapPath, MAP_WIDTH, staticMapSvg } from '../../../main/report/static-map';

/** The widest horizontal jump between consecutive points of any subpath of an SVG path (M/L/Z only). */
function widestJump(d: string): number {
  let widest = 0;
  for (const sub of d.split('M').filter(Boolean)) {
    const xs = sub.replace(/Z/g, '').split('L').map((p) => Number(p.split(',')[0]));
    for (let i = 1; i < xs.length; i++) widest = Math.max(widest, Math.abs(xs[i]! - xs[i - 1]!));
  }
  return widest;
}

describe('static map', () => {
  it('draws no country as a stripe across the map', () => {
    expect(basemapPath().length).toBeGreaterThan(10_000);
    // (Long edges remain where a polygon follows the map edge, e.g. Antarctica at the bottom: well under half the width.)
    expect(widestJump(basemapPath())).toBeLessThan(MAP_WIDTH / 2);
  });

  it('(the check above catches stripes: a planar drawing of the raw coordinates has them)', () => {
    const topo = atlas as unknown as Topology;
    const countries = feature(topo, topo.objects['countries']!) as unknown as FeatureCollection<Geometry>;
    const russia = countries.features.find((f) => f.properties?.['name'] === 'Russia')!;
    // Unprojected, no clipping: each ring's longitudes joined straight across the plane.
    const rings = (russia.geometry as { coordinates: number[][][][] }).coordinates.flat();
    const planar = rings.map((r) => 'M' + r.map(([lon]) => `${((lon! + 180) / 360) * MAP_WIDTH},0`).join('L')).join('');
    expect(widestJump(planar)).toBeGreaterThan(MAP_WIDTH / 2);
    // ...and a projected Russia does not.
    expect(widestJump(geoPath(geoEquirectangular().fitWidth(MAP_WIDTH, { type: 'Sphere' }))(russia) ?? '')).toBeLessThan(MAP_WIDTH / 2);
  });

  it('draws places and legs, with their text escaped', () => {
    const svg = staticMapSvg({
      places: [{ lat: 52.52, lon: 13.4, count: 10, failure: 3, place: '<script>Berlin</script>' }],
      legs: [{ user: 'a"b@x', from: { ms: 0, ip: '1.2.3.4', lat: 52.5, lon: 13.4 }, to: { ms: 60_000, ip: '5.6.7.8', lat: 35.7, lon: 139.7 }, km: 8900, adjustedKmh: 534_000, speedClass: 'impossible' }],
    }).markup;
    expect(svg.match(/<circle/g)).toHaveLength(2 + 2); // success and failure circles, plus the legend's two
    expect(svg).toContain('&lt;script&gt;Berlin&lt;/script&gt;: 10 successful interactive sign-ins, 3 failed sign-ins');
    expect(svg).toContain('a&quot;b@x: 1.2.3.4 -&gt; 5.6.7.8');
    expect(svg).not.toContain('<script');
  });
});
