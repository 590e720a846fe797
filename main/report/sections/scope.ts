// The scope of the compromise, as the analyst stored it for the report (entities: `report.scope`).
import type { ReportData } from '../gather';
import { html, type Html } from '../html';
import { n, table, utc } from './common';

export function scopeSection(d: ReportData): Html | '' {
  const s = d.scope;
  if (!s) return '';
  const indicators = s.indicators ?? [];
  const accounts = s.accounts ?? [];
  return html`<section class="major" id="scope">
<h2>Scope of the compromise</h2>
<p>Every account that signed in from any of these indicators, as run by ${s.analyst ?? 'the analyst'}${s.at ? ` at ${utc(s.at)}` : ''}.</p>
${table(['Indicator', 'Value', { label: 'Sign-ins', num: true }, { label: 'Accounts', num: true }], indicators.map((i) => [i.kind, i.value, n(i.signIns ?? 0), n(i.accounts ?? 0)]))}
${accounts.length ? table(['Account', { label: 'Successes', num: true }, { label: 'Failures', num: true }, { label: 'First (UTC)', nowrap: true }, { label: 'Last (UTC)', nowrap: true }, 'Matched'], accounts.slice(0, 500).map((a) => [a.user, n(a.successes ?? 0), n(a.failures ?? 0), utc(a.first), utc(a.last), (a.matched ?? []).map((m) => `${m.kind} ${m.value}`).join(', ')])) : html`<p>No account matched.</p>`}
${accounts.length > 500 ? html`<p class="muted small">The first 500 of ${n(accounts.length)} accounts are listed.</p>` : ''}
</section>`;
}
