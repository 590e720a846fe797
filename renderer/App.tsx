// The one shell every view lives in (UI.md): top bar, left navigation, main view, details pane,
// status bar with task progress and the time zone.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Case, EventPayload, ImportOptions, ImportProgress, ImportSummary, SignInFilter } from '../preload/contract';
import { api, host, importFiles, on } from './api';
import { requestAnnotationCommand } from './features/annotations/bus';
import { CaseMenu } from './features/case/CaseMenu';
import { NoCase } from './features/case/NoCase';
import { DetailsPane } from './features/details/DetailsPane';
import { CollectView } from './features/collect/CollectView';
import { EvidenceView } from './features/evidence/EvidenceView';
import { ImportOptionsControl } from './features/evidence/ImportOptionsControl';
import { DEFAULT_IMPORT_OPTIONS, importOutcome } from './features/evidence/importOptions';
import { EntitiesView } from './features/entities/EntitiesView';
import { EntityPanel } from './features/entities/EntityPanel';
import { closeEntity, useIndicatorAdded, useOpenEntity } from './features/entities/store';
import { SearchBox } from './features/filters/SearchBox';
import { useFilterState } from './features/filters/useFilterState';
import { SignInsView } from './features/grid/SignInsView';
import { MapView } from './features/map/MapView';
import { ReportView } from './features/report/ReportView';
import { FindingsView } from './features/findings/FindingsView';
import { TimelineView } from './features/timeline/TimelineView';
import { views, type ViewId } from './features/shell/nav';
import { CollectTask } from './features/shell/CollectTask';
import { useShortcuts } from './features/shell/useShortcuts';
import { filterError, isEmptyFilter, withValue } from './filterModel';
import { countText } from './format';
import { knownZones, zoneLabel, type TimeZoneMode } from './time';

type Theme = 'system' | 'light' | 'dark';

/** An import's work: its summaries, and how many offered files it never sent (web mode, after a cancel). */
type ImportWork = (stop: AbortSignal) => Promise<{ summaries: ImportSummary[]; notSent?: number }>;

export function App() {
  const [caseInfo, setCaseInfo] = useState<Case | null | undefined>(undefined);
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const [view, setView] = useState<ViewId>('signins');
  const [selected, setSelected] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [timeZone, setTimeZone] = useState<TimeZoneMode>('utc');
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('sightline.theme') as Theme | null) ?? 'system');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  // Chosen once, sent with every import (dialog, drop, upload) until reset; shown while not the defaults.
  const [importOptions, setImportOptions] = useState<ImportOptions>(DEFAULT_IMPORT_OPTIONS);
  const importStop = useRef<AbortController | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [showHelp, setShowHelp] = useState(false);
  const filters = useFilterState();
  const { filter, set: setFilter, reset: resetFilter, undo: undoFilter } = filters;
  const [exportProgress, setExportProgress] = useState<EventPayload<'export.progress'> | null>(null);
  const [filterSignal, setFilterSignal] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const zones = useMemo(() => knownZones(), []);
  const casePath = caseInfo?.path;
  const say = useCallback((kind: 'info' | 'error', text: string) => setMessage({ kind, text }), []);
  // A click in any view narrows the shared filter (undoable); a value the contract refuses is reported, not sent.
  const narrow = useCallback(
    (patch: SignInFilter) => {
      const next = Object.entries(patch).reduce<SignInFilter>((f, [k, v]) => withValue(f, k as keyof SignInFilter, v), filter);
      const error = filterError(next);
      if (error) setMessage({ kind: 'error', text: `Cannot filter on that value: ${error}` });
      else setFilter(next);
    },
    [filter, setFilter],
  );

  // Entities: the profile open anywhere shows in the side panel; its numbers show sign-ins in the grid.
  const entity = useOpenEntity();
  const indicatorAdded = useIndicatorAdded();
  const showInGrid = useCallback(
    (f: SignInFilter) => {
      setFilter(f);
      setView('signins');
    },
    [setFilter],
  );
  useEffect(() => {
    if (indicatorAdded) setMessage({ kind: 'info', text: `Added ${indicatorAdded.value} to the indicators (Entities view).` });
  }, [indicatorAdded]);
  useEffect(() => closeEntity, [casePath]);

  // Each case starts unfiltered.
  useEffect(() => {
    resetFilter();
    setTotal(null);
  }, [casePath, resetFilter]);

  useEffect(() => {
    api['app.info']({}).then((i) => setNativeDialogs(i.nativeDialogs), () => undefined);
    api['case.current']({}).then(setCaseInfo, (e: Error) => setMessage({ kind: 'error', text: e.message }));
    const offCase = on('case.changed', (c) => {
      setCaseInfo(c);
      setDataVersion((v) => v + 1);
    });
    const offProgress = on('import.progress', (p) => setProgress(p.done && p.fileIndex + 1 === p.fileCount ? null : p));
    const offExport = on('export.progress', (p) => setExportProgress(p.done ? null : p));
    return () => {
      offCase();
      offProgress();
      offExport();
    };
  }, []);

  useEffect(() => {
    localStorage.setItem('sightline.theme', theme);
    const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
    document.body.dataset['agThemeMode'] = dark ? 'dark' : 'light';
  }, [theme]);

  const runImport = useCallback(async (work: ImportWork) => {
    const stop = new AbortController();
    importStop.current = stop;
    setMessage({ kind: 'info', text: 'Importing…' });
    try {
      const { summaries, notSent = 0 } = await work(stop.signal);
      setMessage(summaries.length || notSent ? importOutcome(summaries, notSent) : null);
      // Also after a refused-only or cancelled import: the refused files list reads the audit trail.
      setDataVersion((v) => v + 1);
      setCaseInfo(await api['case.current']({}));
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      if (importStop.current === stop) importStop.current = null;
      setProgress(null);
    }
  }, []);

  /** Cancel: the running file leaves nothing behind, and (web mode) the files not yet uploaded are not sent. */
  const cancelImport = useCallback(() => {
    importStop.current?.abort();
    void api['evidence.cancelImport']({}).catch((e: Error) => setMessage({ kind: 'error', text: e.message }));
  }, []);

  const importDropped = useCallback(
    (files: File[]) =>
      void runImport(async (stop) => {
        const summaries = await importFiles(files, importOptions, stop);
        return { summaries, notSent: host === 'web' ? files.length - summaries.length : 0 };
      }),
    [importOptions, runImport],
  );

  const pickFiles = useCallback(() => {
    if (nativeDialogs) {
      void runImport(async () => {
        const s = await api['evidence.importDialog'](importOptions);
        return { summaries: s ? [s] : [] };
      });
      return;
    }
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = '.csv,.json,.jsonl,.log,.txt';
    input.onchange = () => {
      const files = [...(input.files ?? [])];
      if (files.length) importDropped(files);
    };
    input.click();
  }, [nativeDialogs, runImport, importOptions, importDropped]);

  const shortcuts = useMemo(
    () => ({
      go: (v: ViewId) => setView(v),
      escape: () => {
        setSelected(null);
        setShowHelp(false);
      },
      help: () => setShowHelp((s) => !s),
      search: () => searchRef.current?.focus(),
      filter: () => {
        setView('signins');
        setFilterSignal((n) => n + 1);
      },
      undo: undoFilter,
      // Tag / note the grid selection (features/annotations/SelectionActions listens).
      tag: () => void requestAnnotationCommand('tag'),
      note: () => void requestAnnotationCommand('note'),
    }),
    [undoFilter],
  );
  useShortcuts(shortcuts);

  const current = views.find((v) => v.id === view)!;

  return (
    <div
      className={`shell${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!caseInfo) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const files = [...e.dataTransfer.files];
        if (caseInfo && files.length) importDropped(files);
      }}
    >
      <header className="topbar">
        <span className="brand">Sightline</span>
        <CaseMenu caseInfo={caseInfo} nativeDialogs={nativeDialogs} onMessage={say} />
        {nativeDialogs && (
          <>
            <button type="button" className="ghost" onClick={() => api['case.openDialog']({ create: true }).catch((e: Error) => setMessage({ kind: 'error', text: e.message }))}>New case…</button>
            <button type="button" className="ghost" onClick={() => api['case.openDialog']({ create: false }).catch((e: Error) => setMessage({ kind: 'error', text: e.message }))}>Open case…</button>
          </>
        )}
        <SearchBox value={filter.search} onChange={(v) => setFilter((f) => withValue(f, 'search', v))} inputRef={searchRef} disabled={!caseInfo} />
        <span className="spacer" />
        <button type="button" data-testid="import-button" disabled={!caseInfo} onClick={pickFiles} title="Import sign-in logs (or drop files on the window)">
          Import
        </button>
        <ImportOptionsControl value={importOptions} onChange={setImportOptions} disabled={!caseInfo} />
        <button type="button" className="ghost" data-testid="timezone-toggle" onClick={() => setTimeZone((z) => (z === 'utc' ? 'local' : 'utc'))} title="Switch every time between UTC and local time">
          {zoneLabel(timeZone)}
        </button>
        <select aria-label="Time zone" data-testid="timezone-zone" className="zone-select" value={timeZone === 'utc' || timeZone === 'local' ? '' : timeZone} onChange={(e) => setTimeZone(e.target.value || 'utc')} title="Show every time in another IANA time zone">
          <option value="">Other zone…</option>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <select aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </header>

      <nav className="sidenav" aria-label="Views">
        {views.map((v) => (
          <button key={v.id} type="button" className={v.id === view ? 'nav-item active' : 'nav-item'} onClick={() => setView(v.id)} data-testid={`nav-${v.id}`} title={`g ${v.key}`}>
            {v.label}
          </button>
        ))}
      </nav>

      <main className="main" aria-label={current.label}>
        {message && (
          <div className={`banner ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
            <span>{message.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setMessage(null)}>
              ×
            </button>
          </div>
        )}
        {caseInfo === undefined ? null : caseInfo === null ? (
          <NoCase nativeDialogs={nativeDialogs} onError={(text) => setMessage({ kind: 'error', text })} />
        ) : view === 'signins' ? (
          caseInfo.signIns === 0 ? (
            <div className="empty-state" data-testid="grid">
              <h2>This case has no sign-ins yet</h2>
              <p>Import sign-in logs (Import, or drop export files on this window){host === 'electron' ? ' or collect from Graph' : ''}.</p>
            </div>
          ) : (
            <SignInsView
              key={caseInfo.path}
              filters={filters}
              onNarrow={narrow}
              timeZone={timeZone}
              dataVersion={dataVersion}
              total={total}
              filterSignal={filterSignal}
              onTotal={setTotal}
              onSelect={setSelected}
              onMessage={say}
            />
          )
        ) : view === 'map' ? (
          <MapView key={caseInfo.path} filters={filters} onNarrow={narrow} timeZone={timeZone} dataVersion={dataVersion} onSelect={setSelected} selectedId={selected} onMessage={say} />
        ) : view === 'entities' ? (
          <EntitiesView timeZone={timeZone} onShow={showInGrid} onMessage={say} />
        ) : view === 'evidence' ? (
          <EvidenceView dataVersion={dataVersion} timeZone={timeZone} />
        ) : view === 'collect' ? (
          <CollectView timeZone={timeZone} />
        ) : view === 'timeline' ? (
          <TimelineView key={caseInfo.path} filters={filters} onNarrow={narrow} timeZone={timeZone} dataVersion={dataVersion} onSelect={setSelected} onShow={showInGrid} onMessage={say} />
        ) : view === 'report' ? (
          <ReportView key={caseInfo.path} timeZone={timeZone} dataVersion={dataVersion} onMessage={say} />
        ) : view === 'findings' ? (
          <FindingsView
            key={caseInfo.path}
            timeZone={timeZone}
            dataVersion={dataVersion}
            onShow={showInGrid}
            onShowOnMap={(f) => {
              setFilter(f);
              setView('map');
            }}
            onSelect={setSelected}
            onMessage={say}
          />
        ) : (
          <div className="empty-state">
            <h2>{current.label}</h2>
            <p>Coming in a later release.</p>
          </div>
        )}
      </main>

      {entity ? <EntityPanel entity={entity} timeZone={timeZone} dataVersion={dataVersion} onShow={showInGrid} /> : selected && <DetailsPane id={selected} timeZone={timeZone} onClose={() => setSelected(null)} onOpen={setSelected} onShow={(f) => setFilter(f)} />}

      <footer className="statusbar">
        <span data-testid="row-count">
          {caseInfo
            ? view === 'signins' && total !== null && !isEmptyFilter(filter)
              ? `${countText(total, 'sign-in')} (filtered from ${caseInfo.signIns.toLocaleString('en-US')})`
              : countText(view === 'signins' && total !== null ? total : caseInfo.signIns, 'sign-in')
            : ''}
        </span>
        {exportProgress && (
          <span className="progress" data-testid="export-progress">
            Exporting {exportProgress.rows.toLocaleString('en-US')} of {countText(exportProgress.total, 'sign-in')}
            <progress max={Math.max(exportProgress.total, 1)} value={exportProgress.rows} />
          </span>
        )}
        {progress && (
          <span className="progress" data-testid="import-progress">
            {progress.phase === 'indexes'
              ? 'Import: rebuilding the indexes… '
              : progress.phase === 'search'
                ? 'Import: indexing the search text… '
                : progress.phase === 'saving'
                  ? 'Import: saving the case… '
                  : `Importing ${progress.file.split(/[\\/]/).pop()}: ${progress.records.toLocaleString('en-US')} records`}
            {progress.phase && progress.phase !== 'reading' ? <progress /> : <progress max={progress.totalBytes} value={progress.bytes} />}
            {progress.etaSeconds !== null ? ` ~${Math.ceil(progress.etaSeconds)} s left` : ''}
            {progress.fileCount > 1 ? ` (file ${progress.fileIndex + 1} of ${progress.fileCount})` : ''}
            <button type="button" className="ghost small" data-testid="import-cancel" onClick={cancelImport} title="Stop the import; the file being read leaves nothing behind">
              Cancel
            </button>
          </span>
        )}
        <CollectTask />
        <span className="spacer" />
        <span>{zoneLabel(timeZone)}</span>
      </footer>

      {showHelp && (
        <div className="dialog" role="dialog" aria-label="Keyboard shortcuts">
          <h3>Keyboard shortcuts</h3>
          <ul>
            {views.map((v) => (
              <li key={v.id}>
                <kbd>g</kbd> <kbd>{v.key}</kbd> {v.label}
              </li>
            ))}
            <li>
              <kbd>/</kbd> search
            </li>
            <li>
              <kbd>f</kbd> add a filter
            </li>
            <li>
              <kbd>Ctrl</kbd> <kbd>Z</kbd> undo the last filter change
            </li>
            <li>
              <kbd>Enter</kbd> details of the focused sign-in
            </li>
            <li>
              <kbd>t</kbd> tag, <kbd>n</kbd> note on the selected sign-ins
            </li>
            <li>
              <kbd>Ctrl</kbd> <kbd>C</kbd> copy the cell (the selected rows when several); <kbd>Ctrl</kbd> <kbd>Shift</kbd> <kbd>C</kbd> the row; right-click or <kbd>Shift</kbd> <kbd>F10</kbd> for more
            </li>
            <li>
              <kbd>Esc</kbd> clear selection, close this list
            </li>
            <li>
              <kbd>?</kbd> this list
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
