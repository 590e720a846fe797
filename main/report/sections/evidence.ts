// The evidence list with each SHA-256 recorded at import and the result of hashing it again now: a
// file that is missing, changed or unreadable FAILED re-verification, and the report says so plainly.
import type { Evidence, EvidenceVerification } from '../../../preload/contract';
import type { ReportData } from '../gather';
import { html, join, type Html } from '../html';
import { facts, n, utc } from './common';

const FAILURE_WORDS: Record<Exclude<EvidenceVerification['status'], 'match'>, string> = {
  mismatch: 'FAILED: the content changed since it was imported',
  missing: 'FAILED: no file at the recorded path',
  unreadable: 'FAILED: the file could not be read',
};

export function verificationWords(v: EvidenceVerification | undefined, source: string): string {
  if (!v) return 'not checked';
  if (v.status === 'match') return source === 'graph' ? 'PASSED (every stored page re-hashed)' : 'PASSED';
  return source === 'graph' && v.status === 'mismatch' ? 'FAILED: a stored page no longer matches its hash' : FAILURE_WORDS[v.status];
}

export function evidenceSection(d: ReportData): Html {
  const byId = new Map(d.evidence.verification.map((v) => [v.evidenceId, v]));
  const failed = d.evidence.verification.filter((v) => v.status !== 'match');
  const checkedAt = d.evidence.verification[0]?.checkedAt;
  return html`<section class="major" id="evidence">
<h2>Evidence and hash re-verification</h2>
<p>Each evidence file was hashed (SHA-256) when it was imported. While this report was made${checkedAt ? ` (${utc(checkedAt)})` : ''}, every file was read again from its recorded path and hashed; a Graph collection was checked against the raw pages stored in the case.
${!d.evidence.verified ? html`<strong>This preview does not hash the evidence again; the written report does.</strong>` : failed.length ? html`<strong class="fail">${n(failed.length)} of ${n(d.evidence.verification.length)} evidence items FAILED re-verification</strong>: the case's sign-ins from them can no longer be shown to match the files.` : d.evidence.verification.length ? html`<strong class="pass">All ${n(d.evidence.verification.length)} evidence items PASSED re-verification.</strong>` : 'The case holds no evidence.'}</p>
${join(d.evidence.rows.map((e) => evidenceItem(e, byId.get(e.id), d.evidence.verified)))}
</section>`;
}

/**
 * One evidence item as a list of facts rather than a table row: a SHA-256 stays on one line, and the
 * verdict is never interleaved with a neighbouring cell when the PDF is read as text.
 */
function evidenceItem(e: Evidence, v: EvidenceVerification | undefined, verified: boolean): Html {
  const ok = v?.status === 'match';
  return html`<div class="evidence-item${ok || !verified ? '' : ' failed'}">
<h3>${e.name}</h3>
${facts([
  ['Re-verification', verified ? html`<span class="${ok ? 'pass' : 'fail'}">${verificationWords(v, e.source)}</span>` : 'not in the preview'],
  ['SHA-256 at import', html`<span class="mono">${e.sha256}</span>`],
  ['SHA-256 now', !ok && v?.actual ? html`<span class="mono">${v.actual}</span>` : ''],
  ['Source', e.source === 'graph' ? 'Graph collection (pages stored in the case)' : html`<span class="mono small">${e.path}</span>`],
  ['Format', e.format],
  ['Bytes', n(e.size)],
  ['Records', `${n(e.records)}: ${n(e.inserted)} new, ${n(e.updated)} updated, ${n(e.duplicates)} duplicates, ${n(e.rejectedRows)} rejected`],
  ['Imported', utc(e.importedAt)],
])}
</div>`;
}
