// Geo: where sign-ins came from (offline geolocation, the map), travel legs between them, and the
// analyst's trusted networks and ASN classification. Channels are spread into channels.ts
// (`...geoChannels`), events into events.ts (`...geoEvents`).
import { z } from 'zod';
import { IsoTime } from './domain';
import { SignInFilter } from './filters';

const Empty = z.object({}).strict().default({});

export const IpClass = z.enum(['public', 'private', 'reserved', 'invalid']);
export const NetworkKind = z.enum(['hosting', 'vpn', 'anonymizer']);
export type NetworkKind = z.infer<typeof NetworkKind>;
/** Where a location came from: the record's own coordinates, the gazetteer (its place text), or the IP database. */
export const GeoSource = z.enum(['record', 'gazetteer', 'ipdb']);
export type GeoSource = z.infer<typeof GeoSource>;

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
const Count = z.number().int().nonnegative();

/** A distinct plotted location under the current filter, with what happened there. */
export const MapLocation = z.object({
  lat: Lat,
  lon: Lon,
  /** Uncertainty in km (city-level tens of km; a country-only location is large). */
  radiusKm: z.number().nonnegative(),
  place: z.string().nullable(),
  countryCode: z.string().nullable(),
  /** The sources that placed sign-ins here (usually one). */
  sources: z.array(GeoSource),
  count: Count,
  success: Count,
  failure: Count,
  interrupted: Count,
  /** Most frequent first, at most 5 each. */
  topIps: z.array(z.object({ ip: z.string(), count: Count, asn: z.number().int().nullable(), asOrg: z.string().nullable(), networkKind: NetworkKind.nullable(), trusted: z.string().nullable() })),
  topUsers: z.array(z.object({ user: z.string(), count: Count })),
  topApps: z.array(z.object({ app: z.string(), count: Count })),
  distinctIps: Count,
  distinctUsers: Count,
  /** Label of the analyst's trusted place this location falls in, if any. */
  trustedPlace: z.string().nullable(),
});
export type MapLocation = z.infer<typeof MapLocation>;

export const MapLocations = z.object({
  locations: z.array(MapLocation),
  /** Sign-ins matching the filter, and how many of them have a location. */
  total: Count,
  located: Count,
  notLocated: Count,
  /** Sign-ins not yet enriched (an enrichment pass is due). */
  pending: Count,
  /** More distinct locations exist than `limit` (the busiest are returned). */
  truncated: z.boolean(),
});
export type MapLocations = z.infer<typeof MapLocations>;

export const TravelOptions = z.object({
  /** Also failed and interrupted sign-ins (default: successful only). */
  includeFailures: z.boolean().default(false),
  /**
   * Also non-interactive sign-ins (default: interactive only). Their IP can be the original
   * token-issuance IP, not where the device was.
   */
  includeNonInteractive: z.boolean().default(false),
  /** Narrows the sign-ins (e.g. the grid's time range); combined with the two switches. */
  filter: SignInFilter.default({}),
});

export const TravelPoint = z.object({
  signInId: z.string(),
  time: IsoTime,
  ip: z.string().nullable(),
  place: z.string().nullable(),
  countryCode: z.string().nullable(),
  lat: Lat,
  lon: Lon,
  source: GeoSource,
  radiusKm: z.number().nonnegative(),
  asn: z.number().int().nullable(),
  asOrg: z.string().nullable(),
  networkKind: NetworkKind.nullable(),
  /** Label of the trusted range or place the point falls in, if any. */
  trusted: z.string().nullable(),
  outcome: z.string(),
  type: z.string(),
});
export type TravelPoint = z.infer<typeof TravelPoint>;

/** not-travel: the distance is within the two points' uncertainty. */
export const SpeedClass = z.enum(['not-travel', 'plausible', 'fast', 'impossible']);
export type SpeedClass = z.infer<typeof SpeedClass>;

export const TravelLeg = z.object({
  user: z.string(),
  from: TravelPoint,
  to: TravelPoint,
  /** Raw great-circle distance, and the time gap. */
  km: z.number().nonnegative(),
  minutes: z.number().nonnegative(),
  /** Raw speed: km over the gap (floored at one minute). */
  kmh: z.number().nonnegative(),
  /** Distance less both uncertainty radii (never below 0), and the speed that implies. */
  adjustedKm: z.number().nonnegative(),
  adjustedKmh: z.number().nonnegative(),
  speedClass: SpeedClass,
  impossible: z.boolean(),
  /** One sentence: the figures, the verdict, and the annotations (hosting ASN, trusted range ...). */
  reason: z.string(),
  /** hosting / VPN / anonymiser ASN or trusted network on either side: shown, but down-ranked. */
  annotations: z.array(z.string()),
  /** Great-circle points [lat, lon] with UNWRAPPED longitudes (may pass ±180 to stay continuous across the antimeridian). */
  path: z.array(z.tuple([z.number(), z.number()])),
});
export type TravelLeg = z.infer<typeof TravelLeg>;

export const TravelThresholds = z
  .object({ fastKmh: z.number().positive().max(100_000), impossibleKmh: z.number().positive().max(100_000), minKm: z.number().positive().max(20_000) })
  .strict();
export type TravelThresholds = z.infer<typeof TravelThresholds>;

export const TravelResult = z.object({
  legs: z.array(TravelLeg),
  /** Located sign-ins considered, and those skipped because they have no location. */
  signIns: Count,
  notLocated: Count,
  thresholds: TravelThresholds,
  /** Shown with the legs when non-interactive sign-ins are included. */
  caveat: z.string().nullable(),
});
export type TravelResult = z.infer<typeof TravelResult>;

export const Traveller = z.object({
  user: z.string(),
  legs: Count,
  impossible: Count,
  fast: Count,
  /** The leg with the highest adjusted speed (no path). */
  fastest: TravelLeg.omit({ path: true }).nullable(),
});
export type Traveller = z.infer<typeof Traveller>;

export const GeoProgress = z.object({
  phase: z.enum(['addresses', 'places', 'sign-ins', 'done']),
  /** Done so far, of `total`, in the phase's own units (slices of sign-ins, addresses, place texts): for a progress bar. */
  processed: Count,
  total: Count,
  finished: z.boolean(),
  /** Set when the pass failed (the import itself still stands). */
  error: z.string().nullable().default(null),
});
export type GeoProgress = z.infer<typeof GeoProgress>;

export const EnrichResult = z.object({
  mode: z.enum(['pending', 'full']),
  signIns: Count,
  located: Count,
  notLocated: Count,
  addresses: Count,
  places: Count,
  ms: Count,
  ipDb: z.string(),
});
export type EnrichResult = z.infer<typeof EnrichResult>;

export const GeoStatus = z.object({
  signIns: Count,
  enriched: Count,
  pending: Count,
  located: Count,
  distinctIps: Count,
  running: z.boolean(),
  /** The IP database in use: bundled DB-IP Lite, or the analyst's own file. */
  database: z.object({ kind: z.enum(['bundled', 'custom']), id: z.string(), path: z.string().nullable() }),
  /** The database a setting names but that cannot be opened (the bundled one is used meanwhile). */
  databaseError: z.string().nullable(),
  /** Cached answers come from another database than the one in use: run a full enrichment. */
  stale: z.boolean(),
  lastRun: z
    .object({ startedAt: z.string(), finishedAt: z.string().nullable(), mode: z.string(), status: z.string(), signIns: Count, located: Count, ms: z.number().nullable(), error: z.string().nullable() })
    .nullable(),
  attribution: z.string(),
});
export type GeoStatus = z.infer<typeof GeoStatus>;

/** `id` is the stored row's (read back for list keys); a set replaces the whole list, ids ignored. */
export const TrustedRange = z.object({ id: z.number().int().optional(), cidr: z.string().min(1).max(64), label: z.string().max(200).default('') }).strict();
export const TrustedPlace = z.object({ id: z.number().int().optional(), label: z.string().max(200).default(''), lat: Lat, lon: Lon, radiusKm: z.number().positive().max(5000) }).strict();
export const TrustedLists = z.object({ ranges: z.array(TrustedRange).max(10_000), places: z.array(TrustedPlace).max(1000) }).strict();
export type TrustedLists = z.infer<typeof TrustedLists>;

export const AsnEntry = z.object({
  asn: z.number().int().positive(),
  kind: z.enum(['hosting', 'vpn', 'anonymizer', 'none']),
  name: z.string(),
  role: z.string(),
  /** The entry's public source (the operator's PeeringDB record); null for the analyst's own entries. */
  source: z.string().nullable(),
  origin: z.enum(['curated', 'analyst', 'curated+analyst']),
  note: z.string(),
});
export type AsnEntry = z.infer<typeof AsnEntry>;

/** `kind: null` drops the analyst's change (back to the curated entry, or unlisted); 'none' un-lists a curated ASN. */
export const AsnChange = z
  .object({ asn: z.number().int().positive().max(4_294_967_295), kind: z.enum(['hosting', 'vpn', 'anonymizer', 'none']).nullable(), label: z.string().max(200).optional(), note: z.string().max(2000).optional() })
  .strict();

export const IpLookup = z.object({
  ip: z.string(),
  ipClass: IpClass,
  asn: z.number().int().nullable(),
  asOrg: z.string().nullable(),
  networkKind: NetworkKind.nullable(),
  countryCode: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  radiusKm: z.number().nullable(),
  ipDb: z.string(),
  /** Label of the case's trusted range, when a case is open and the address is in one. */
  trusted: z.string().nullable(),
});
export type IpLookup = z.infer<typeof IpLookup>;

export const GeoSettings = z.object({ thresholds: TravelThresholds, mmdb: z.string().nullable() });

export const geoChannels = {
  /** Distinct plotted locations of the sign-ins matching the filter (the busiest `limit`). */
  'geo.locations': { input: z.object({ filter: SignInFilter.default({}), limit: z.number().int().positive().max(50_000).default(10_000) }).strict(), output: MapLocations },
  /** One user's travel legs (user = lower-cased UPN), every leg with its verdict and great-circle path. */
  'geo.travel': { input: TravelOptions.extend({ user: z.string().min(1).max(320) }).strict(), output: TravelResult },
  /** Users ranked by their fastest leg (adjusted speed). */
  'geo.travellers': { input: TravelOptions.extend({ limit: z.number().int().positive().max(1000).default(50) }).strict(), output: z.object({ travellers: z.array(Traveller), caveat: z.string().nullable() }) },
  /** Places sign-ins that have no location yet, or (full) every sign-in again; progress as `geo.progress`. */
  'geo.enrich': { input: z.object({ full: z.boolean().default(false) }).strict(), output: EnrichResult },
  /** Cancels the running enrichment: the sign-ins placed so far stay placed, the rest are placed next time. */
  'geo.cancel': { input: Empty, output: z.object({ cancelled: z.boolean() }) },
  'geo.status': { input: Empty, output: GeoStatus },
  'geo.trusted.get': { input: Empty, output: TrustedLists },
  /** Replaces the case's trusted ranges and places (all validated first). */
  'geo.trusted.set': { input: TrustedLists, output: TrustedLists },
  /** The curated hosting / VPN / anonymiser ASN list with this case's changes. */
  'geo.asns.get': { input: Empty, output: z.object({ entries: z.array(AsnEntry) }) },
  'geo.asns.set': { input: z.object({ changes: z.array(AsnChange).min(1).max(1000) }).strict(), output: z.object({ entries: z.array(AsnEntry) }) },
  /** Looks addresses up offline (class, AS, network kind, place); needs no case. */
  'geo.lookup': { input: z.object({ ips: z.array(z.string().min(1).max(64)).min(1).max(1000) }).strict(), output: z.object({ results: z.array(IpLookup) }) },
  /** Travel thresholds and the analyst's own .mmdb (null = the bundled DB-IP database). */
  'geo.settings.get': { input: Empty, output: GeoSettings },
  'geo.settings.set': { input: z.object({ thresholds: TravelThresholds.optional(), mmdb: z.string().min(1).max(4096).nullable().optional() }).strict(), output: GeoSettings },
} as const;

export const geoEvents = {
  /** Enrichment progress (after an import, or a run through geo.enrich). */
  'geo.progress': GeoProgress,
} as const;
