// The Leaflet map behind MapView: the bundled basemap, the data canvas (dataLayer.ts) with the
// location markers and travel legs, clustering with supercluster, popups and hover text built as
// DOM nodes, and fitting the view to the data (across the antimeridian when the data is Pacific).
// React owns the data; this class only draws it and reports clicks.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import Supercluster, { type ClusterProperties } from 'supercluster';
import type { MapLocation, SpeedClass, TravelLeg } from '../../../preload/contract';
import type { TimeZoneMode } from '../../time';
import { BasemapLayer, WORLD_LON_LIMIT, loadWorld } from './basemap';
import { DataLayer, type DrawLeg, type DrawMarker } from './dataLayer';
import { arcPoints, coveringLonRange, wrapNear, type LatLon } from './geometry';
import { drawnLegs, locationKey, markerRadius, mixText, mixWedges, narrowingFor, outcomeMix, placeText, shortCount, type OutcomeMix } from './encoding';
import { legLabel, legTooltip, locationPopup, locationTooltip, type LocationActions } from './popup';

type Palette = Record<'success' | 'failure' | 'interrupted' | 'other' | 'outline' | 'halo' | 'label' | 'land' | 'border' | SpeedClass, string>;

function readPalette(node: HTMLElement): Palette {
  const cs = getComputedStyle(node);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    success: v('--success', '#1f8a4c'),
    failure: v('--failure', '#c62f2f'),
    interrupted: v('--interrupted', '#b7791f'),
    other: v('--muted', '#5d6878'),
    outline: v('--map-marker-outline', '#ffffff'),
    halo: v('--map-label-halo', '#ffffff'),
    label: v('--text', '#1c2430'),
    land: v('--map-land', '#e4e7ea'),
    border: v('--map-border', '#a9b1bb'),
    'not-travel': v('--travel-not-travel', '#9aa3ae'),
    plausible: v('--travel-plausible', '#6b7480'),
    fast: v('--travel-fast', '#d08a00'),
    impossible: v('--travel-impossible', '#d12f2f'),
  };
}

type PointProps = { i: number };
type ClusterProps = { count: number; success: number; failure: number; interrupted: number; other: number };
type KeyedPopup = L.Popup & { sightlineKey?: string };

/** What each drawn marker stands for: one location, or a cluster of them. */
type MarkerRef = { location: MapLocation; lat: number; lon: number } | { cluster: { id: number; count: number; places: number; mix: OutcomeMix }; lat: number; lon: number };

export type MapHandlers = LocationActions & {
  /** A location marker was clicked (the view narrows the shared filter). */
  location(l: MapLocation, note: string | null): void;
  /** A leg was clicked: its index in the legs given to setLegs. */
  leg(index: number): void;
};

const LEG_LABEL_LIMIT = 30;
const DENSE_LEGS = 500;
const LEG_WEIGHT: Record<SpeedClass, number> = { 'not-travel': 1.5, plausible: 2, fast: 2.5, impossible: 3 };

export class SightlineMap {
  readonly map: L.Map;
  private readonly data = new DataLayer();
  private palette: Palette;
  private basemap: BasemapLayer;
  private locations: MapLocation[] = [];
  private maxCount = 1;
  private index: Supercluster<PointProps, ClusterProps> | null = null;
  private clustering = true;
  private markerRefs: MarkerRef[] = [];
  private legs: TravelLeg[] = [];
  /** Drawn legs: their index in `legs` and their points (middle within -180..180). */
  private drawn: { index: number; points: LatLon[] }[] = [];
  private labels = L.layerGroup();
  private labelAt: { label: L.Tooltip; mid: LatLon }[] = [];
  private selectedLeg: number | null = null;
  private openKey: string | null = null;
  private popup: KeyedPopup | null = null;
  private readonly hover = L.tooltip({ direction: 'top', opacity: 0.95, className: 'map-hover' });
  private hoverFrame = 0;
  private timeZone: TimeZoneMode = 'utc';
  private destroyed = false;
  /** Set while new data is being placed: it fits the view itself and redraws once. */
  private settingData = false;
  private reservedRight = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: MapHandlers,
  ) {
    this.palette = readPalette(container);
    this.map = L.map(container, {
      attributionControl: false,
      worldCopyJump: false,
      minZoom: 1,
      maxZoom: 12,
      zoomSnap: 0.25,
      maxBounds: [
        [-86, -WORLD_LON_LIMIT],
        [86, WORLD_LON_LIMIT],
      ],
      maxBoundsViscosity: 0.8,
      center: [25, 10],
      zoom: 2,
    });
    this.map.createPane('basemap').style.zIndex = '150';
    this.basemap = new BasemapLayer('basemap');
    this.basemap.setColours({ land: this.palette.land, border: this.palette.border });
    this.basemap.addTo(this.map);
    this.data.addTo(this.map);
    this.data.setStyle(this.drawStyle());
    this.labels.addTo(this.map);
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(this.map);
    this.limitZoomOut();

    this.map.on('moveend', () => {
      this.wrapLabels();
      if (!this.settingData && this.clustering) this.drawMarkers();
    });
    this.map.on('popupclose', (e: L.PopupEvent) => {
      if ((e.popup as KeyedPopup).sightlineKey === this.openKey) this.openKey = null;
    });
    this.map.on('click', (e: L.LeafletMouseEvent) => this.onClick(e));
    this.map.on('mousemove', (e: L.LeafletMouseEvent) => {
      if (this.hoverFrame) return;
      this.hoverFrame = requestAnimationFrame(() => {
        this.hoverFrame = 0;
        if (!this.destroyed) this.onHover(e);
      });
    });
    this.map.on('mouseout', () => this.endHover());

    void loadWorld().then((world) => {
      if (!this.destroyed) this.basemap.setWorld(world);
    });
  }

  destroy(): void {
    this.destroyed = true;
    cancelAnimationFrame(this.hoverFrame);
    this.map.remove();
  }

  setTimeZone(tz: TimeZoneMode): void {
    this.timeZone = tz;
  }

  /** Re-reads the theme's colours (light / dark) and redraws. */
  restyle(): void {
    this.palette = readPalette(this.container);
    this.basemap.setColours({ land: this.palette.land, border: this.palette.border });
    this.data.setStyle(this.drawStyle());
    this.drawLegs();
    this.drawMarkers();
  }

  invalidateSize(): void {
    this.map.invalidateSize({ pan: false });
    this.limitZoomOut();
  }

  /**
   * The view never spans more than one turn of the globe: each marker and leg is drawn once, at the
   * copy nearest the view's centre, which is only unambiguous while the view is narrower than a world.
   */
  private limitZoomOut(): void {
    const width = this.map.getSize().x;
    if (!width) return;
    const min = Math.max(1, Math.ceil(Math.log2(width / 256) * 4) / 4);
    if (min !== this.map.getMinZoom()) this.map.setMinZoom(min);
  }

  setClustering(on: boolean): void {
    this.clustering = on;
    this.drawMarkers();
  }

  /** New locations (a new filter): indexed for clustering, drawn, and the view fitted when asked. */
  setLocations(locations: MapLocation[], fit: boolean): void {
    const started = performance.now();
    const again = this.openKey ? locations.find((l) => locationKey(l) === this.openKey) : undefined;
    if (!again) this.map.closePopup();
    this.locations = locations;
    this.maxCount = locations.reduce((m, l) => Math.max(m, l.count), 1);
    const index = new Supercluster<PointProps, ClusterProps>({
      radius: 44,
      maxZoom: 7,
      map: (p) => {
        const l = locations[p.i]!;
        return { count: l.count, success: l.success, failure: l.failure, interrupted: l.interrupted, other: Math.max(0, l.count - l.success - l.failure - l.interrupted) };
      },
      reduce: (acc, p) => {
        acc.count += p.count;
        acc.success += p.success;
        acc.failure += p.failure;
        acc.interrupted += p.interrupted;
        acc.other += p.other;
      },
    });
    index.load(locations.map((l, i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [l.lon, l.lat] } })));
    this.index = index;
    if (fit) this.quietly(() => this.fitToData());
    this.drawMarkers();
    // The place still shown (e.g. after its own click narrowed the filter): its popup stays open with the new counts.
    if (again) this.openLocationPopup(again, null);
    measureAfterDraw('sightline.map.locations', started);
  }

  /** The legs of one user's travel (empty: none); labels on small sets, arrows always. */
  setLegs(legs: TravelLeg[], fit: boolean): void {
    const started = performance.now();
    this.legs = legs;
    this.selectedLeg = null;
    this.drawn = drawnLegs(legs.map((leg, index) => ({ leg, index, speedClass: leg.speedClass }))).map(({ leg, index }) => ({
      index,
      points: arcPoints([leg.from.lat, leg.from.lon], [leg.to.lat, leg.to.lon], leg.path),
    }));
    // Fit first, so the legs are projected once, at the zoom they are shown at.
    if (fit && this.drawn.length) this.quietly(() => this.fitToData());
    this.drawLegs();
    this.drawMarkers();
    measureAfterDraw('sightline.map.legs', started);
  }

  /** Longitudes of the line drawn for a leg, as last drawn (null when the leg is not drawn). */
  drawnLons(index: number): number[] | null {
    return this.data.drawnLons(index);
  }

  selectLeg(index: number | null, pan: boolean): void {
    this.selectedLeg = index;
    this.data.restyleLegs((id) => this.legStyle(id), index);
    const item = this.drawn.find((d) => d.index === index);
    if (item && pan) this.fitTo(item.points, 6);
    this.drawMarkers();
  }

  fitToData(): void {
    const pts: LatLon[] = this.drawn.length ? this.drawn.flatMap((d) => d.points) : this.locations.map((l) => [l.lat, l.lon]);
    this.fitTo(pts, 7);
  }

  private quietly(work: () => void): void {
    this.settingData = true;
    try {
      work();
    } finally {
      this.settingData = false;
    }
  }

  /** Width (px) at the right of the map covered by an overlay (the legend), kept clear when fitting. */
  setReservedRight(px: number): void {
    this.reservedRight = Math.max(0, Math.round(px));
  }

  private fitTo(points: LatLon[], maxZoom: number): void {
    const lons = coveringLonRange(points.map((p) => p[1]));
    if (!lons) return;
    // A loop, not Math.min(...): thousands of legs are hundreds of thousands of points.
    let south = 90;
    let north = -90;
    for (const [lat] of points) {
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
    this.map.fitBounds(
      [
        [Math.max(-80, south), lons[0]],
        [Math.min(84, north), lons[1]],
      ],
      { paddingTopLeft: [40, 40], paddingBottomRight: [40 + this.reservedRight, 40], maxZoom, animate: false },
    );
  }

  private drawStyle() {
    return { outline: this.palette.outline, selectedOutline: this.palette.label, halo: this.palette.halo, label: this.palette.label };
  }

  private legStyle(index: number): Pick<DrawLeg, 'color' | 'width' | 'alpha'> {
    const leg = this.legs[index]!;
    const selected = this.selectedLeg === index;
    const dimmed = this.selectedLeg !== null && !selected;
    // Hundreds of legs read better as hairlines (which also draw far faster than wide strokes).
    const dense = this.drawn.length > DENSE_LEGS;
    const width = dense ? 1 : LEG_WEIGHT[leg.speedClass];
    return { color: this.palette[leg.speedClass], width: width + (selected ? 2.5 : 0), alpha: dimmed ? 0.3 : dense ? 0.6 : 0.9 };
  }

  private drawLegs(): void {
    this.data.setLegs(
      this.drawn.map((d) => ({ id: d.index, points: d.points, ...this.legStyle(d.index) })),
      this.selectedLeg,
    );
    // Small sets carry their figures on the map; every leg has them on hover and in the list.
    this.labels.clearLayers();
    this.labelAt = [];
    if (this.drawn.length <= LEG_LABEL_LIMIT) {
      const seen = new Map<string, number>();
      for (const d of this.drawn) {
        // Half-way along; a leg over an arc already labelled (a return trip) a third of the way along instead.
        const leg = this.legs[d.index]!;
        const pair = [locationKey(leg.from), locationKey(leg.to)].sort().join('>');
        const repeat = seen.get(pair) ?? 0;
        seen.set(pair, repeat + 1);
        const mid = d.points[Math.floor((d.points.length - 1) * (repeat ? 0.3 : 0.5))]!;
        const label = L.tooltip({ permanent: true, direction: 'center', className: 'leg-label-tip', interactive: false }).setLatLng(this.near(mid[0], mid[1])).setContent(legLabel(this.legs[d.index]!));
        this.labels.addLayer(label);
        this.labelAt.push({ label, mid });
      }
    }
  }

  /** Labels follow their legs to the copy of the world nearest the view. */
  private wrapLabels(): void {
    for (const { label, mid } of this.labelAt) label.setLatLng(this.near(mid[0], mid[1]));
  }

  private pie(mix: OutcomeMix): DrawMarker['wedges'] {
    return mixWedges(mix).map((w) => ({ color: this.palette[w.kind], fraction: w.fraction }));
  }

  /** Markers for the view: clusters at low zoom (or every location), big ones under small ones. */
  private drawMarkers(): void {
    if (this.destroyed) return;
    const selected = this.selectedLegKeys();
    const refs: MarkerRef[] = [];
    const markers: DrawMarker[] = [];
    const add = (l: MapLocation) => {
      const key = locationKey(l);
      refs.push({ location: l, lat: l.lat, lon: l.lon });
      markers.push({ lat: l.lat, lon: l.lon, radius: markerRadius(l.count, this.maxCount), wedges: this.pie(outcomeMix(l)), label: null, selected: selected.has(key) || key === this.openKey });
    };
    if (this.clustering && this.index) {
      const b = this.map.getBounds();
      const zoom = Math.floor(this.map.getZoom());
      for (const f of this.index.getClusters([b.getWest(), Math.max(-85, b.getSouth()), b.getEast(), Math.min(85, b.getNorth())], zoom)) {
        const [lon, lat] = f.geometry.coordinates as [number, number];
        const p = f.properties;
        if ('cluster' in p && p.cluster) {
          const c = p as ClusterProperties & ClusterProps;
          const mix = { success: c.success, failure: c.failure, interrupted: c.interrupted, other: c.other };
          refs.push({ cluster: { id: c.cluster_id, count: c.count, places: c.point_count, mix }, lat, lon });
          markers.push({ lat, lon, radius: Math.max(11, markerRadius(c.count, this.maxCount)), wedges: this.pie(mix), label: shortCount(c.count), selected: false });
        } else add(this.locations[(p as PointProps).i]!);
      }
    } else this.locations.forEach(add);
    const order = markers.map((_, i) => i).sort((a, b) => markers[b]!.radius - markers[a]!.radius);
    this.markerRefs = order.map((i) => refs[i]!);
    this.data.setMarkers(order.map((i) => markers[i]!));
  }

  private selectedLegKeys(): Set<string> {
    const leg = this.selectedLeg === null ? null : this.legs[this.selectedLeg];
    return leg ? new Set([locationKey(leg.from), locationKey(leg.to)]) : new Set();
  }

  /** A point at the copy of the world nearest the view. */
  private near(lat: number, lon: number): L.LatLngExpression {
    return [lat, wrapNear(lon, this.map.getCenter().lng)];
  }

  private onHover(e: L.LeafletMouseEvent): void {
    const hit = this.data.hitTest(e.layerPoint);
    this.container.style.cursor = hit ? 'pointer' : '';
    if (!hit) return this.endHover();
    let content: HTMLElement;
    let at: L.LatLngExpression = e.latlng;
    if (hit.kind === 'marker') {
      const ref = this.markerRefs[hit.index]!;
      at = this.near(ref.lat, ref.lon);
      content =
        'cluster' in ref
          ? locationTooltip('Several places', ref.cluster.count, mixText(ref.cluster.mix), ref.cluster.places)
          : locationTooltip(placeText(ref.location), ref.location.count, mixText(outcomeMix(ref.location)));
    } else {
      const leg = this.legs[hit.id];
      if (!leg) return this.endHover();
      content = legTooltip(leg, this.timeZone);
    }
    this.map.openTooltip(this.hover.setLatLng(at).setContent(content));
  }

  private endHover(): void {
    this.container.style.cursor = '';
    this.map.closeTooltip(this.hover);
  }

  private onClick(e: L.LeafletMouseEvent): void {
    const hit = this.data.hitTest(e.layerPoint);
    if (!hit) return;
    this.endHover();
    if (hit.kind === 'leg') return this.handlers.leg(hit.id);
    const ref = this.markerRefs[hit.index]!;
    if ('cluster' in ref) {
      if (!this.index) return;
      const zoom = Math.min(this.index.getClusterExpansionZoom(ref.cluster.id), this.map.getMaxZoom());
      this.map.setView(this.near(ref.lat, ref.lon), Math.max(zoom, this.map.getZoom() + 1));
      return;
    }
    const { note } = narrowingFor(ref.location);
    this.openLocationPopup(ref.location, note);
    this.handlers.location(ref.location, note);
  }

  private openLocationPopup(l: MapLocation, note: string | null): void {
    const key = locationKey(l);
    const latlng = this.near(l.lat, l.lon);
    const content = locationPopup(l, this.handlers, note);
    if (this.popup && this.popup.sightlineKey === key && this.map.hasLayer(this.popup)) {
      this.popup.setLatLng(latlng).setContent(content);
      return;
    }
    const popup = L.popup({ maxWidth: 380, minWidth: 240, autoPanPadding: [24, 24], className: 'sightline-popup' }) as KeyedPopup;
    popup.sightlineKey = key;
    popup.setLatLng(latlng).setContent(content);
    this.openKey = key;
    this.popup = popup;
    popup.openOn(this.map);
    this.drawMarkers();
  }
}

/** Times data-to-pixels: the canvas draws on the next animation frame, so the mark waits for it. */
function measureAfterDraw(name: string, started: number): void {
  requestAnimationFrame(() => {
    try {
      performance.measure(name, { start: started, end: performance.now() });
    } catch {
      // performance.measure with options is in every browser Sightline runs in; never fail a draw over it.
    }
  });
}
