// The travel map as a static SVG: the bundled basemap (world-atlas countries at 1:110m, from Natural
// Earth) projected with d3-geo, the case's located places as circles, and the notable travel legs
// (fast and impossible, from the geo module's travel legs) as great-circle arcs. d3-geo projects on
// the sphere and cuts polygons and arcs at the antimeridian, so Russia, Fiji and Antarctica do not
// smear into horizontal stripes across the map (a planar drawing of raw longitudes does).
import { geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import type { FeatureCollection, Geometry, LineString } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json' with { type: 'json' };
import type { MapPlace } from './gather';
import type { LeanLeg } from './travel';
import { html, join, type Html } from './html';

export const MAP_WIDTH = 1000;
export const MAP_HEIGHT = 500;

const COLOURS = { land: '#e3e6ea', border: '#ffffff', ocean: '#f7f9fb', ok: '#2f7d4f', fail: '#b3261e', impossible: '#b3261e', fast: '#c26a00' };

let basemap: { projection: GeoProjection; land: string } | null = null;

/** The projected basemap, computed once per process (about 30 ms). */
function base(): { projection: GeoProjection; land: string } {
  if (basemap) return basemap;
  const topo = atlas as unknown as Topology;
  const countries = feature(topo, topo.objects['countries']!) as unknown as FeatureCollection<Geometry>;
  const projection = geoNaturalEarth1().fitExtent([[4, 4], [MAP_WIDTH - 4, MAP_HEIGHT - 4]], { type: 'Sphere' });
  const path = geoPath(projection).digits(1);
  const land = countries.features.map((f) => path(f) ?? '').filter(Boolean);
  basemap = { projection, land: land.join('') };
  return basemap;
}

/** The basemap's country outlines as one SVG path `d` (exported for the stripe test). */
export function basemapPath(): string {
  return base().land;
}

export type StaticMapInput = { places: MapPlace[]; legs: LeanLeg[] };

export function staticMapSvg(input: StaticMapInput): Html {
  const { projection, land } = base();
  const path = geoPath(projection).digits(1);
  const sphere = path({ type: 'Sphere' }) ?? '';
  const max = Math.max(1, ...input.places.map((p) => Math.max(p.count, p.failure)));
  // Successes as green circles, failures as red ones on top, each sized by its own count.
  const circles = input.places.flatMap((p) => {
    const xy = projection([p.lon, p.lat]);
    if (!xy) return [];
    const title = `${p.place ?? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`}: ${p.count} successful interactive sign-ins, ${p.failure} failed sign-ins`;
    return ([[p.count, COLOURS.ok], [p.failure, COLOURS.fail]] as const)
      .filter(([n]) => n > 0)
      .map(([n, colour]) => html`<circle cx="${xy[0].toFixed(1)}" cy="${xy[1].toFixed(1)}" r="${(2 + 10 * Math.sqrt(n / max)).toFixed(1)}" fill="${colour}" fill-opacity="0.4" stroke="${colour}" stroke-width="0.6"><title>${title}</title></circle>`);
  });
  // Slowest first, so the impossible legs are drawn on top.
  const legs = [...input.legs].sort((a, b) => a.adjustedKmh - b.adjustedKmh).map((l) => {
    const line: LineString = { type: 'LineString', coordinates: [[l.from.lon, l.from.lat], [l.to.lon, l.to.lat]] };
    const colour = l.speedClass === 'impossible' ? COLOURS.impossible : COLOURS.fast;
    const title = `${l.user}: ${l.from.ip ?? 'no IP'} -> ${l.to.ip ?? 'no IP'}, ${Math.round(l.km).toLocaleString('en-US')} km at ${Math.round(l.adjustedKmh).toLocaleString('en-US')} km/h beyond the uncertainty (${l.speedClass})`;
    return html`<path d="${path(line) ?? ''}" fill="none" stroke="${colour}" stroke-width="${l.speedClass === 'impossible' ? 1.6 : 1}" stroke-opacity="0.8"><title>${title}</title></path>`;
  });
  const legend = html`<g font-size="12" font-family="sans-serif" fill="#333">
<rect x="12" y="${MAP_HEIGHT - 70}" width="250" height="60" fill="#ffffff" fill-opacity="0.85" stroke="#ccc"/>
<line x1="22" y1="${MAP_HEIGHT - 55}" x2="52" y2="${MAP_HEIGHT - 55}" stroke="${COLOURS.impossible}" stroke-width="2"/><text x="60" y="${MAP_HEIGHT - 51}">impossible travel leg</text>
<line x1="22" y1="${MAP_HEIGHT - 38}" x2="52" y2="${MAP_HEIGHT - 38}" stroke="${COLOURS.fast}" stroke-width="2"/><text x="60" y="${MAP_HEIGHT - 34}">fast travel leg (a flight or a VPN)</text>
<circle cx="30" cy="${MAP_HEIGHT - 20}" r="5" fill="${COLOURS.ok}" fill-opacity="0.5"/><circle cx="45" cy="${MAP_HEIGHT - 20}" r="5" fill="${COLOURS.fail}" fill-opacity="0.5"/><text x="60" y="${MAP_HEIGHT - 16}">successful (green) and failed (red) sign-ins</text>
</g>`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="img" aria-label="Map of sign-in locations and travel legs">
<path d="${sphere}" fill="${COLOURS.ocean}" stroke="#c8cdd3"/>
<path d="${land}" fill="${COLOURS.land}" stroke="${COLOURS.border}" stroke-width="0.5"/>
<g>${join(circles)}</g>
<g>${join(legs)}</g>
${legend}
</svg>`;
}
