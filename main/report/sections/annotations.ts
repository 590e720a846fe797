// The analyst's marks: tagged, bookmarked and noted sign-ins; tags and notes on users and IPs; every note.
import type { ReportData } from '../gather';
import { html, type Html } from '../html';
import { capped, n, table, utc } from './common';
import { annotatedTable } from './signins';

export function annotationsSection(d: ReportData, companions: { annotated: string | null; notes: string | null }): Html {
  const a = d.annotated;
  return html`<section class="major" id="annotations">
<h2>Tagged sign-ins and notes</h2>
<h3>Tagged, bookmarked and noted sign-ins</h3>
${a.total === 0 ? html`<p>No sign-in is tagged, bookmarked or noted.</p>` : html`<p>${n(a.total)} sign-ins, oldest first.</p>${annotatedTable(a.rows)}${capped(a.rows.length, a.total, companions.annotated)}`}
<h3>Users and IP addresses</h3>
${d.entities.length ? table(['Kind', 'User or IP address', 'Tags', { label: 'Notes', num: true }], d.entities.map((e) => [e.targetKind === 'ip' ? 'IP address' : 'user', e.target, e.tags.join(', '), n(e.notes)])) : html`<p>No user or IP address is tagged or noted.</p>`}
<h3>Notes</h3>
${d.notes.total === 0 ? html`<p>No notes.</p>` : html`${table([{ label: 'Written (UTC)', nowrap: true }, 'By', 'On', 'Note'], d.notes.rows.map((x) => [utc(x.createdAt), x.analyst, `${x.targetKind} ${x.target}`, html`<span class="note">${x.text}</span>`]))}${capped(d.notes.rows.length, d.notes.total, companions.notes)}`}
</section>`;
}
