// Copying text. navigator.clipboard may be refused (Electron without the permission, a page that is
// not focused); a hidden textarea and execCommand('copy') still work there.

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the textarea.
  }
  const active = document.activeElement as HTMLElement | null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.position = 'fixed';
  area.style.top = '0';
  area.style.left = '-9999px';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } finally {
    area.remove();
    active?.focus({ preventScroll: true });
  }
  if (!ok) throw new Error('the clipboard refused the copy');
}

/** One value as a TSV cell: tabs and line breaks would split the row, so they become spaces. */
export function tsvCell(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

export function tsv(rows: string[][]): string {
  return rows.map((r) => r.map(tsvCell).join('\t')).join('\n');
}
