// The Sign-ins view: type tabs, the filter bar, the summary (collapsible) and the grid, all over the
// one filter the shell owns.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useState } from 'react';
import type { FilterKey, SignIn, SignInFilter } from '../../../preload/contract';
import { SelectionActions } from '../annotations/SelectionActions';
import { CaseExportButton } from '../case/CaseExportButton';
import { ExportButton } from '../export/ExportButton';
import { GroupControl, groupable, type Grouping } from '../groups/GroupControl';
import { SignInGroups } from '../groups/SignInGroups';
import { FilterBar } from '../filters/FilterBar';
import type { FilterState } from '../filters/useFilterState';
import { SummaryPanel } from '../summary/SummaryPanel';
import type { TimeZoneMode } from '../../time';
import { ColumnChooser } from './ColumnChooser';
import { SignInGrid } from './SignInGrid';
import { TypeTabs } from './TypeTabs';

const SUMMARY_KEY = 'sightline.summaryOpen';
const GROUPING_KEY = 'sightline.grouping';
const GROUPINGS: Grouping[] = ['off', 'none', '1h', '6h', '24h'];

type Props = {
  filters: FilterState;
  /** Merges keys into the filter (a click in the summary, the grid or the details pane). */
  onNarrow(patch: SignInFilter): void;
  timeZone: TimeZoneMode;
  dataVersion: number;
  total: number | null;
  filterSignal: number;
  onTotal(total: number): void;
  onSelect(id: string | null): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

export function SignInsView({ filters, onNarrow, timeZone, dataVersion, total, filterSignal, onTotal, onSelect, onMessage }: Props) {
  const [grid, setGrid] = useState<GridApi<SignIn> | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(() => localStorage.getItem(SUMMARY_KEY) !== 'closed');
  const [grouping, setGrouping] = useState<Grouping>(() => {
    const saved = localStorage.getItem(GROUPING_KEY) as Grouping | null;
    return saved && GROUPINGS.includes(saved) ? saved : 'off';
  });
  const { filter, set } = filters;
  // The grouping in force: only on the tabs the portal groups.
  const aggregate = grouping !== 'off' && groupable(filter) ? grouping : null;

  useEffect(() => localStorage.setItem(GROUPING_KEY, grouping), [grouping]);

  useEffect(() => localStorage.setItem(SUMMARY_KEY, summaryOpen ? 'open' : 'closed'), [summaryOpen]);

  const onFilter = useCallback((key: FilterKey, value: unknown) => onNarrow({ [key]: value } as SignInFilter), [onNarrow]);

  return (
    <div className="signins-view">
      <div className="view-toolbar">
        <TypeTabs filter={filter} onChange={set} />
        {groupable(filter) && <GroupControl value={grouping} onChange={setGrouping} />}
        <span className="spacer" />
        <SelectionActions grid={grid} onMessage={onMessage} />
        <button type="button" className="ghost" data-testid="summary-toggle" aria-pressed={summaryOpen} onClick={() => setSummaryOpen((o) => !o)} title="Show or hide the summary">
          Summary {summaryOpen ? '▴' : '▾'}
        </button>
        <ColumnChooser grid={grid} timeZone={timeZone} />
        <ExportButton filter={filter} total={total} onMessage={onMessage} />
        <CaseExportButton what="signins" filter={filter} total={total} onMessage={onMessage} />
      </div>
      <FilterBar
        filter={filter}
        onChange={set}
        timeZone={timeZone}
        dataVersion={dataVersion}
        openSignal={filterSignal}
        canUndo={filters.canUndo}
        onUndo={filters.undo}
        onMessage={onMessage}
      />
      {summaryOpen && <SummaryPanel filter={filter} timeZone={timeZone} dataVersion={dataVersion} onNarrow={onNarrow} />}
      {aggregate ? (
        <SignInGroups filter={filter} aggregate={aggregate} timeZone={timeZone} dataVersion={dataVersion} onSelect={onSelect} onMessage={onMessage} />
      ) : (
        <SignInGrid
          filter={filter}
          timeZone={timeZone}
          dataVersion={dataVersion}
          onTotal={onTotal}
          onSelect={onSelect}
          onFilter={onFilter}
          onMessage={onMessage}
          onApi={setGrid}
        />
      )}
    </div>
  );
}
