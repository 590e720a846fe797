// The Timeline view: the density band of the filtered sign-ins (counted in main per bucket) over the
// visible range, and lanes of case items under it. Zoom (wheel, +/-), pan (drag the lanes, arrows),
// brush a range on the band (the shared filter gets from/to, so the grid shows those sign-ins), click
// an item (a sign-in opens the details pane; a finding or anything else opens its panel), group the
// lanes by user. Every label is text: log values never become markup.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SignInFilter, TimelineDensity, TimelineItem, TimelineItemDetail } from '../../../preload/contract';
import { api } from '../../api';
import { isEmptyFilter, without } from '../../filterModel';
import { onAnnotationsChanged } from '../annotations/bus';
import { formatTime, type TimeZoneMode } from '../../time';
import type { FilterState } from '../filters/useFilterState';
import { DensityBand, LABEL_WIDTH } from './DensityBand';
import { asked, itemsNear, itemsRangeToFetch, overlaps, useLatestRequest, type ItemsCache } from './fetching';
import { Lanes } from './Lanes';
import { layoutRows, pan, zoom, type Range } from './layout';
import './timeline.css';

const GROUP_KEY = 'sightline.timeline.groupByUser';
const LIST_MAX = 200;

type Props = {
  filters: FilterState;
  onNarrow(patch: SignInFilter): void;
  timeZone: TimeZoneMode;
  dataVersion: number;
  onSelect(id: string): void;
  /** Replaces the filter and shows the grid (a finding's evidence sign-ins). */
  onShow(filter: SignInFilter): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

/** The zoom-out limit: the sign-ins' extent with a little room on both sides. */
function boundsOf(extent: TimelineDensity['extent']): Range | null {
  if (!extent) return null;
  const pad = Math.max(3_600_000, (extent.endMs - extent.startMs) * 0.03);
  return { from: extent.startMs - pad, to: extent.endMs + pad };
}

/** The value once it has stopped changing for `ms`; the first one (from nothing) at once, so opening the view does not wait. */
function useDebounced<T>(value: T | null, ms: number): T | null {
  const [v, setV] = useState(value);
  const first = v === null;
  useEffect(() => {
    const t = setTimeout(() => setV(value), first ? 0 : ms);
    return () => clearTimeout(t);
  }, [value, ms, first]);
  return v;
}

export function TimelineView({ filters, onNarrow, timeZone, dataVersion, onSelect, onShow, onMessage }: Props) {
  const { filter, set } = filters;
  const [view, setView] = useState<Range | null>(null);
  const [bounds, setBounds] = useState<Range | null>(null);
  const [density, setDensity] = useState<TimelineDensity | null>(null);
  // Lane items kept for a range around the view (fetching.ts): drawn at once while moving.
  const [itemsCache, setItemsCache] = useState<ItemsCache | null>(null);
  // The version of the data in which a lane was cut by the limit: from then on only exact views are asked.
  const [exactFor, setExactFor] = useState<string | null>(null);
  // Tags, notes and bookmarks changed elsewhere (the details pane, the grid): the kept items are stale.
  const [annotationsTick, setAnnotationsTick] = useState(0);
  useEffect(() => onAnnotationsChanged(() => setAnnotationsTick((t) => t + 1)), []);
  const itemsVersion = `${dataVersion}:${annotationsTick}`;
  const [groupByUser, setGroupByUser] = useState(() => localStorage.getItem(GROUP_KEY) === 'yes');
  const [panel, setPanel] = useState<{ item: TimelineItem; detail: TimelineItemDetail | null; error: string | null } | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [plot, setPlot] = useState({ left: LABEL_WIDTH, width: 0 });
  const [themeTick, setThemeTick] = useState(0);
  const [empty, setEmpty] = useState(false);
  const [showList, setShowList] = useState(false);
  const [find, setFind] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => localStorage.setItem(GROUP_KEY, groupByUser ? 'yes' : 'no'), [groupByUser]);
  useEffect(() => {
    const obs = new MutationObserver(() => setThemeTick((t) => t + 1));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => obs.disconnect();
  }, []);

  // The band ignores the filter's own range (it is shaded instead), so brushing keeps the context.
  const bandFilter = useMemo(() => without(filter, 'from', 'to'), [filter]);
  const bandKey = JSON.stringify(bandFilter);
  const selected = useMemo<Range | null>(() => {
    if (!filter.from && !filter.to) return null;
    return { from: filter.from ? Date.parse(filter.from) : (bounds?.from ?? 0), to: filter.to ? Date.parse(filter.to) : (bounds?.to ?? Date.now()) };
  }, [filter.from, filter.to, bounds]);

  // First the whole extent (a new case, new data or another filter), then whatever the analyst zooms to.
  // Only the extent is wanted here: a range before any sign-in (the first millisecond of 1970) makes
  // main skip the counting, which costs as much as the band itself on 1M sign-ins.
  useEffect(() => {
    let live = true;
    api['timeline.density']({ filter: JSON.parse(bandKey) as SignInFilter, fromMs: 0, toMs: 1, buckets: 10 })
      .then((d) => {
        if (!live) return;
        const b = boundsOf(d.extent);
        setBounds(b);
        setEmpty(d.extent === null);
        setView((v) => (v && b && v.from >= b.from && v.to <= b.to ? v : b));
      })
      .catch((e: Error) => onMessage('error', `Timeline: ${e.message}`));
    return () => {
      live = false;
    };
  }, [bandKey, dataVersion, onMessage]);

  // Data is asked for at rest (120 ms after the last move); the drawing follows every move from what is here.
  const debouncedView = useDebounced(view, 120);
  const width = plot.width || 900;
  const fail = useCallback((e: Error) => onMessage('error', `Timeline: ${e.message}`), [onMessage]);

  const densityKey = debouncedView
    ? JSON.stringify({ filter: bandKey, ...asked(debouncedView), buckets: Math.max(20, Math.min(600, Math.floor(width / 3))), dataVersion })
    : null;
  useLatestRequest(
    densityKey,
    (key) => {
      const q = JSON.parse(key) as { filter: string; from: number; to: number; buckets: number };
      return api['timeline.density']({ filter: JSON.parse(q.filter) as SignInFilter, fromMs: q.from, toMs: q.to, buckets: q.buckets });
    },
    (_key, d) => setDensity(d),
    fail,
  );

  const itemsRange = debouncedView ? itemsRangeToFetch(debouncedView, bounds, itemsCache, itemsVersion, exactFor === itemsVersion) : null;
  useLatestRequest(
    itemsRange ? JSON.stringify({ ...itemsRange, version: itemsVersion }) : null,
    (key) => {
      const q = JSON.parse(key) as { from: number; to: number; version: string };
      return api['timeline.items']({ fromMs: q.from, toMs: q.to, limit: 5000 }).then((items): ItemsCache => ({ range: { from: q.from, to: q.to }, version: q.version, items }));
    },
    (_key, cache) => {
      if (Object.keys(cache.items.truncated).length > 0) setExactFor(cache.version);
      setItemsCache(cache);
    },
    fail,
  );
  const items = itemsCache?.items ?? null;
  // What the view shows at rest (the list, the counts, the notes), and what the lanes draw: the kept
  // items around the view, so a pan shows its items before anything is fetched.
  const inView = useMemo(() => (items && debouncedView ? items.items.filter((i) => overlaps(debouncedView, i)) : []), [items, debouncedView]);
  const near = useMemo(() => itemsNear(itemsCache, debouncedView), [itemsCache, debouncedView]);
  const rows = useMemo(() => (items ? layoutRows(near, items.lanes, groupByUser) : []), [items, near, groupByUser]);

  const doZoom = useCallback((factor: number, anchor?: number) => setView((v) => (v ? zoom(v, factor, anchor ?? (v.from + v.to) / 2, bounds) : v)), [bounds]);
  const doPan = useCallback((delta: number) => setView((v) => (v ? pan(v, delta, bounds) : v)), [bounds]);

  const brush = useCallback((r: Range) => onNarrow({ from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() }), [onNarrow]);

  const pick = useCallback(
    (item: TimelineItem) => {
      if (item.ref.kind === 'signin') {
        onSelect(item.ref.id);
        setPanel(null);
        return;
      }
      setPanel({ item, detail: null, error: null });
      api['timeline.item']({ ref: item.ref })
        .then((detail) => setPanel((p) => (p?.item.key === item.key ? { ...p, detail } : p)))
        .catch((e: Error) => setPanel((p) => (p?.item.key === item.key ? { ...p, error: e.message } : p)));
    },
    [onSelect],
  );

  const onKey = (e: React.KeyboardEvent) => {
    if (!view) return;
    const span = view.to - view.from;
    if (e.key === 'ArrowLeft') doPan(-span * 0.25);
    else if (e.key === 'ArrowRight') doPan(span * 0.25);
    else if (e.key === '+' || e.key === '=') doZoom(0.8);
    else if (e.key === '-') doZoom(1.25);
    else return;
    e.preventDefault();
  };

  // The list reads in time order; the find box narrows it to labels holding the text (any case).
  const matching = useMemo(() => {
    const needle = find.trim().toLowerCase();
    const all = [...inView].sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key));
    return needle ? all.filter((i) => i.label.toLowerCase().includes(needle)) : all;
  }, [inView, find]);
  const listed = matching.slice(0, LIST_MAX);
  const truncated = Object.entries(items?.truncated ?? {});

  if (empty) {
    return (
      <div className="empty-state" data-testid="timeline">
        <h2>No sign-ins {isEmptyFilter(bandFilter) ? 'in this case' : 'match the filter'}</h2>
        <p>The timeline shows the sign-ins the filter selects, with the findings, annotations and evidence of the case.</p>
      </div>
    );
  }

  return (
    <div className="timeline-view" data-testid="timeline" ref={rootRef} tabIndex={0} onKeyDown={onKey} aria-label="Case timeline">
      <div className="view-toolbar timeline-toolbar">
        <button type="button" className="ghost" data-testid="timeline-zoom-in" onClick={() => doZoom(0.5)} title="Zoom in (+, or the wheel)">
          +
        </button>
        <button type="button" className="ghost" data-testid="timeline-zoom-out" onClick={() => doZoom(2)} title="Zoom out (-, or the wheel)">
          −
        </button>
        <button type="button" className="ghost" onClick={() => view && doPan(-(view.to - view.from) / 2)} title="Earlier (←, or drag the lanes)">
          ◀
        </button>
        <button type="button" className="ghost" onClick={() => view && doPan((view.to - view.from) / 2)} title="Later (→, or drag the lanes)">
          ▶
        </button>
        <button type="button" className="ghost" data-testid="timeline-reset" onClick={() => setView(bounds)} title="Show the whole case">
          Whole case
        </button>
        {selected && (
          <>
            <button type="button" className="ghost" data-testid="timeline-zoom-selection" onClick={() => setView(zoom(selected, 1.1, (selected.from + selected.to) / 2, bounds))}>
              Zoom to the filtered range
            </button>
            <button type="button" className="ghost" data-testid="timeline-clear-range" onClick={() => set((f) => without(f, 'from', 'to'))}>
              Clear the range
            </button>
          </>
        )}
        <label className="timeline-toggle">
          <input type="checkbox" data-testid="timeline-group-by-user" checked={groupByUser} onChange={(e) => setGroupByUser(e.target.checked)} /> Group lanes by user
        </label>
        <span className="spacer" />
        <span className="muted small" data-testid="timeline-range">
          {view ? `${formatTime(new Date(view.from).toISOString(), timeZone)} to ${formatTime(new Date(view.to).toISOString(), timeZone)}` : ''}
          {density ? ` · ${density.total.toLocaleString('en-US')} sign-ins in view` : ''}
          {selected ? ` · filtered to ${formatTime(new Date(selected.from).toISOString(), timeZone)} to ${formatTime(new Date(selected.to).toISOString(), timeZone)}` : ''}
        </span>
      </div>
      <div className="timeline-readout muted small" data-testid="timeline-readout">
        {hover ?? 'Drag across the band to filter the grid to that range; wheel to zoom; drag the lanes to move; click an item for its details.'}
      </div>
      <div className="timeline-body">
        <div className="timeline-main">
          {view && (
            <DensityBand
              density={density}
              view={view}
              selected={selected}
              timeZone={timeZone}
              themeTick={themeTick}
              onBrush={brush}
              onZoom={doZoom}
              onHover={setHover}
              onPlotBox={(left, w) => setPlot((p) => (p.left === left && p.width === w ? p : { left, width: w }))}
            />
          )}
          {view && items && (
            <Lanes rows={rows} view={view} selected={selected} plotLeft={plot.left} plotWidth={plot.width} timeZone={timeZone} themeTick={themeTick} activeKey={panel?.item.key ?? null} onPan={doPan} onZoom={doZoom} onPick={pick} />
          )}
          {items && inView.length === 0 && <p className="muted timeline-note">No findings, annotations, evidence or other records in this range.</p>}
          {truncated.length > 0 && (
            <p className="muted small timeline-note" data-testid="timeline-truncated">
              {truncated.map(([lane, n]) => `${n.toLocaleString('en-US')} more in ${lane}`).join('; ')}: zoom in to see them.
            </p>
          )}
          <details className="timeline-list" open={showList} onToggle={(e) => setShowList((e.target as HTMLDetailsElement).open)}>
            <summary data-testid="timeline-list-toggle">
              Items in view ({inView.length.toLocaleString('en-US')}
              {matching.length > LIST_MAX ? `, the first ${LIST_MAX}${find ? ' matching' : ''} listed` : ''})
            </summary>
            {showList && (
              <input type="search" className="timeline-find" data-testid="timeline-list-find" placeholder="Find in the items in view…" aria-label="Find in the items in view" value={find} onChange={(e) => setFind(e.target.value)} />
            )}
            {showList && (
              <ul data-testid="timeline-list">
                {listed.map((i) => (
                  <li key={i.key}>
                    <button type="button" className="link" data-testid="timeline-list-item" onClick={() => pick(i)}>
                      {formatTime(new Date(i.startMs).toISOString(), timeZone)} · {i.label}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </details>
        </div>
        {panel && (
          <aside className="timeline-panel" data-testid="timeline-panel" aria-label="Timeline item">
            <div className="timeline-panel-head">
              <strong>{panel.detail?.title ?? panel.item.label}</strong>
              <button type="button" className="icon-button" aria-label="Close" onClick={() => setPanel(null)}>
                ×
              </button>
            </div>
            {panel.error && <p className="error-text">{panel.error}</p>}
            {!panel.detail && !panel.error && <p className="muted">Loading…</p>}
            {panel.detail && (
              <>
                <dl className="timeline-fields">
                  {panel.detail.fields.map((f) => (
                    <div key={f.label}>
                      <dt>{f.label}</dt>
                      <dd className={f.label === 'Record' ? 'mono pre' : undefined}>{f.value}</dd>
                    </div>
                  ))}
                </dl>
                {panel.detail.signInIds.length > 0 && (
                  <>
                    <h4>Sign-ins ({panel.detail.signInIds.length.toLocaleString('en-US')}{panel.detail.signInIds.length >= 200 ? '+' : ''})</h4>
                    <ul className="timeline-signins">
                      {panel.detail.signInIds.map((id) => (
                        <li key={id}>
                          <button type="button" className="link mono" onClick={() => onSelect(id)}>
                            {id}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {panel.item.ref.kind === 'finding' && (
                  <div className="row-left">
                    <button type="button" data-testid="timeline-finding-signins" onClick={() => panel.item.ref.kind === 'finding' && onShow({ finding: panel.item.ref.id })}>
                      Show its sign-ins in the grid
                    </button>
                    <button type="button" className="ghost" onClick={() => onNarrow({ from: new Date(panel.item.startMs).toISOString(), to: new Date((panel.item.endMs ?? panel.item.startMs) + 1).toISOString() })}>
                      Filter to its time
                    </button>
                  </div>
                )}
              </>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
