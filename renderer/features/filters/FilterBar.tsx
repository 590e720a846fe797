// The filter bar of UI.md: each active filter a removable chip (its text rendered as text), the
// "+ filter" panel, date quick picks relative to the case's newest sign-in, saved views per case,
// undo and clear.
import { useEffect, useState } from 'react';
import type { FilterKey, SignInFilter } from '../../../preload/contract';
import { api } from '../../api';
import { FILTER_SPECS, activeKeys, chipText, sanitizeFilter, specByKey, without } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';
import { usePopover } from '../shell/usePopover';
import { FilterPanel } from './FilterPanel';

export const VIEWS_SETTING = 'grid.views';

const QUICK_PICKS: { label: string; ms: number }[] = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
];

type Props = {
  filter: SignInFilter;
  onChange(next: SignInFilter): void;
  timeZone: TimeZoneMode;
  dataVersion: number;
  /** Increments when the `f` shortcut asks for the filter panel. */
  openSignal: number;
  canUndo: boolean;
  onUndo(): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

function DateRange({ filter, onChange, timeZone, dataVersion, onCustom }: Pick<Props, 'filter' | 'onChange' | 'timeZone' | 'dataVersion'> & { onCustom(): void }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [newest, setNewest] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api['signins.query']({ filter: {}, sort: { field: 'createdDateTime', dir: 'desc' }, offset: 0, limit: 1 }).then(
      (p) => live && setNewest(p.rows[0]?.createdDateTime ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);
  const newestMs = newest ? Date.parse(newest) : null;
  const label = filter.from || filter.to ? 'Date: custom' : 'Date: whole case';
  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="ghost" data-testid="date-range" aria-expanded={open} onClick={() => setOpen(!open)} title="Date range (quick picks are relative to the case's newest sign-in)">
        {label} ▾
      </button>
      {open && (
        <div className="popover menu" role="menu">
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              onChange(without(filter, 'from', 'to'));
              setOpen(false);
            }}
          >
            Whole case
          </button>
          {QUICK_PICKS.map((q) => (
            <button
              key={q.label}
              type="button"
              role="menuitem"
              disabled={newestMs === null}
              onClick={() => {
                // `to` is exclusive: one millisecond past the newest sign-in keeps it in.
                onChange({ ...filter, from: new Date(newestMs! - q.ms).toISOString(), to: new Date(newestMs! + 1).toISOString() });
                setOpen(false);
              }}
            >
              {q.label}
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              onCustom();
            }}
          >
            Custom range…
          </button>
          <p className="muted small">{newest ? `Relative to the newest sign-in, ${formatTime(newest, timeZone)}` : 'The case has no sign-ins yet.'}</p>
        </div>
      )}
    </div>
  );
}

function Views({ filter, onChange, dataVersion, onMessage }: Pick<Props, 'filter' | 'onChange' | 'dataVersion' | 'onMessage'>) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [views, setViews] = useState<Record<string, SignInFilter>>({});
  const [name, setName] = useState('');

  useEffect(() => {
    let live = true;
    api['settings.get']({ key: VIEWS_SETTING }).then(
      ({ value }) => {
        if (!live || !value || typeof value !== 'object') return;
        const out: Record<string, SignInFilter> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          const f = sanitizeFilter(v);
          if (f) out[k] = f;
        }
        setViews(out);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);

  const store = (next: Record<string, SignInFilter>) => {
    setViews(next);
    api['settings.set']({ key: VIEWS_SETTING, value: next }).catch((e: Error) => onMessage('error', `Saving views failed: ${e.message}`));
  };
  const names = Object.keys(views).sort((a, b) => a.localeCompare(b));

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="ghost" data-testid="views-button" aria-expanded={open} onClick={() => setOpen(!open)} title="Saved views of this case">
        Views ▾
      </button>
      {open && (
        <div className="popover menu views-menu" role="menu">
          {names.length === 0 && <p className="muted small">No saved views yet.</p>}
          {names.map((n) => (
            <div key={n} className="view-item">
              <button
                type="button"
                role="menuitem"
                data-testid="view-item"
                onClick={() => {
                  onChange(views[n]!);
                  setOpen(false);
                }}
              >
                {n}
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete view ${n}`}
                onClick={() => {
                  const next = { ...views };
                  delete next[n];
                  store(next);
                }}
              >
                ×
              </button>
            </div>
          ))}
          <form
            className="view-save"
            onSubmit={(e) => {
              e.preventDefault();
              const n = name.trim();
              if (!n) return;
              store({ ...views, [n]: filter });
              setName('');
              onMessage('info', `Saved the view "${n}".`);
            }}
          >
            <input data-testid="view-name" placeholder="Save the current filter as…" aria-label="View name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
            <button type="submit" data-testid="view-save" disabled={!name.trim()}>
              Save
            </button>
          </form>
        </div>
      )}
    </div>
  );
}

export function FilterBar({ filter, onChange, timeZone, dataVersion, openSignal, canUndo, onUndo, onMessage }: Props) {
  const panel = usePopover<HTMLDivElement>();
  const [focusKey, setFocusKey] = useState<FilterKey | null>(null);
  const keys = activeKeys(filter);
  const { setOpen } = panel;

  useEffect(() => {
    if (openSignal > 0) {
      setFocusKey(null);
      setOpen(true);
    }
  }, [openSignal, setOpen]);

  const edit = (key: FilterKey | null) => {
    setFocusKey(key);
    panel.setOpen(true);
  };

  return (
    <div className="filter-bar" data-testid="filter-bar">
      <div className="chips" aria-label="Active filters">
        {keys.length === 0 && <span className="muted small">No filter: every sign-in of the case.</span>}
        {keys.map((k) => {
          const spec = specByKey.get(k)!;
          const text = chipText(spec, filter[k], timeZone);
          return (
            <span key={k} className="chip" data-testid={`chip-${spec.flag}`}>
              <button type="button" className="chip-text" onClick={() => edit(k)} title={`${spec.label}: ${text} (click to edit)`}>
                <span className="chip-label">{spec.label}:</span> {text}
              </button>
              <button type="button" className="chip-remove" aria-label={`Remove the ${spec.label} filter`} onClick={() => onChange(without(filter, k))}>
                ×
              </button>
            </span>
          );
        })}
      </div>
      <div className="popover-anchor filter-anchor" ref={panel.ref}>
        <button type="button" className="ghost" data-testid="add-filter" aria-expanded={panel.open} onClick={() => (panel.open ? panel.setOpen(false) : edit(null))} title={`Add a filter (f) — ${FILTER_SPECS.length} available`}>
          + filter
        </button>
        {panel.open && (
          <FilterPanel
            filter={filter}
            timeZone={timeZone}
            focusKey={focusKey}
            onClose={() => panel.setOpen(false)}
            onApply={(next) => {
              onChange(next);
              panel.setOpen(false);
            }}
          />
        )}
      </div>
      <span className="spacer" />
      <DateRange filter={filter} onChange={onChange} timeZone={timeZone} dataVersion={dataVersion} onCustom={() => edit('from')} />
      <Views filter={filter} onChange={onChange} dataVersion={dataVersion} onMessage={onMessage} />
      <button type="button" className="ghost" data-testid="filter-undo" disabled={!canUndo} onClick={onUndo} title="Undo the last filter change (Ctrl+Z)">
        Undo
      </button>
      {keys.length > 0 && (
        <button type="button" className="ghost" data-testid="filter-clear" onClick={() => onChange({})}>
          Clear all
        </button>
      )}
    </div>
  );
}
