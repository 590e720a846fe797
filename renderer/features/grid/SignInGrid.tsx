// The sign-in grid: AG Grid's infinite row model, each block one SQL page from the case.
import {
  AllCommunityModule,
  ModuleRegistry,
  colorSchemeVariable,
  themeQuartz,
  type ColDef,
  type GridApi,
  type IDatasource,
  type ICellRendererParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef } from 'react';
import type { SignIn, SignInFilter, SortField } from '../../../preload/contract';
import { api } from '../../api';
import { locationText, outcomeLabel } from '../../format';
import { formatTime, type TimeZoneMode } from '../../time';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withPart(colorSchemeVariable).withParams({ fontSize: 13, rowHeight: 30, headerHeight: 32, spacing: 6 });

function StatusCell(p: ICellRendererParams<SignIn>) {
  const s = p.data;
  if (!s) return null;
  return (
    <span className={`status status-${s.outcome}`}>
      <span className="status-dot" aria-hidden="true" />
      {outcomeLabel[s.outcome]}
      {s.status?.errorCode ? <span className="status-code"> {s.status.errorCode}</span> : null}
    </span>
  );
}

type Props = {
  filter: SignInFilter;
  timeZone: TimeZoneMode;
  /** Changes whenever the case's contents change, so cached pages are dropped. */
  dataVersion: number;
  onTotal(total: number): void;
  onSelect(id: string | null): void;
};

export function SignInGrid({ filter, timeZone, dataVersion, onTotal, onSelect }: Props) {
  const gridRef = useRef<GridApi<SignIn> | null>(null);
  const onTotalRef = useRef(onTotal);
  onTotalRef.current = onTotal;

  const columns = useMemo<ColDef<SignIn>[]>(
    () => [
      { colId: 'createdDateTime', headerName: timeZone === 'utc' ? 'Date (UTC)' : 'Date (local)', valueGetter: (p) => formatTime(p.data?.createdDateTime, timeZone), sortable: true, width: 190, cellClass: 'mono' },
      { colId: 'userPrincipalName', headerName: 'User', valueGetter: (p) => p.data?.userPrincipalName ?? p.data?.userDisplayName ?? '', tooltipValueGetter: (p) => p.data?.userDisplayName ?? '', sortable: true, flex: 1, minWidth: 200 },
      { colId: 'appDisplayName', headerName: 'Application', valueGetter: (p) => p.data?.appDisplayName ?? '', sortable: true, flex: 1, minWidth: 160 },
      { colId: 'outcome', headerName: 'Status', cellRenderer: StatusCell, sortable: true, width: 150 },
      { colId: 'ipAddress', headerName: 'IP address', valueGetter: (p) => p.data?.ipAddress ?? '', sortable: true, width: 170, cellClass: 'mono' },
      { colId: 'country', headerName: 'Location', valueGetter: (p) => (p.data ? locationText(p.data) : ''), sortable: true, flex: 1, minWidth: 160 },
    ],
    [timeZone],
  );

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params) {
        const sort = params.sortModel[0];
        api['signins.query']({
          filter,
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          sort: sort ? { field: sort.colId as SortField, dir: sort.sort } : { field: 'createdDateTime', dir: 'desc' },
        }).then(
          (page) => {
            onTotalRef.current(page.total);
            params.successCallback(page.rows, page.total);
          },
          () => params.failCallback(),
        );
      },
    }),
    // dataVersion is a dependency on purpose: a new datasource drops every cached block.
    [filter, dataVersion],
  );

  useEffect(() => {
    gridRef.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  return (
    <div className="grid-host" data-testid="grid">
      <AgGridReact<SignIn>
        theme={theme}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={200}
        maxBlocksInCache={50}
        columnDefs={columns}
        defaultColDef={{ resizable: true, sortable: false }}
        getRowId={(p) => p.data.id}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onGridReady={(e) => (gridRef.current = e.api)}
        onSelectionChanged={(e) => onSelect(e.api.getSelectedRows()[0]?.id ?? null)}
        onCellKeyDown={(e) => {
          const key = (e.event as KeyboardEvent | undefined)?.key;
          if (key === 'Enter' && e.data) onSelect(e.data.id);
        }}
        overlayNoRowsTemplate="No sign-ins match. Import sign-in logs to begin."
      />
    </div>
  );
}
