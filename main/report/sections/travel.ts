// The travel map (static SVG on the bundled basemap) and the fastest legs with their reasons.
import { CAPS, type ReportData } from '../gather';
import { html, type Html } from '../html';
import { staticMapSvg } from '../static-map';
import { n, table, utc } from './common';

export function travelSection(d: ReportData): Html {
  const m = d.map;
  const t = m.thresholds;
  const shown = m.listed.slice(0, CAPS.legs);
  return html`<section class="major" id="travel">
<h2>Locations and travel</h2>
<p>${n(m.located)} successful interactive sign-ins are located; the map's circles are where they were (green) and where failed sign-ins of any type were (red), sized by count. A leg joins a user's consecutive located sign-ins from different IP addresses; it is <strong>impossible</strong> when, after taking both locations' uncertainty off, it covers at least ${n(t.minKm)} km at ${n(t.impossibleKmh)} km/h or more, and <strong>fast</strong> from ${n(t.fastKmh)} km/h. ${n(m.legsTotal)} legs are fast or impossible${m.legsTotal > m.drawn.length ? ` (the ${n(m.drawn.length)} fastest are drawn)` : ''}.</p>
${staticMapSvg({ places: m.places, legs: m.drawn })}
${shown.length ? html`<h3>Fastest legs</h3>${table(['User', { label: 'From (UTC)', nowrap: true }, { label: 'To (UTC)', nowrap: true }, { label: 'km', num: true }, { label: 'km/h', num: true }, 'Verdict'], shown.map((l) => [l.user, `${utc(l.from.time)} ${l.from.ip ?? ''}`, `${utc(l.to.time)} ${l.to.ip ?? ''}`, n(Math.round(l.km)), n(Math.round(l.kmh)), l.reason]))}` : html`<p>No fast or impossible travel.</p>`}
${m.legsTotal > shown.length ? html`<p class="muted small">The ${n(shown.length)} fastest of ${n(m.legsTotal)} legs are listed.</p>` : ''}
</section>`;
}
