// The sign-in grid: AG Grid's infinite row model, each block one SQL page from the case. Every
// column of the catalog (columns.ts) exists; the chooser shows or hides them. Column state (order,
// widths, visibility, sort) is saved per case under the `grid.columns` setting. Every value is
// rendered as text: value getters return strings or numbers, the few cell renderers are React
// components whose children are text nodes.
import {
  AllCommunityModule,
  ModuleRegistry,
  colorSchemeVariable,
  themeQuartz,
  type CellKeyDownEvent,
  type ColDef,
  type ColumnState,
  type GridApi,
  type ICellRendererParams,
  type IDatasource,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FilterKey, SignIn, SignInFilter } from '../../../preload/contract';
import { api } from '../../api';
import { copyText, tsv } from '../../clipboard';
import { CA_LABELS, OUTCOME_LABELS } from '../../filterModel';
import { pivotOf } from '../entities/pivot';
import { addIndicator, openEntity } from '../entities/store';
import type { TimeZoneMode } from '../../time';
import { onAnnotationsChanged } from '../annotations/bus';
import { withAnnotations } from '../annotations/gridAnnotations';
import { COLUMNS, columnById, displayText, headerOf, type ColumnSpec } from './columns';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withPart(colorSchemeVariable).withParams({ fontSize: 13, rowHeight: 30, headerHeight: 32, spacing: 6 });

export const COLUMN_SETTING = 'grid.columns';

function StatusCell(p: ICellRendererParams<SignIn>) {
  const s = p.data;
  if (!s) return null;
  const code = s.status?.errorCode;
  return (
    <span className={`status status-${s.outcome}`}>
      <span className="status-dot" aria-hidden="true" />
      {OUTCOME_LABELS[s.outcome] ?? s.outcome}
      {typeof code === 'number' && code !== 0 ? <span className="status-code"> {code}</span> : null}
    </span>
  );
}

const RISK_LEVELS = new Set(['none', 'low', 'medium', 'high', 'hidden']);

function RiskCell(p: ICellRendererParams<SignIn>) {
  const v = p.value as string | undefined;
  if (!v) return null;
  const level = RISK_LEVELS.has(v.toLowerCase()) ? v.toLowerCase() : 'other';
  return (
    <span className={`risk risk-${level}`}>
      <span className="risk-dot" aria-hidden="true" />
      {v}
    </span>
  );
}

function CaCell(p: ICellRendererParams<SignIn>) {
  const raw = p.data?.conditionalAccessStatus;
  if (!raw) return null;
  return <span className={`ca ca-${raw}`}>{CA_LABELS[raw] ?? raw}</span>;
}

type Menu = { x: number; y: number; row: SignIn; column: ColumnSpec | undefined };

type Props = {
  filter: SignInFilter;
  timeZone: TimeZoneMode;
  /** Changes whenever the case's contents change, so cached pages are dropped. */
  dataVersion: number;
  onTotal(total: number): void;
  onSelect(id: string | null): void;
  /** Narrows the shared filter to one more value (context menu "Filter to this value"). */
  onFilter(key: FilterKey, value: unknown): void;
  onMessage(kind: 'info' | 'error', text: string): void;
  onApi(api: GridApi<SignIn> | null): void;
};

export function SignInGrid({ filter, timeZone, dataVersion, onTotal, onSelect, onFilter, onMessage, onApi }: Props) {
  const gridRef = useRef<GridApi<SignIn> | null>(null);
  const onTotalRef = useRef(onTotal);
  onTotalRef.current = onTotal;
  const tzRef = useRef(timeZone);
  tzRef.current = timeZone;
  // The saved column state is read before the grid mounts, so it opens as it was left.
  const [saved, setSaved] = useState<ColumnState[] | null | undefined>(undefined);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [annotationVersion, setAnnotationVersion] = useState(0);
  const saveTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api['settings.get']({ key: COLUMN_SETTING }).then(
      ({ value }) => {
        const state = (value as { state?: unknown } | null)?.state;
        if (live) setSaved(Array.isArray(state) ? (state as ColumnState[]).filter((c) => typeof c?.colId === 'string' && columnById.has(c.colId)) : null);
      },
      () => live && setSaved(null),
    );
    return () => {
      live = false;
    };
  }, []);

  const columns = useMemo<ColDef<SignIn>[]>(
    () =>
      COLUMNS.map((c): ColDef<SignIn> => ({
        colId: c.id,
        headerValueGetter: () => headerOf(c, tzRef.current),
        headerTooltip: c.group === c.header ? c.header : `${c.header} (${c.group})`,
        valueGetter: (p) => {
          if (!p.data) return '';
          if (c.kind === 'num') {
            const v = c.get(p.data);
            return typeof v === 'number' ? v : displayText(c, p.data, tzRef.current);
          }
          return displayText(c, p.data, tzRef.current);
        },
        tooltipValueGetter: c.kind === 'text' ? (p) => (typeof p.value === 'string' && p.value.length > 24 ? p.value : undefined) : undefined,
        sortable: !!c.sort,
        initialHide: !c.default,
        initialWidth: c.width ?? 150,
        minWidth: 60,
        type: c.kind === 'num' ? 'rightAligned' : undefined,
        cellClass: c.kind === 'mono' || c.kind === 'time' ? 'mono' : c.kind === 'num' ? 'mono num' : undefined,
        cellRenderer: c.kind === 'status' ? StatusCell : c.kind === 'risk' ? RiskCell : c.kind === 'ca' ? CaCell : undefined,
      })),
    [],
  );

  useEffect(() => {
    const grid = gridRef.current;
    if (!grid) return;
    grid.refreshHeader();
    grid.refreshCells({ force: true });
  }, [timeZone]);

  const datasource = useMemo<IDatasource>(() => {
    const total: { known: number | undefined } = { known: undefined };
    void api['signins.count']({ filter }).then(
      (r) => {
        total.known = r.total;
        onTotalRef.current(r.total);
        const grid = gridRef.current;
        if (grid && !grid.isDestroyed()) grid.setRowCount(r.total, true);
      },
      () => undefined,
    );
    return {
      getRows(params) {
        const sort = params.sortModel[0];
        const field = sort ? columnById.get(sort.colId)?.sort : undefined;
        const limit = params.endRow - params.startRow;
        // Rows come without their total (a count can be slow on a big case); the count arrives apart.
        api['signins.query']({
          filter,
          offset: params.startRow,
          limit,
          withTotal: false,
          sort: field && sort ? { field, dir: sort.sort } : { field: 'createdDateTime', dir: 'desc' },
        })
          // Each page's tags, notes and bookmarks come beside it (the Tags / Note / Bookmark columns).
          .then(async (page) => ({ ...page, rows: await withAnnotations(page.rows) }))
          .then(
          (page) => {
            const end = page.rows.length < limit ? params.startRow + page.rows.length : total.known;
            params.successCallback(page.rows, end ?? -1);
          },
          () => params.failCallback(),
        );
      },
    };
    // dataVersion (and annotationVersion) are dependencies on purpose: a new datasource drops every cached block.
  }, [filter, dataVersion, annotationVersion]);

  useEffect(() => {
    gridRef.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  // A tag, note or bookmark changed: reload the rows in view; when the filter reads annotations,
  // count and page again from the start (which rows match has changed).
  const filterRef = useRef(filter);
  filterRef.current = filter;
  useEffect(
    () =>
      onAnnotationsChanged(() => {
        const grid = gridRef.current;
        if (filterRef.current.tag || filterRef.current.bookmarked !== undefined) setAnnotationVersion((v) => v + 1);
        else if (grid && !grid.isDestroyed()) grid.refreshInfiniteCache();
      }),
    [],
  );

  const saveColumns = useCallback(() => {
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(() => {
      const grid = gridRef.current;
      if (!grid || grid.isDestroyed()) return;
      void api['settings.set']({ key: COLUMN_SETTING, value: { version: 1, state: grid.getColumnState() } }).catch(() => undefined);
    }, 300);
  }, []);

  useEffect(() => () => window.clearTimeout(saveTimer.current), []);

  // Esc clears the row selection too (the shell closes the details pane).
  useEffect(() => {
    const onEsc = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === 'Escape' && !(t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'))) gridRef.current?.deselectAll();
    };
    window.addEventListener('keydown', onEsc);
    return () => window.removeEventListener('keydown', onEsc);
  }, []);

  /** The visible columns, in the order shown. */
  const shownColumns = useCallback((): ColumnSpec[] => {
    const grid = gridRef.current;
    if (!grid) return [];
    return (grid.getAllDisplayedColumns() ?? []).map((c) => columnById.get(c.getColId())).filter((c): c is ColumnSpec => !!c);
  }, []);

  const rowText = useCallback((s: SignIn, cols: ColumnSpec[]) => cols.map((c) => displayText(c, s, tzRef.current)), []);

  const copy = useCallback(
    async (what: 'cell' | 'row' | 'selection' | 'selection-header', row: SignIn | undefined, column: ColumnSpec | undefined) => {
      const grid = gridRef.current;
      if (!grid) return;
      const cols = shownColumns();
      let text = '';
      let label = '';
      if (what === 'cell' && row && column) {
        text = displayText(column, row, tzRef.current);
        label = 'cell';
      } else if (what === 'row' && row) {
        text = tsv([rowText(row, cols)]);
        label = 'row';
      } else {
        const rows = grid.getSelectedRows();
        const list = rows.length ? rows : row ? [row] : [];
        text = tsv([...(what === 'selection-header' ? [cols.map((c) => headerOf(c, tzRef.current))] : []), ...list.map((r) => rowText(r, cols))]);
        label = `${list.length} row${list.length === 1 ? '' : 's'}`;
      }
      try {
        await copyText(text);
        onMessage('info', `Copied ${label}.`);
      } catch (e) {
        onMessage('error', `Copy failed: ${(e as Error).message}`);
      }
    },
    [onMessage, rowText, shownColumns],
  );

  const onKey = useCallback(
    (e: CellKeyDownEvent<SignIn>) => {
      const ev = e.event as KeyboardEvent | undefined;
      if (!ev || !e.data) return;
      const column = columnById.get(e.column.getColId());
      if (ev.key === 'Enter') {
        onSelect(e.data.id);
      } else if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'c') {
        ev.preventDefault();
        const many = (gridRef.current?.getSelectedRows().length ?? 0) > 1;
        void copy(many ? 'selection' : ev.shiftKey ? 'row' : 'cell', e.data, column);
      } else if (ev.key === 'ContextMenu' || (ev.shiftKey && ev.key === 'F10')) {
        ev.preventDefault();
        const rect = (ev.target as HTMLElement).getBoundingClientRect();
        setMenu({ x: rect.left + 8, y: rect.bottom, row: e.data, column });
      }
    },
    [copy, onSelect],
  );

  useEffect(() => {
    if (!menu) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e.type === 'mousedown' && (e.target as HTMLElement).closest('.context-menu')) return;
      setMenu(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close, true);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close, true);
      window.removeEventListener('blur', close);
    };
  }, [menu]);

  const selectedCount = menu ? (gridRef.current?.getSelectedRows().length ?? 0) : 0;
  const filterValue = menu?.column?.filter?.value(menu.row);
  // Entities: the cell's value as a profile to open or an indicator to add.
  const pivot = menu?.column ? pivotOf(menu.column.id, menu.row) : null;

  const act = (f: () => void) => () => {
    setMenu(null);
    f();
  };

  return (
    <div className="grid-host" data-testid="grid">
      {saved !== undefined && (
        <AgGridReact<SignIn>
          theme={theme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={200}
          maxBlocksInCache={50}
          columnDefs={columns}
          maintainColumnOrder
          defaultColDef={{ resizable: true, sortable: false }}
          getRowId={(p) => p.data.id}
          rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
          tooltipShowDelay={600}
          preventDefaultOnContextMenu
          onGridReady={(e) => {
            gridRef.current = e.api;
            if (saved?.length) e.api.applyColumnState({ state: saved, applyOrder: true });
            onApi(e.api);
          }}
          onGridPreDestroyed={() => {
            gridRef.current = null;
            onApi(null);
          }}
          onRowClicked={(e) => {
            const ev = e.event as MouseEvent | null | undefined;
            // A plain click opens the details; Ctrl/Shift-clicks only build a selection to copy.
            if (e.data && !ev?.ctrlKey && !ev?.metaKey && !ev?.shiftKey) onSelect(e.data.id);
          }}
          onCellKeyDown={onKey}
          onCellContextMenu={(e) => {
            const ev = e.event as MouseEvent | undefined;
            if (!ev || !e.data) return;
            ev.preventDefault();
            setMenu({ x: ev.clientX, y: ev.clientY, row: e.data, column: columnById.get(e.column.getColId()) });
          }}
          onColumnMoved={(e) => e.finished && saveColumns()}
          onColumnResized={(e) => e.finished && e.source !== 'flex' && saveColumns()}
          onColumnVisible={saveColumns}
          onColumnPinned={saveColumns}
          onSortChanged={saveColumns}
          overlayNoRowsTemplate="No sign-ins match the filter."
        />
      )}
      {menu && (
        <div className="context-menu" role="menu" data-testid="grid-menu" style={{ left: Math.min(menu.x, window.innerWidth - 260), top: Math.min(menu.y, window.innerHeight - 290) }}>
          <button type="button" role="menuitem" autoFocus disabled={!menu.column} onClick={act(() => void copy('cell', menu.row, menu.column))}>
            Copy cell <kbd>Ctrl+C</kbd>
          </button>
          <button type="button" role="menuitem" onClick={act(() => void copy('row', menu.row, menu.column))}>
            Copy row <kbd>Ctrl+Shift+C</kbd>
          </button>
          <button type="button" role="menuitem" onClick={act(() => void copy('selection', menu.row, menu.column))}>
            Copy selected rows ({Math.max(selectedCount, 1)})
          </button>
          <button type="button" role="menuitem" onClick={act(() => void copy('selection-header', menu.row, menu.column))}>
            Copy selected rows with header
          </button>
          {menu.column?.filter && filterValue !== undefined && (
            <button type="button" role="menuitem" onClick={act(() => onFilter(menu.column!.filter!.key, filterValue))}>
              Filter to this {menu.column.header.toLowerCase()}
            </button>
          )}
          {pivot?.entity && (
            <button type="button" role="menuitem" data-testid="menu-open-profile" onClick={act(() => openEntity(pivot.entity!.kind, pivot.entity!.value))}>
              Open profile
            </button>
          )}
          {pivot?.indicator && (
            <button type="button" role="menuitem" data-testid="menu-add-indicator" onClick={act(() => addIndicator(pivot.indicator!.kind, pivot.indicator!.value))}>
              Add to indicators
            </button>
          )}
          <button type="button" role="menuitem" onClick={act(() => onSelect(menu.row.id))}>
            Show details <kbd>Enter</kbd>
          </button>
        </div>
      )}
    </div>
  );
}
