// Small building blocks shared by the report's sections: tables (headers repeat on every printed
// page), fact lists, numbers and times. Every cell goes through `html`, so it is escaped.
import { html, join, type Html } from '../html';

type Cell = Html | string | number | null | undefined;
/** num: right-aligned, never wrapped; nowrap: a short value (a time, an action) kept on one line. */
export type Column = { label: string; num?: boolean; nowrap?: boolean };

export function table(columns: readonly (Column | string)[], rows: readonly Cell[][], tableClass = ''): Html {
  const cols = columns.map((c) => (typeof c === 'string' ? { label: c } : c));
  const cls = (c: Column | undefined) => (c?.num ? 'num' : c?.nowrap ? 'nw' : '');
  const head = join(cols.map((c) => html`<th${cls(c) ? html` class="${cls(c)}"` : ''}>${c.label}</th>`));
  const body = join(
    rows.map((r) => html`<tr>${join(r.map((cell, j) => (cls(cols[j]) ? html`<td class="${cls(cols[j])}">${cell}</td>` : html`<td>${cell}</td>`)))}</tr>`),
  );
  return html`<table${tableClass ? html` class="${tableClass}"` : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A definition list of label / value pairs; empty values are left out. */
export function facts(pairs: readonly [string, Cell][]): Html {
  const shown = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return html`<dl class="facts">${join(shown.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`))}</dl>`;
}

export const n = (x: number) => x.toLocaleString('en-US');
export const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** An ISO time as the report prints it: UTC, to the second unless the milliseconds matter. */
export const utc = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.000Z$/, 'Z') : '');

/** The same instant in the case's time zone, e.g. "2026-10-03 11:40:00 Europe/Berlin"; '' without a zone. */
export function inZone(iso: string | null | undefined, zone: string): string {
  if (!iso || !zone || zone === 'UTC') return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${zone}`;
}

/** A note under a capped table: how many rows are shown and where the rest are. */
export function capped(shown: number, total: number, companion: string | null): Html | '' {
  if (total <= shown) return '';
  return html`<p class="muted small">Showing the first ${n(shown)} of ${n(total)}${companion ? html`; all ${n(total)} are in the companion file <code>${companion}</code>` : ''}.</p>`;
}
