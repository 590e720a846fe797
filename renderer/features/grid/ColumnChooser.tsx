// The column chooser: every column of the catalog, grouped as the details pane groups fields, with
// a find box. Showing or hiding a column goes through the grid, which saves its state per case.
import type { GridApi } from 'ag-grid-community';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SignIn } from '../../../preload/contract';
import { api } from '../../api';
import type { TimeZoneMode } from '../../time';
import { COLUMNS, headerOf } from './columns';
import { COLUMN_SETTING } from './SignInGrid';
import { usePopover } from '../shell/usePopover';

export function ColumnChooser({ grid, timeZone }: { grid: GridApi<SignIn> | null; timeZone: TimeZoneMode }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [find, setFind] = useState('');
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const findRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!grid || !open) return;
    const read = () => setHidden(new Set(grid.getColumnState().filter((c) => c.hide).map((c) => c.colId)));
    read();
    grid.addEventListener('columnVisible', read);
    return () => {
      if (!grid.isDestroyed()) grid.removeEventListener('columnVisible', read);
    };
  }, [grid, open]);

  useEffect(() => {
    if (open) findRef.current?.focus();
  }, [open]);

  const groups = useMemo(() => {
    const q = find.trim().toLowerCase();
    const out = new Map<string, typeof COLUMNS>();
    for (const c of COLUMNS) {
      if (q && !c.header.toLowerCase().includes(q) && !c.group.toLowerCase().includes(q) && !c.id.toLowerCase().includes(q)) continue;
      out.set(c.group, [...(out.get(c.group) ?? []), c]);
    }
    return [...out];
  }, [find]);

  const shown = COLUMNS.length - hidden.size;

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="ghost" data-testid="column-chooser" aria-expanded={open} disabled={!grid} onClick={() => setOpen(!open)} title="Choose the columns shown">
        Columns
      </button>
      {open && grid && (
        <div className="popover column-panel" data-testid="column-panel" role="dialog" aria-label="Columns">
          <div className="popover-head">
            <input ref={findRef} type="search" placeholder="Find a column…" aria-label="Find a column" value={find} onChange={(e) => setFind(e.target.value)} />
            <span className="muted small">
              {shown} of {COLUMNS.length} shown
            </span>
            <button
              type="button"
              className="ghost small"
              onClick={() => {
                grid.resetColumnState();
                void api['settings.set']({ key: COLUMN_SETTING, value: { version: 1, state: grid.getColumnState() } }).catch(() => undefined);
                setHidden(new Set(grid.getColumnState().filter((c) => c.hide).map((c) => c.colId)));
              }}
            >
              Reset to default
            </button>
          </div>
          <div className="popover-body">
            {groups.map(([group, cols]) => (
              <fieldset key={group} className="column-group">
                <legend>{group}</legend>
                {cols.map((c) => (
                  <label key={c.id} className="check">
                    <input
                      type="checkbox"
                      data-testid={`column-${c.id}`}
                      checked={!hidden.has(c.id)}
                      onChange={(e) => {
                        grid.setColumnsVisible([c.id], e.target.checked);
                        if (e.target.checked) grid.ensureColumnVisible(c.id);
                      }}
                    />
                    {headerOf(c, timeZone)}
                  </label>
                ))}
              </fieldset>
            ))}
            {groups.length === 0 && <p className="muted">No column matches.</p>}
          </div>
        </div>
      )}
    </div>
  );
}
