// How the map encodes data, kept pure so it is unit-tested: marker size by count, the outcome mix
// each marker shows, travel speed classes and their words, leg labels, and what a marker click
// narrows the shared filter to (with the FILTERS keys that exist: one IP, or city and country).
import type { MapLocation, SignInFilter, SpeedClass, TravelLeg } from '../../../preload/contract';

/** Radius in px: area grows with the count (square root), between 4 and 22 px. */
export function markerRadius(count: number, maxCount: number): number {
  if (maxCount <= 1) return 6;
  const t = Math.sqrt(Math.max(0, count - 1) / (maxCount - 1));
  return Math.round((4 + t * 18) * 10) / 10;
}

export type OutcomeMix = { success: number; failure: number; interrupted: number; other: number };

export function outcomeMix(l: Pick<MapLocation, 'count' | 'success' | 'failure' | 'interrupted'>): OutcomeMix {
  return { success: l.success, failure: l.failure, interrupted: l.interrupted, other: Math.max(0, l.count - l.success - l.failure - l.interrupted) };
}

/** The wedges of a marker's pie in drawing order, each a fraction of the whole. */
export function mixWedges(mix: OutcomeMix): { kind: keyof OutcomeMix; fraction: number }[] {
  const total = mix.success + mix.failure + mix.interrupted + mix.other;
  if (total <= 0) return [];
  return (['success', 'failure', 'interrupted', 'other'] as const).filter((k) => mix[k] > 0).map((kind) => ({ kind, fraction: mix[kind] / total }));
}

/** The mix in words, for popups, tooltips and screen readers (never colour alone). */
export function mixText(mix: OutcomeMix): string {
  const parts = [
    mix.success ? `${mix.success.toLocaleString('en-US')} success` : '',
    mix.failure ? `${mix.failure.toLocaleString('en-US')} failure` : '',
    mix.interrupted ? `${mix.interrupted.toLocaleString('en-US')} interrupted` : '',
    mix.other ? `${mix.other.toLocaleString('en-US')} unknown` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'no sign-ins';
}

/** Short counts for cluster labels: 950, 1.2k, 34k, 1.1M. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(Math.floor(n / 100) / 10).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(Math.floor(n / 100_000) / 10).toFixed(1).replace(/\.0$/, '')}M`;
}

export const SPEED_WORDS: Record<SpeedClass, string> = {
  'not-travel': 'not travel',
  plausible: 'plausible',
  fast: 'fast',
  impossible: 'impossible',
};

export function formatKm(km: number): string {
  return `${Math.round(km).toLocaleString('en-US')} km`;
}

/** A time gap: "25 s", "40 min", "2 h 5 min", "3 d 4 h". */
export function formatGap(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const totalMin = Math.round(minutes);
  if (totalMin < 24 * 60) {
    const h = Math.floor(totalMin / 60);
    const m = totalMin % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const totalH = Math.round(minutes / 60);
  const d = Math.floor(totalH / 24);
  const h = totalH % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** The label a leg carries on the map and in the list: distance, time gap, speed. */
export function legFigures(leg: Pick<TravelLeg, 'km' | 'minutes' | 'kmh'>): string {
  return `${formatKm(leg.km)} in ${formatGap(leg.minutes)}, ${Math.round(leg.kmh).toLocaleString('en-US')} km/h`;
}

export function placeText(p: { place: string | null; lat: number; lon: number }): string {
  return p.place ?? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`;
}

/** Legs drawn on the map: every leg but those within the two locations' uncertainty. */
export function drawnLegs<L extends Pick<TravelLeg, 'speedClass'>>(legs: readonly L[]): L[] {
  return legs.filter((l) => l.speedClass !== 'not-travel');
}

export function locationKey(l: { lat: number; lon: number }): string {
  return `${l.lat}|${l.lon}`;
}

/**
 * What a click on a location narrows the grid to. One address: that IP, exactly. A place named by
 * the records themselves (their coordinates or their "City, State, CC"): its city and country, which
 * are the records' own columns. A place only the IP database gave, with several addresses: the
 * IP filter takes one address, so the busiest, and the note says so.
 */
export function narrowingFor(l: Pick<MapLocation, 'distinctIps' | 'topIps' | 'place' | 'countryCode' | 'sources'>): { patch: SignInFilter; note: string | null } {
  const busiest = l.topIps[0]?.ip;
  if (l.distinctIps === 1 && busiest) return { patch: { ip: busiest }, note: null };
  const fromRecords = l.sources.length > 0 && l.sources.every((s) => s === 'record' || s === 'gazetteer');
  const cc = l.countryCode?.trim();
  if (fromRecords && cc && /^[A-Za-z]{2}$/.test(cc)) {
    const comma = l.place?.lastIndexOf(',') ?? -1;
    const city = comma > 0 ? l.place!.slice(0, comma).trim() : '';
    if (city) return { patch: { country: [cc.toUpperCase()], city }, note: null };
    return { patch: { country: [cc.toUpperCase()] }, note: `This location is a country (${cc.toUpperCase()}) with no city: the grid shows every sign-in from that country.` };
  }
  if (busiest) {
    return {
      patch: { ip: busiest },
      note: `This location has ${l.distinctIps.toLocaleString('en-US')} addresses and the IP filter takes one: the grid shows the busiest, ${busiest}. Pick another address in the popup.`,
    };
  }
  return { patch: {}, note: 'This location has no address or place the grid can filter on.' };
}
