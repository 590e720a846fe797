// Export the filtered sign-ins: CSV with the admin center's columns, JSON in Graph's shape, or
// XLSX. Where the file goes (save dialog or browser download) is api.ts's business; progress shows
// in the status bar from `export.progress`.
import { useState } from 'react';
import type { ExportFormat, SignInFilter } from '../../../preload/contract';
import { exportSignIns, host } from '../../api';
import { countText } from '../../format';
import { usePopover } from '../shell/usePopover';

const FORMATS: { format: ExportFormat; label: string; help: string }[] = [
  { format: 'csv', label: 'CSV', help: "the admin center's columns, UTF-8 with BOM (Excel opens it)" },
  { format: 'json', label: 'JSON', help: "Graph's shape, every field" },
  { format: 'xlsx', label: 'Excel (XLSX)', help: 'one sheet, the admin center columns' },
];

export function ExportButton({ filter, total, onMessage }: { filter: SignInFilter; total: number | null; onMessage(kind: 'info' | 'error', text: string): void }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [busy, setBusy] = useState(false);

  const run = async (format: ExportFormat) => {
    setOpen(false);
    setBusy(true);
    try {
      const result = await exportSignIns(filter, format);
      if (result) onMessage('info', `Exported ${result.rows !== null ? countText(result.rows, 'sign-in') : 'the filtered sign-ins'} to ${result.file}.`);
    } catch (e) {
      onMessage('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="ghost" data-testid="export-button" aria-expanded={open} disabled={busy} onClick={() => setOpen(!open)} title="Export the filtered sign-ins">
        {busy ? 'Exporting…' : 'Export ▾'}
      </button>
      {open && (
        <div className="popover menu export-menu" role="menu">
          <p className="muted small">
            {total !== null ? countText(total, 'sign-in') : 'The filtered sign-ins'}
            {host === 'web' ? ', downloaded by the browser' : ', to a file you choose'}
          </p>
          {FORMATS.map((f) => (
            <button key={f.format} type="button" role="menuitem" data-testid={`export-${f.format}`} onClick={() => void run(f.format)} title={f.help}>
              {f.label} <span className="muted small">{f.help}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
