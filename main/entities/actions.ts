// What an analyst does with a scope: take indicators from tags, tag the matches, keep the result for
// the report, export indicators and matches for blocking or sharing. Each is on the audit trail.
//
// The report reads the `report.scope` setting: {version: 1, at, analyst, indicators: [{kind, value,
// signIns, accounts}], accounts: [{user, kind, successes, failures, interrupted, first, last,
// matched: [{kind, value, indicator}]}]} (the same shape as `sightline scope --json`, plus who and when).
import { SightlineError, type Indicator, type ScopeResult } from '../../preload/contract';
import { addAnnotations } from '../case/annotations';
import { appendAudit, currentAnalyst } from '../case/audit';
import type { CaseDb } from '../case/db';
import { neutralise } from '../report/export';
import { hasTable } from './schema';
import { runScope, scopeJson } from './scope';

export const REPORT_SCOPE_KEY = 'report.scope';
export const ATTACKER_TAG = 'attacker-infrastructure';

/** IPs tagged attacker-infrastructure (active tags only); null when the case has no annotations table. */
export function indicatorsFromTags(db: CaseDb): Indicator[] | null {
  if (!hasTable(db, 'annotations')) return null;
  const rows = db
    .prepare("SELECT DISTINCT target FROM annotations WHERE target_kind = 'ip' AND kind = 'tag' AND value = ? AND removed_at IS NULL ORDER BY target")
    .all(ATTACKER_TAG) as { target: string }[];
  return rows.map((r) => ({ kind: 'ip' as const, value: r.target.trim() })).filter((i) => i.value);
}

/** Runs the scope and records it on the audit trail. */
export async function auditedScope(db: CaseDb, indicators: Indicator[], via: string): Promise<ScopeResult> {
  const started = Date.now();
  const result = await runScope(db, indicators);
  appendAudit(db, 'scope', { via, indicators: result.indicators.map(({ kind, value }) => ({ kind, value })), accounts: result.accounts.length, ms: Date.now() - started });
  return result;
}

/**
 * Tags every matched user account (UPN) with `tag`, and every matched IP address with
 * attacker-infrastructure. An identical active tag is not written twice. Workload identities have no
 * annotation target (user | ip | signin | finding) and are left out.
 */
export async function tagScope(db: CaseDb, indicators: Indicator[], tag: string): Promise<{ accounts: number; ips: number }> {
  if (!hasTable(db, 'annotations')) throw new SightlineError('unsupported', 'this case has no annotations yet: tagging needs the case release (0005_case)');
  const result = await runScope(db, indicators);
  const users = result.accounts.filter((a) => a.kind === 'user' && a.entity?.kind === 'user').map((a) => a.user);
  const ips = [...new Set(result.accounts.flatMap((a) => a.matched.filter((m) => m.kind === 'ip' && m.value).map((m) => m.value)))];
  // Through the annotations module, so tags are normalised and audited exactly like any other tagging.
  return db.transaction(() => {
    const accounts = users.length ? addAnnotations(db, { kind: 'tag', targetKind: 'user', targets: users, value: tag }).added : 0;
    const ipCount = ips.length ? addAnnotations(db, { kind: 'tag', targetKind: 'ip', targets: ips, value: ATTACKER_TAG }).added : 0;
    return { accounts, ips: ipCount };
  })();
}

/** Keeps the scope result for the report (the `report.scope` setting, documented above). */
export async function addScopeToReport(db: CaseDb, indicators: Indicator[]): Promise<{ key: string; accounts: number }> {
  const result = await runScope(db, indicators);
  const value = { version: 1, at: result.at, analyst: currentAnalyst(db), ...scopeJson(result) };
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(REPORT_SCOPE_KEY, JSON.stringify(value));
  appendAudit(db, 'scope', { via: 'report', indicators: result.indicators.map(({ kind, value: v }) => ({ kind, value: v })), accounts: result.accounts.length });
  return { key: REPORT_SCOPE_KEY, accounts: result.accounts.length };
}

const CSV_HEADER = ['indicator_kind', 'indicator', 'matched_kind', 'matched_value', 'user', 'account_kind', 'successes', 'failures', 'interrupted', 'first', 'last'];
const cell = (v: string | number) => `"${neutralise(String(v)).replace(/"/g, '""')}"`;

/**
 * The indicators and their matches. CSV: one row per (indicator, account, matched value), an indicator
 * that matched nothing on a row of its own (a blocking list keeps it); UTF-8 with BOM, formula-like
 * cells neutralised. JSON: the `sightline scope --json` object with the time it was taken.
 */
export function scopeExport(result: ScopeResult, format: 'csv' | 'json'): { name: string; mime: string; content: string } {
  const stamp = result.at.replace(/[:.]/g, '-');
  if (format === 'json') return { name: `scope-${stamp}.json`, mime: 'application/json', content: JSON.stringify({ at: result.at, ...scopeJson(result) }, null, 2) + '\n' };
  const lines = [CSV_HEADER.map(cell).join(',')];
  for (const ind of result.indicators) {
    const rows = result.accounts.flatMap((a) => a.matched.filter((m) => m.kind === ind.kind && m.indicator === ind.value).map((m) => ({ a, m })));
    if (!rows.length) lines.push([ind.kind, ind.value, '', '', '', '', '', '', '', '', ''].map(cell).join(','));
    for (const { a, m } of rows) lines.push([ind.kind, ind.value, m.kind, m.value, a.user, a.kind, a.successes, a.failures, a.interrupted, a.first, a.last].map(cell).join(','));
  }
  return { name: `scope-${stamp}.csv`, mime: 'text/csv', content: '\uFEFF' + lines.join('\r\n') + '\r\n' };
}

/** Exports, and records the export on the audit trail. */
export async function exportScope(db: CaseDb, indicators: Indicator[], format: 'csv' | 'json', file?: string) {
  const result = await runScope(db, indicators);
  const out = scopeExport(result, format);
  appendAudit(db, 'export', { what: 'scope', format, file: file ?? out.name, indicators: result.indicators.length, accounts: result.accounts.length });
  return { ...out, accounts: result.accounts.length };
}
