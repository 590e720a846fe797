// Geo speed (the geo issue): enrichment of a 1M-sign-in case (<= 10 s), travel legs for all its
// users (<= 2 s), the map's locations, and what the ASN table costs in load time and memory. Uses
// the query benchmark's kept case (built on first use; BENCH_QUERY_ROWS).
import { CaseSession } from '../../main/case/session';
import { asnTableStats, preloadAsnTables } from '../../main/geo/asn';
import { enrichGeo } from '../../main/geo/enrich';
import { mapLocations } from '../../main/geo/map';
import { DEFAULT_THRESHOLDS } from '../../main/geo/settings';
import { topTravellers, travelLegs } from '../../main/geo/travel';
import { loadTrusted } from '../../main/geo/trusted';
import { withPeakRss, type Benchmark, type Figure } from './harness';
import { benchCase } from './query';

const ROWS = Number(process.env['BENCH_QUERY_ROWS'] ?? 1_000_000);

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: Math.round(performance.now() - t) };
}

export const geoBench: Benchmark = {
  id: 'geo',
  title: `Geo enrichment, travel and map on a ${ROWS.toLocaleString('en-US')}-sign-in case`,
  async run() {
    const figures: Figure[] = [];
    const before = process.memoryUsage();
    const asn = timed(() => preloadAsnTables());
    const after = process.memoryUsage();
    const stats = asnTableStats();
    figures.push(
      { name: `ASN table load (${stats.v4Ranges.toLocaleString('en-US')} IPv4 + ${stats.v6Ranges.toLocaleString('en-US')} IPv6 ranges)`, value: asn.ms, unit: 'ms' },
      { name: 'ASN table memory (typed arrays + packed names)', value: Math.round(stats.bytes / 1e5) / 10, unit: 'MB' },
      { name: 'ASN table load: heap growth (before GC)', value: Math.round((after.heapUsed - before.heapUsed) / 1e5) / 10, unit: 'MB' },
    );

    const session = CaseSession.open(await benchCase(), { mustExist: true });
    try {
      const db = session.db;
      const { result: full, peakRssMb } = await withPeakRss(async () => timed(() => enrichGeo(db, { full: true })));
      figures.push(
        { name: `enrichment, every sign-in (${full.value.addresses.toLocaleString('en-US')} distinct IPs)`, value: Math.round(full.ms / 100) / 10, unit: 's', goal: '<= 10' },
        { name: 'enrichment rate', value: Math.round(full.value.signIns / (full.ms / 1000)), unit: 'rows/s' },
        { name: 'sign-ins located', value: full.value.located, unit: 'rows' },
        { name: 'peak RSS of the bench process during enrichment', value: peakRssMb, unit: 'MB' },
        { name: 'enrichment pass with nothing new (after an import)', value: timed(() => enrichGeo(db)).ms, unit: 'ms' },
      );
      // As after importing 1,000 new sign-ins: the newest 1,000 lose their place and are placed again.
      db.prepare('DELETE FROM signin_geo WHERE signin_pk IN (SELECT pk FROM signins ORDER BY pk DESC LIMIT 1000)').run();
      figures.push({ name: 'enrichment pass placing 1,000 new sign-ins', value: timed(() => enrichGeo(db)).ms, unit: 'ms' });
      const q = { thresholds: DEFAULT_THRESHOLDS, trusted: loadTrusted(db), withPath: false };
      // Every leg of every user judged (the CLI's `travel`: impossible ones described), then every leg described (`--all`).
      const judged = timed(() => travelLegs(db, { ...q, keep: (c) => c === 'impossible' }));
      const total = Object.values(judged.value.classes).reduce((a, b) => a + b, 0);
      figures.push(
        { name: `travel legs, all users (${total.toLocaleString('en-US')} legs of ${judged.value.signIns.toLocaleString('en-US')} sign-ins, ${judged.value.classes.impossible.toLocaleString('en-US')} impossible)`, value: judged.ms, unit: 'ms', goal: '<= 2000' },
        { name: 'travel legs, all users, every leg described (--all)', value: timed(() => travelLegs(db, q)).ms, unit: 'ms' },
        { name: 'travel legs, all users, with failures and non-interactive', value: timed(() => travelLegs(db, { ...q, includeFailures: true, includeNonInteractive: true, keep: (c) => c === 'impossible' })).ms, unit: 'ms' },
        { name: 'top travellers (all users ranked)', value: timed(() => topTravellers(db, q, 50)).ms, unit: 'ms' },
      );
      const legs = judged;
      const user = legs.value.legs[0]?.user;
      if (user) figures.push({ name: 'travel legs of one user, with paths', value: timed(() => travelLegs(db, { ...q, user, withPath: true })).ms, unit: 'ms' });
      const map = timed(() => mapLocations(db, {}, 10_000, loadTrusted(db)));
      figures.push(
        { name: `map locations, no filter (${map.value.locations.length.toLocaleString('en-US')} locations)`, value: map.ms, unit: 'ms' },
        { name: 'map locations, --status failure', value: timed(() => mapLocations(db, { status: ['failure'] }, 10_000, loadTrusted(db))).ms, unit: 'ms' },
      );
      return figures;
    } finally {
      session.close();
    }
  },
};
