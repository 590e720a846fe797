// The cover: what the case is, who worked it, when this report was made and from what.
import type { ReportData } from '../gather';
import { html, type Html } from '../html';
import { facts, utc } from './common';

export function cover(d: ReportData): Html {
  const c = d.details;
  return html`<section class="cover">
<div class="kind">Investigation report${d.template === 'summary' ? ' (summary)' : ''}</div>
<h1>${c.name || d.caseFile}</h1>
${facts([
  ['Case number', c.number],
  ['Client / tenant', c.client],
  ['Analyst', c.analyst],
  ['Time zone', c.timeZone ? `${c.timeZone} (times in this report are UTC unless marked)` : 'UTC'],
  ['Case file', d.caseFile],
  ['Report made', utc(d.generatedAt)],
  ['Tool', `Sightline ${d.version}`],
])}
${c.description ? html`<div class="desc">${c.description}</div>` : ''}
</section>`;
}
