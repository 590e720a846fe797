// Geo: the map's locations, travel legs, enrichment, trusted networks and the ASN list. The work is
// in main/geo; these adapt it to the contract.
import { SightlineError, type Handlers } from '../../preload/contract';
import { appendAudit } from '../case/audit';
import type { CaseSession } from '../case/session';
import { enrichmentDue, markAsnKindsApplied } from '../geo/enrich';
import { bundledIpDatabase, GeoDatabaseError } from '../geo/ipdb';
import { lookupIp } from '../geo/lookup';
import { mapLocations } from '../geo/map';
import { applyAsnKinds, asnEntries, asnKinds, CURATED_ASNS, setAsnOverrides, type NetworkKind } from '../geo/networks';
import { startEnrich, type RunningEnrich } from '../geo/run-enrich';
import { customMmdbPath, GeoSettingError, setCustomMmdb, setTravelThresholds, travelThresholds } from '../geo/settings';
import { databaseOrError, geoStatus } from '../geo/status';
import { NON_INTERACTIVE_CAVEAT, topTravellers, travelLegs } from '../geo/travel';
import { getTrusted, loadTrusted, setTrusted, TrustedInputError } from '../geo/trusted';
import { requireCase, type HandlerContext } from './context';

type GeoHandlers = Pick<
  Handlers<HandlerContext>,
  | 'geo.locations' | 'geo.travel' | 'geo.travellers' | 'geo.enrich' | 'geo.cancel' | 'geo.status' | 'geo.trusted.get' | 'geo.trusted.set'
  | 'geo.asns.get' | 'geo.asns.set' | 'geo.lookup' | 'geo.settings.get' | 'geo.settings.set'
>;

/** The enrichment running for a host (one at a time, queued with imports so they never write at once). */
const running = new WeakMap<HandlerContext, RunningEnrich>();

function badRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof TrustedInputError || err instanceof GeoDatabaseError || err instanceof GeoSettingError) throw new SightlineError('bad-request', err.message);
    throw err;
  }
}

/**
 * Runs an enrichment pass on the geo thread, queued with imports (they never write at once), with
 * progress as `geo.progress` events.
 */
function enrichQueued(ctx: HandlerContext, session: CaseSession, full: boolean, trigger: 'import' | 'analyst') {
  const run = async () => {
    const job = startEnrich(session.path, { full, trigger, onProgress: (p) => ctx.emit('geo.progress', { ...p, error: null }) });
    running.set(ctx, job);
    try {
      return await job.done;
    } catch (err) {
      ctx.emit('geo.progress', { phase: 'done', processed: 0, total: 0, finished: true, error: (err as Error).message });
      throw new SightlineError('rejected', `geo enrichment failed: ${(err as Error).message}`);
    } finally {
      running.delete(ctx);
      ctx.emit('case.changed', session.info());
    }
  };
  const next = ctx.imports.queue.then(run, run);
  ctx.imports.queue = next.catch(() => undefined);
  return next;
}

/**
 * The map and travel read placed sign-ins: sign-ins that arrived without a pass (a live collection,
 * a case from an older build), or all of them after the analyst switched IP database, are placed first.
 */
async function placed(ctx: HandlerContext): Promise<CaseSession> {
  const session = requireCase(ctx);
  if (enrichmentDue(session.db)) await enrichQueued(ctx, session, false, 'import');
  return session;
}

function settingsOf(session: CaseSession) {
  return { thresholds: travelThresholds(session.db), mmdb: customMmdbPath(session.db) };
}

export const geoHandlers: GeoHandlers = {
  'geo.locations': async ({ filter, limit }, ctx) => {
    const db = (await placed(ctx)).db;
    return mapLocations(db, filter, limit, loadTrusted(db));
  },
  'geo.travel': async ({ user, includeFailures, includeNonInteractive, filter }, ctx) => {
    const db = (await placed(ctx)).db;
    const thresholds = travelThresholds(db);
    const r = travelLegs(db, { user, includeFailures, includeNonInteractive, filter, thresholds, trusted: loadTrusted(db) });
    return { ...r, thresholds, caveat: includeNonInteractive ? NON_INTERACTIVE_CAVEAT : null };
  },
  'geo.travellers': async ({ includeFailures, includeNonInteractive, filter, limit }, ctx) => {
    const db = (await placed(ctx)).db;
    const travellers = topTravellers(db, { includeFailures, includeNonInteractive, filter, thresholds: travelThresholds(db), trusted: loadTrusted(db) }, limit);
    return {
      travellers: travellers.map((t) => ({ ...t, fastest: t.fastest ? (({ path: _path, ...leg }) => leg)(t.fastest) : null })),
      caveat: includeNonInteractive ? NON_INTERACTIVE_CAVEAT : null,
    };
  },
  'geo.enrich': async ({ full }, ctx) => enrichQueued(ctx, requireCase(ctx), full, 'analyst'),
  'geo.cancel': async (_arg, ctx) => {
    const job = running.get(ctx);
    job?.cancel();
    return { cancelled: !!job };
  },
  'geo.status': async (_arg, ctx) => geoStatus(requireCase(ctx).db, running.has(ctx)),
  'geo.trusted.get': async (_arg, ctx) => getTrusted(requireCase(ctx).db),
  'geo.trusted.set': async (lists, ctx) => {
    const db = requireCase(ctx).db;
    const saved = badRequest(() => setTrusted(db, lists));
    appendAudit(db, 'geo.trusted', { ranges: saved.ranges.map((r) => `${r.cidr} ${r.label}`.trim()), places: saved.places.map((p) => `${p.label} ${p.lat},${p.lon} r=${p.radiusKm} km`) });
    return saved;
  },
  'geo.asns.get': async (_arg, ctx) => ({ entries: asnEntries(requireCase(ctx).db) }),
  'geo.asns.set': async ({ changes }, ctx) => {
    const db = requireCase(ctx).db;
    setAsnOverrides(db, changes);
    // The cached rows follow at once, so the map and the detections read the new classification.
    applyAsnKinds(db);
    markAsnKindsApplied(db);
    appendAudit(db, 'geo.asns', { changes });
    return { entries: asnEntries(db) };
  },
  'geo.lookup': async ({ ips }, ctx) => {
    const db = ctx.session?.db ?? null;
    const database = db ? databaseOrError(db).database : bundledIpDatabase();
    const kinds: Map<number, NetworkKind> = db ? asnKinds(db) : new Map(CURATED_ASNS.map((e) => [e.asn, e.kind]));
    const trusted = db ? loadTrusted(db) : null;
    return {
      results: ips.map((ip) => {
        const { version: _version, ...info } = lookupIp(ip.trim(), database, kinds);
        return { ...info, trusted: trusted?.ipLabel(ip.trim()) ?? null };
      }),
    };
  },
  'geo.settings.get': async (_arg, ctx) => settingsOf(requireCase(ctx)),
  'geo.settings.set': async ({ thresholds, mmdb }, ctx) => {
    const session = requireCase(ctx);
    if (thresholds) badRequest(() => setTravelThresholds(session.db, thresholds));
    if (mmdb !== undefined) {
      badRequest(() => setCustomMmdb(session.db, mmdb));
      appendAudit(session.db, 'geo.database', { mmdb });
    }
    return settingsOf(session);
  },
};
