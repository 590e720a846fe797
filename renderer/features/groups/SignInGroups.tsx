// The portal's grouped view of non-interactive, service principal and managed identity sign-ins:
// one row per (application, user or principal, IP, status, resource[, time window]) with its count.
// Selecting a group lists its member sign-ins below; a member opens in the details pane.
import { AllCommunityModule, ModuleRegistry, colorSchemeVariable, themeQuartz, type ColDef, type IDatasource, type ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useState } from 'react';
import type { GroupAggregate, SignInFilter, SignInGroup } from '../../../preload/contract';
import { api } from '../../api';
import { OUTCOME_LABELS } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';
import { GroupMembers } from './GroupMembers';
import './groups.css';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withPart(colorSchemeVariable).withParams({ fontSize: 13, rowHeight: 30, headerHeight: 32, spacing: 6 });

function StatusCell(p: ICellRendererParams<SignInGroup>) {
  const outcome = p.data?.key.outcome;
  if (!outcome) return null;
  return (
    <span className={`status status-${outcome}`}>
      <span className="status-dot" aria-hidden="true" />
      {OUTCOME_LABELS[outcome] ?? outcome}
    </span>
  );
}

type Props = {
  filter: SignInFilter;
  aggregate: GroupAggregate;
  timeZone: TimeZoneMode;
  dataVersion: number;
  onSelect(id: string | null): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

export function SignInGroups({ filter, aggregate, timeZone, dataVersion, onSelect, onMessage }: Props) {
  const [groupTotal, setGroupTotal] = useState<number | null>(null);
  const [open, setOpen] = useState<SignInGroup | null>(null);

  const columns = useMemo<ColDef<SignInGroup>[]>(
    () => [
      { colId: 'last', headerName: 'Date (latest)', width: 190, cellClass: 'mono', sortable: true, valueGetter: (p) => (p.data ? formatTime(p.data.last, timeZone) : '') },
      { colId: 'user', headerName: 'User or principal', width: 230, valueGetter: (p) => p.data?.userDisplay ?? p.data?.key.user ?? '' },
      { colId: 'app', headerName: 'Application', width: 200, valueGetter: (p) => p.data?.appName ?? p.data?.key.app ?? '' },
      { colId: 'ip', headerName: 'IP address', width: 150, cellClass: 'mono', valueGetter: (p) => p.data?.key.ip ?? '' },
      { colId: 'status', headerName: 'Status', width: 120, cellRenderer: StatusCell },
      { colId: 'resource', headerName: 'Resource', width: 220, valueGetter: (p) => p.data?.resourceName ?? p.data?.key.resource ?? '' },
      { colId: 'count', headerName: '# sign-ins', width: 110, type: 'rightAligned', cellClass: 'mono num', sortable: true, valueGetter: (p) => p.data?.count ?? '' },
      { colId: 'first', headerName: 'Date (earliest)', width: 190, cellClass: 'mono', valueGetter: (p) => (p.data ? formatTime(p.data.first, timeZone) : '') },
    ],
    [timeZone],
  );

  // A new filter or grouping starts over: no group stays open, the count is unknown again.
  useEffect(() => {
    setOpen(null);
    setGroupTotal(null);
  }, [filter, aggregate, dataVersion]);

  const datasource = useMemo<IDatasource>(() => {
    return {
      getRows(params) {
        const s = params.sortModel[0];
        const field: 'count' | 'last' = s?.colId === 'count' ? 'count' : 'last';
        const sort = { field, dir: s?.sort ?? 'desc' };
        api['signins.groups']({ filter, aggregate, sort, offset: params.startRow, limit: params.endRow - params.startRow }).then(
          (page) => {
            setGroupTotal(page.total);
            params.successCallback(page.rows, page.total);
          },
          (e: Error) => {
            onMessage('error', `Grouping failed: ${e.message}`);
            params.failCallback();
          },
        );
      },
    };
    // dataVersion is a dependency on purpose: a new datasource drops every cached block.
  }, [filter, aggregate, dataVersion]);

  return (
    <div className="groups-host">
      <div className="grid-host" data-testid="groups-grid">
        <AgGridReact<SignInGroup>
          theme={theme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={200}
          maxBlocksInCache={50}
          columnDefs={columns}
          defaultColDef={{ resizable: true, sortable: false }}
          getRowId={(p) => JSON.stringify(p.data.key)}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onRowClicked={(e) => e.data && setOpen(e.data)}
          onCellKeyDown={(e) => {
            const ev = e.event as KeyboardEvent | undefined;
            if (ev?.key === 'Enter' && e.data) setOpen(e.data);
          }}
          overlayNoRowsTemplate="No sign-ins match the filter."
        />
      </div>
      <div className="groups-status" data-testid="group-count" aria-live="polite">
        {groupTotal === null ? 'Grouping…' : `${groupTotal.toLocaleString('en-US')} group${groupTotal === 1 ? '' : 's'}`}
        {open ? '' : ' · select a group (click or Enter) to list its sign-ins'}
      </div>
      {open && <GroupMembers filter={filter} group={open} timeZone={timeZone} onSelect={onSelect} onClose={() => setOpen(null)} onMessage={onMessage} />}
    </div>
  );
}
