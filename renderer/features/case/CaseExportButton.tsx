// Case exports: the filtered (or only the tagged) sign-ins as a Timesketch timeline, and findings
// as Timesketch, CSV or XLSX. Where the file goes is api.ts's business (save dialog or download).
import { useState } from 'react';
import type { CaseExportFormat, CaseExportRequest, SignInFilter } from '../../../preload/contract';
import { exportCase, host } from '../../api';
import { countText } from '../../format';
import { usePopover } from '../shell/usePopover';

type Item = { id: string; label: string; help: string; request(filter: SignInFilter): CaseExportRequest };

const signIns = (format: CaseExportFormat, tagged: boolean) => (filter: SignInFilter): CaseExportRequest => ({
  what: 'signins',
  format,
  filter: tagged ? { ...filter, tag: filter.tag ?? ['*'] } : filter,
});
const findings = (format: CaseExportFormat) => (): CaseExportRequest => ({ what: 'findings', format, filter: {} });

const SIGNIN_ITEMS: Item[] = [
  { id: 'timesketch', label: 'Timesketch (JSONL)', help: 'the filtered sign-ins: message, datetime, timestamp_desc, every field, tags', request: signIns('timesketch', false) },
  { id: 'timesketch-csv', label: 'Timesketch (CSV)', help: 'the same events as CSV', request: signIns('timesketch-csv', false) },
  { id: 'timesketch-tagged', label: 'Timesketch, tagged only', help: 'the filtered sign-ins that carry a tag (on them, their user or their IP)', request: signIns('timesketch', true) },
];

const FINDING_ITEMS: Item[] = [
  { id: 'findings-xlsx', label: 'Findings (XLSX)', help: 'one row per finding: severity, explanation, users, IPs, triage, tags, notes', request: findings('xlsx') },
  { id: 'findings-csv', label: 'Findings (CSV)', help: 'the same table as CSV', request: findings('csv') },
  { id: 'findings-timesketch', label: 'Findings (Timesketch)', help: 'one event per finding at its start', request: findings('timesketch') },
];

export function CaseExportButton({
  what,
  filter = {},
  total = null,
  onMessage,
}: {
  what: 'signins' | 'findings';
  filter?: SignInFilter;
  total?: number | null;
  onMessage(kind: 'info' | 'error', text: string): void;
}) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [busy, setBusy] = useState(false);
  const items = what === 'signins' ? SIGNIN_ITEMS : FINDING_ITEMS;

  const run = async (item: Item) => {
    setOpen(false);
    setBusy(true);
    try {
      const result = await exportCase(item.request(filter));
      if (result) onMessage('info', `Exported ${result.rows !== null ? countText(result.rows, what === 'signins' ? 'event' : 'finding') : 'the file'} to ${result.file}.`);
    } catch (e) {
      onMessage('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="popover-anchor case-export" ref={ref}>
      <button type="button" className="ghost" data-testid={`case-export-${what}`} aria-expanded={open} disabled={busy} onClick={() => setOpen(!open)}>
        {busy ? 'Exporting…' : what === 'signins' ? 'Timesketch ▾' : 'Export findings ▾'}
      </button>
      {open && (
        <div className="popover menu export-menu" role="menu">
          <p className="muted small">
            {what === 'signins' ? (total !== null ? countText(total, 'sign-in') : 'The filtered sign-ins') : 'Every finding of the case'}
            {host === 'web' ? ', downloaded by the browser' : ', to a file you choose'}
          </p>
          {items.map((item) => (
            <button key={item.id} type="button" role="menuitem" data-testid={`case-export-${item.id}`} onClick={() => void run(item)} title={item.help}>
              {item.label} <span className="muted small">{item.help}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
