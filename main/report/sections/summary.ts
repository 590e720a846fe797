// The executive summary: the time span, counts, the users and IPs involved, the key findings, and
// the timeline of the whole case.
import type { ReportData } from '../gather';
import { html, join, type Html } from '../html';
import { timelineSvg } from '../timeline-svg';
import { inZone, n, plural, table, utc } from './common';

const TYPE_WORDS: Record<string, string> = { interactiveUser: 'interactive', nonInteractiveUser: 'non-interactive', servicePrincipal: 'service principal', managedIdentity: 'managed identity', unknown: 'unknown type' };
const TRIAGE_WORDS: Record<string, string> = { open: 'open', confirmed: 'confirmed', false_positive: 'false positive', needs_review: 'needs review' };
const SEVERITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

export function executiveSummary(d: ReportData): Html {
  const o = d.overview;
  const zone = d.details.timeZone;
  const bySeverity = (s: string) => d.findings.filter((f) => f.severity === s).length;
  const triage = Object.keys(TRIAGE_WORDS).map((t) => [t, d.findings.filter((f) => f.triage === t).length] as const);
  // Key findings: confirmed first, then by severity; false positives are not key.
  const key = d.findings
    .filter((f) => f.triage !== 'false_positive')
    .sort((a, b) => Number(b.triage === 'confirmed') - Number(a.triage === 'confirmed') || SEVERITY_RANK[a.severity]! - SEVERITY_RANK[b.severity]! || a.start.localeCompare(b.start))
    .slice(0, 10);
  return html`<section class="major" id="summary">
<h2>Executive summary</h2>
${d.detections.ranNow ? html`<p class="notice">Detections had never been run on this case, so this report ran them first (every detection, with this case's parameters) before it was written.</p>` : ''}
${!d.detections.ranNow && d.detections.run === null ? html`<p class="notice">Detections have not been run on this case yet: the written report runs them first.</p>` : ''}
<p>The case holds <strong>${plural(o.total, 'sign-in')}</strong>${o.first ? html` from <strong>${utc(o.first)}</strong> to <strong>${utc(o.last)}</strong>` : ''}${zone && o.first ? html` (${inZone(o.first, zone)} to ${inZone(o.last, zone)})` : ''}, by ${plural(o.users, 'user')} from ${plural(o.ips, 'IP address', 'IP addresses')}, read from ${plural(d.evidence.rows.length, 'evidence file')}.</p>
<div class="stats">
<div><div class="stat">${n(o.byStatus['success'] ?? 0)}</div>successful</div>
<div><div class="stat">${n(o.byStatus['failure'] ?? 0)}</div>failed</div>
<div><div class="stat">${n(o.byStatus['interrupted'] ?? 0)}</div>interrupted</div>
<div><div class="stat">${n(d.findings.length)}</div>findings (${n(bySeverity('high'))} high, ${n(bySeverity('medium'))} medium, ${n(bySeverity('low'))} low)</div>
</div>
<p>By type: ${join(Object.entries(o.byType).sort((a, b) => b[1] - a[1]).map(([t, c], i) => html`${i ? ', ' : ''}${n(c)} ${TYPE_WORDS[t] ?? t}`))}. Triage: ${join(triage.map(([t, c], i) => html`${i ? ', ' : ''}${n(c)} ${TRIAGE_WORDS[t]}`))}.</p>
<h3>Key findings</h3>
${key.length ? table([{ label: 'Severity', nowrap: true }, 'Finding', { label: 'Triage', nowrap: true }, { label: 'From', nowrap: true }, { label: 'To', nowrap: true }], key.map((f) => [html`<span class="badge ${f.severity}">${f.severity}</span>`, f.title, TRIAGE_WORDS[f.triage] ?? f.triage, utc(f.start), utc(f.end)])) : html`<p>No findings${d.findings.length ? ' other than false positives' : ''}.</p>`}
<div class="grid2">
<div><h3>Users involved in findings</h3>${d.involved.users.length ? table(['User', { label: 'Findings', num: true }], d.involved.users.slice(0, 25).map((u) => [u.value, n(u.findings)])) : html`<p class="muted">None.</p>`}
${d.involved.users.length > 25 ? html`<p class="muted small">and ${n(d.involved.users.length - 25)} more (see Findings).</p>` : ''}</div>
<div><h3>IP addresses involved in findings</h3>${d.involved.ips.length ? table(['IP address', { label: 'Findings', num: true }], d.involved.ips.slice(0, 25).map((u) => [u.value, n(u.findings)])) : html`<p class="muted">None.</p>`}
${d.involved.ips.length > 25 ? html`<p class="muted small">and ${n(d.involved.ips.length - 25)} more (see Findings).</p>` : ''}</div>
</div>
<h3>Timeline</h3>
${timelineSvg(d.timeline)}
<p class="muted small">Sign-ins per ${'time bucket'} stacked by status; below, each finding's time span (red high, orange medium, grey low) and each tagged or bookmarked sign-in.</p>
</section>`;
}
