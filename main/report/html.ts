// The report's one escaping function and the tagged template built on it. Every value interpolated
// into `html` is escaped unless it is already Html (made by `html` itself, or by `trusted` for the
// report's own constant CSS), so log text (user agents, UPNs, app names, places, notes) can only
// ever become text: nothing a log holds is parsed as markup, in element content or in an attribute.

/** Markup that is safe to insert as is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML text: the five markup characters become entities (so it is safe in element content and
 * in quoted attributes), and C0 control characters other than tab and line breaks, which HTML forbids,
 * become U+FFFD.
 */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v instanceof Html) return v.markup;
  if (Array.isArray(v)) return (v as readonly Value[]).map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(v);
}

/** `html\`<td>${text}</td>\``: every interpolation escaped; arrays joined; null, undefined and false omitted. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** The report's own constant markup (its stylesheet). Never call this with text that came from a case. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

export function join(parts: readonly Html[], separator = ''): Html {
  return new Html(parts.map((p) => p.markup).join(separator));
}
