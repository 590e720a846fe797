// Findings with their explanations, triage and notes. The most important (confirmed or needing review
// first, then by severity) are set out one by one with their first evidence sign-ins; the rest are one
// table row each, title and explanation included, so a case with hundreds of findings stays readable
// (and printable in seconds). Every evidence sign-in of every finding is in the companion CSV.
import type { ParamValue } from '../../../preload/contract';
import { CAPS, type ReportData, type ReportFinding } from '../gather';
import { html, join, type Html } from '../html';
import { capped, facts, n, table, utc } from './common';
import { signInTable } from './signins';

const TRIAGE_WORDS: Record<string, string> = { open: 'open (not yet triaged)', confirmed: 'confirmed', false_positive: 'false positive', needs_review: 'needs review' };

export const paramText = (v: ParamValue) => (Array.isArray(v) ? v.join(', ') : String(v));

function finding(f: ReportFinding, full: boolean, companion: string | null, current: Record<string, ParamValue> | undefined): Html {
  // The finding's parameters only where they differ from the detection's current ones (Methodology lists those).
  const params = Object.entries(f.params).filter(([k, v]) => !current || paramText(v) !== paramText(current[k] ?? ''));
  return html`<div class="finding ${f.severity}" id="finding-${f.id}">
<h3><span class="badge ${f.severity}">${f.severity}</span> ${f.title}</h3>
<p class="explanation">${f.explanation}</p>
${facts([
  ['Detection', `${f.detectionTitle} (${f.detection}, version ${f.detectionVersion})`],
  ['ATT&CK', f.attack.join(', ')],
  ['Time', `${utc(f.start)} to ${utc(f.end)}`],
  ['Users', f.users.join(', ')],
  ['IP addresses', f.ips.join(', ')],
  ['Sign-ins', n(f.signInCount)],
  ['Triage', `${TRIAGE_WORDS[f.triage] ?? f.triage}${f.triagedBy ? ` by ${f.triagedBy}` : ''}${f.triagedAt ? ` at ${utc(f.triagedAt)}` : ''}`],
  ['Triage note', f.triageNote],
  ['Tags', f.tags.join(', ')],
  ['Suppressed', f.suppressed ? 'yes: an active suppression covers this finding' : ''],
  ['Stale', f.stale ? 'the latest run of its detection no longer raised it (kept because it was triaged)' : ''],
  ['Parameters (as run)', params.length ? params.map(([k, v]) => `${k} = ${paramText(v)}`).join('; ') : ''],
  ['Finding id', html`<span class="mono">${f.id}</span>`],
])}
${f.notes.length ? html`<h4>Notes</h4>${join(f.notes.map((x) => html`<p class="note">${x.text} <span class="muted small">(${x.analyst}, ${utc(x.createdAt)})</span></p>`))}` : ''}
${full && f.signIns.length ? html`<h4>Evidence sign-ins</h4>${signInTable(f.signIns)}${capped(f.signIns.length, f.signInCount, companion)}` : ''}
</div>`;
}

const TRIAGE_RANK: Record<string, number> = { confirmed: 0, needs_review: 1, open: 2, false_positive: 3 };
const SEVERITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

/** Confirmed and needing review first, then by severity, then oldest first: the order an analyst reads them. */
export function byImportance(a: ReportFinding, b: ReportFinding): number {
  return (TRIAGE_RANK[a.triage] ?? 2) - (TRIAGE_RANK[b.triage] ?? 2) || (SEVERITY_RANK[a.severity] ?? 2) - (SEVERITY_RANK[b.severity] ?? 2) || a.start.localeCompare(b.start) || a.id.localeCompare(b.id);
}

const few = (xs: string[], max = 4) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));

function furtherTable(rows: ReportFinding[]): Html {
  return table(
    [{ label: 'Severity', nowrap: true }, 'Finding and explanation', 'Users, IP addresses', { label: 'Time (UTC)', nowrap: true }, { label: 'Triage', nowrap: true }, { label: 'Sign-ins', num: true }],
    rows.map((f) => [
      html`<span class="badge ${f.severity}">${f.severity}</span>`,
      html`<strong>${f.title}</strong><br>${f.explanation}${f.triageNote ? html`<br><em>Triage note: ${f.triageNote}</em>` : ''}`,
      html`${few(f.users)}<br>${few(f.ips)}`,
      html`${utc(f.start).slice(0, 10)}<br>${utc(f.start).slice(11)}${f.end !== f.start ? html`<br>to ${utc(f.end)}` : ''}`,
      f.triage.replace('_', ' '),
      n(f.signInCount),
    ]),
    'further',
  );
}

export function findingsSection(d: ReportData, companion: string | null): Html {
  const full = d.template === 'full';
  const ordered = [...d.findings].sort(byImportance);
  const detailed = ordered.slice(0, full ? CAPS.detailedFindings : CAPS.detailedFindingsSummary);
  const further = ordered.slice(detailed.length);
  const current = new Map(d.detections.infos.map((i) => [i.id, Object.fromEntries(i.params.map((p) => [p.name, p.value]))]));
  return html`<section class="major" id="findings">
<h2>Findings</h2>
${d.findings.length === 0 ? html`<p>The detections raised no findings on this case.</p>` : html`<p>${n(d.findings.length)} findings. Each explanation is the detection's own sentence about the sign-ins it names. ${further.length ? `The first ${n(detailed.length)} (confirmed or needing review first, then by severity) are set out in full${full ? ` with up to ${CAPS.findingSignIns} of their evidence sign-ins` : ''}; the other ${n(further.length)} follow as a table.` : ''}${companion ? html` Every evidence sign-in of every finding is in the companion file <code>${companion}</code>.` : ''}</p>`}
${join(detailed.map((f) => finding(f, full, companion, current.get(f.detection))))}
${further.length ? html`<h3>Further findings</h3>${furtherTable(further)}` : ''}
</section>`;
}
