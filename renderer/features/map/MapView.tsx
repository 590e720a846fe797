// The Map view (issue 5): where the sign-ins under the shared filter came from, on a bundled
// basemap (no tile server), one marker per distinct location, and one user's travel legs. A click
// on a marker narrows the shared filter (undoable), so the grid follows; the map follows the filter.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { GeoProgress, GeoStatus, MapLocation, MapLocations, SignInFilter, Traveller, TravelResult } from '../../../preload/contract';
import { api, on } from '../../api';
import { isEmptyFilter } from '../../filterModel';
import { countText } from '../../format';
import type { TimeZoneMode } from '../../time';
import { FilterBar } from '../filters/FilterBar';
import { canonical, type FilterState } from '../filters/useFilterState';
import { narrowingFor } from './encoding';
import { GeoSettingsPanel } from './GeoSettingsPanel';
import { Legend } from './Legend';
import { SightlineMap, type MapHandlers } from './mapController';
import { TravelPanel, type TravelSwitches } from './TravelPanel';
import './map.css';

const CLUSTER_KEY = 'sightline.map.cluster';
const LOCATION_LIMIT = 10_000;

type Props = {
  filters: FilterState;
  /** Merges keys into the shared filter (a marker click, an address in a popup). */
  onNarrow(patch: SignInFilter): void;
  timeZone: TimeZoneMode;
  dataVersion: number;
  /** Opens a sign-in in the details pane. */
  onSelect(id: string | null): void;
  /** The sign-in the details pane shows. */
  selectedId: string | null;
  onMessage(kind: 'info' | 'error', text: string): void;
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Latest = { onNarrow(patch: SignInFilter): void; onMessage(kind: 'info' | 'error', text: string): void; pickLeg(index: number): void };

export function MapView({ filters, onNarrow, timeZone, dataVersion, onSelect, selectedId, onMessage }: Props) {
  const { filter } = filters;
  const host = useRef<HTMLDivElement>(null);
  const ctl = useRef<SightlineMap | null>(null);
  /** The legend's width, kept clear when the map fits its data. */
  const reserved = useRef(0);
  const [locations, setLocations] = useState<MapLocations | null>(null);
  const [locError, setLocError] = useState<string | null>(null);
  const [clustering, setClustering] = useState(() => localStorage.getItem(CLUSTER_KEY) !== 'off');
  const [user, setUser] = useState<string | null>(null);
  const [switches, setSwitches] = useState<TravelSwitches>({ includeFailures: false, includeNonInteractive: false });
  const [travel, setTravel] = useState<TravelResult | null>(null);
  const [travelLoading, setTravelLoading] = useState(false);
  const [travelError, setTravelError] = useState<string | null>(null);
  const [travellers, setTravellers] = useState<Traveller[] | null>(null);
  const [travellersError, setTravellersError] = useState<string | null>(null);
  const [selectedLeg, setSelectedLeg] = useState<number | null>(null);
  const [status, setStatus] = useState<GeoStatus | null>(null);
  const [progress, setProgress] = useState<GeoProgress | null>(null);
  const [enriched, setEnriched] = useState(0);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [geoVersion, setGeoVersion] = useState(0);

  // The latest callbacks, for the map (created once) to call.
  const latest = useRef<Latest>({ onNarrow, onMessage, pickLeg: () => undefined });

  useEffect(() => {
    const handlers: MapHandlers = {
      location: (l: MapLocation, note: string | null) => {
        const { patch } = narrowingFor(l);
        if (Object.keys(patch).length) latest.current.onNarrow(patch);
        if (note) latest.current.onMessage('info', note);
      },
      leg: (i) => latest.current.pickLeg(i),
      filterIp: (ip) => latest.current.onNarrow({ ip }),
      filterApp: (app) => latest.current.onNarrow({ app }),
      travel: (u) => setUser(u.toLowerCase()),
    };
    const map = new SightlineMap(host.current!, handlers);
    map.setReservedRight(reserved.current);
    ctl.current = map;
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(host.current!);
    const theme = new MutationObserver(() => map.restyle());
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      resize.disconnect();
      theme.disconnect();
      ctl.current = null;
      map.destroy();
    };
  }, []);

  useEffect(() => ctl.current?.setTimeZone(timeZone), [timeZone]);

  useEffect(() => {
    localStorage.setItem(CLUSTER_KEY, clustering ? 'on' : 'off');
    ctl.current?.setClustering(clustering);
  }, [clustering]);

  // Locations under the shared filter; a new filter fits the view to them.
  const filterKey = canonical(filter);
  useEffect(() => {
    let live = true;
    setLocError(null);
    api['geo.locations']({ filter, limit: LOCATION_LIMIT }).then(
      (r) => {
        if (!live) return;
        ctl.current?.setLocations(r.locations, true);
        setLocations(r);
      },
      (e) => live && setLocError(message(e)),
    );
    return () => {
      live = false;
    };
    // filterKey stands for the filter's content, so an equal filter does not fetch again.
  }, [filterKey, dataVersion, enriched, geoVersion]);

  // Travel within the filter's date range (the other filter keys pick locations, not journeys).
  const travelFilter = useMemo<SignInFilter>(() => ({ ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) }), [filter.from, filter.to]);

  useEffect(() => {
    setSelectedLeg(null);
    if (!user) {
      ctl.current?.setLegs([], false);
      setTravel(null);
      setTravelError(null);
      return;
    }
    let live = true;
    setTravelLoading(true);
    setTravelError(null);
    api['geo.travel']({ user, ...switches, filter: travelFilter }).then(
      (r) => {
        if (!live) return;
        ctl.current?.setLegs(r.legs, true);
        setTravel(r);
        setTravelLoading(false);
      },
      (e) => {
        if (!live) return;
        ctl.current?.setLegs([], false);
        setTravel(null);
        setTravelError(message(e));
        setTravelLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [user, switches, travelFilter, dataVersion, enriched, geoVersion]);

  useEffect(() => {
    let live = true;
    setTravellers(null);
    setTravellersError(null);
    api['geo.travellers']({ ...switches, filter: travelFilter, limit: 50 }).then(
      (r) => live && setTravellers(r.travellers),
      (e) => live && setTravellersError(message(e)),
    );
    return () => {
      live = false;
    };
  }, [switches, travelFilter, dataVersion, enriched, geoVersion]);

  // Enrichment state: how many sign-ins wait for a place, the database and its attribution.
  useEffect(() => {
    let live = true;
    api['geo.status']({}).then(
      (s) => live && setStatus(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [dataVersion, enriched, geoVersion]);

  useEffect(
    () =>
      on('geo.progress', (p) => {
        setProgress(p.finished ? null : p);
        if (p.finished) setEnriched((n) => n + 1);
      }),
    [],
  );

  const enrich = useCallback(
    (full: boolean) => {
      api['geo.enrich']({ full }).then(
        (r) => {
          onMessage('info', `Placed ${countText(r.signIns, 'sign-in')}: ${r.located.toLocaleString('en-US')} located, ${r.notLocated.toLocaleString('en-US')} without a location (${r.ipDb}).`);
          setEnriched((n) => n + 1);
        },
        (e) => onMessage('error', message(e)),
      );
    },
    [onMessage],
  );

  const pickLeg = useCallback(
    (i: number, pan = false) => {
      const leg = travel?.legs[i];
      if (!leg) return;
      setSelectedLeg(i);
      ctl.current?.selectLeg(i, pan);
      onSelect(leg.to.signInId);
    },
    [travel, onSelect],
  );
  useLayoutEffect(() => {
    latest.current = { onNarrow, onMessage, pickLeg };
  });

  // The legend reports its width before or after the map exists; either way the map gets it.
  const reserveRight = useCallback((px: number) => {
    reserved.current = px;
    ctl.current?.setReservedRight(px);
  }, []);
  const drawnLons = useCallback((i: number) => ctl.current?.drawnLons(i) ?? null, []);

  const pending = locations?.pending ?? 0;

  return (
    <div className="map-view">
      <FilterBar filter={filter} onChange={filters.set} timeZone={timeZone} dataVersion={dataVersion} openSignal={0} canUndo={filters.canUndo} onUndo={filters.undo} onMessage={onMessage} />
      <div className="map-toolbar">
        <span data-testid="map-status" className="map-status">
          {locError ? (
            <span className="error-text">{locError}</span>
          ) : locations ? (
            <>
              {countText(locations.locations.length, 'location')} from {locations.located.toLocaleString('en-US')} of {countText(locations.total, 'sign-in')}
              {locations.notLocated - pending > 0 && ` (${(locations.notLocated - pending).toLocaleString('en-US')} without a location: private, reserved or unknown)`}
              {locations.truncated && `; the busiest ${LOCATION_LIMIT.toLocaleString('en-US')} locations are shown`}
            </>
          ) : (
            'Loading locations…'
          )}
        </span>
        {progress ? (
          <span className="progress" data-testid="geo-progress">
            Placing sign-ins ({progress.phase}): {progress.processed.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')}
            <progress max={Math.max(progress.total, 1)} value={progress.processed} />
          </span>
        ) : pending > 0 ? (
          <span className="map-pending">
            {countText(pending, 'sign-in')} not placed yet{' '}
            <button type="button" className="small" data-testid="geo-enrich" onClick={() => enrich(false)}>
              Place them
            </button>
          </span>
        ) : status?.stale ? (
          <span className="map-pending">
            Places come from another IP database than the one set{' '}
            <button type="button" className="small" onClick={() => enrich(true)}>
              Place again
            </button>
          </span>
        ) : null}
        <span className="spacer" />
        <label className="check" title="Group nearby places into one numbered circle at low zoom">
          <input type="checkbox" data-testid="map-cluster" checked={clustering} onChange={(e) => setClustering(e.target.checked)} />
          Group nearby places
        </label>
        <button type="button" className="ghost" data-testid="map-fit" onClick={() => ctl.current?.fitToData()}>
          Fit to data
        </button>
        <button type="button" className="ghost" data-testid="geo-settings-button" aria-expanded={settingsOpen} onClick={() => setSettingsOpen((o) => !o)}>
          Trusted networks & ASNs…
        </button>
      </div>
      <div className="map-body">
        <div className="map-area">
          <div className="map-canvas" data-testid="map" ref={host} aria-label="Map of sign-in locations" role="region" />
          <Legend thresholds={travel?.thresholds ?? null} showTravel={!!user} onWidth={reserveRight} />
          {locations && locations.total > 0 && locations.located === 0 && (
            <div className="map-empty" role="status">
              {pending > 0 ? 'These sign-ins have not been placed yet: use "Place them" above.' : 'None of these sign-ins has a location (private or reserved addresses, or no place in the records).'}
            </div>
          )}
          {locations && locations.total === 0 && (
            <div className="map-empty" role="status">
              {isEmptyFilter(filter) ? 'This case has no sign-ins yet: import sign-in logs to see where they came from.' : 'No sign-ins match the filter.'}
            </div>
          )}
          <div className="map-attribution">
            Basemap: Natural Earth (world-atlas, public domain) · Leaflet{status ? ` · ${status.attribution}` : ''}
          </div>
        </div>
        <TravelPanel
          user={user}
          onUser={setUser}
          switches={switches}
          onSwitches={setSwitches}
          travellers={travellers}
          travellersError={travellersError}
          result={travel}
          loading={travelLoading}
          error={travelError}
          selectedLeg={selectedLeg}
          onLeg={(i) => pickLeg(i, true)}
          drawnLons={drawnLons}
          onOpen={(id) => onSelect(id)}
          openId={selectedId}
          timeZone={timeZone}
        />
      </div>
      {settingsOpen && (
        <GeoSettingsPanel
          status={status}
          onClose={() => setSettingsOpen(false)}
          onChanged={() => setGeoVersion((v) => v + 1)}
          onEnrich={enrich}
          onMessage={onMessage}
        />
      )}
    </div>
  );
}
