// `generate`: a deterministic synthetic Entra ID sign-in export with planted incidents.
//
// Same options => byte-identical files: all randomness comes from the seeded PRNG, and the time range is
// anchored to `end` (default DEFAULT_END, 2026-10-07T00:00:00.000Z), never to the clock: the range is
// [end - days, end). Rows are produced one UTC hour at a time, newest hour first, and written newest first
// (as the portal and Graph list them), so memory stays flat however many rows are asked for.
import fs from 'node:fs';
import path from 'node:path';
import { planAttacks, type AttackKind, type Incident } from './attacks';
import { BaselineGenerator } from './baseline';
import { buildTenant, DAY, HOUR, type Tenant } from './tenant';
import { iso, type FileInfo, type Format, type SignInWriter } from './writers/common';
import { graphJsonWriter } from './writers/graph-json';
import { laCsvWriter } from './writers/la-csv';
import { laJsonWriter } from './writers/la-json';
import { portalCsvWriter } from './writers/portal-csv';
import { portalJsonWriter } from './writers/portal-json';

export const DEFAULT_END = Date.UTC(2026, 9, 7);
export const DEFAULTS = { users: 50, days: 14, rows: 5000, seed: 1, format: 'portal-csv' as Format };

export class GenerateError extends Error {}

export interface GenerateOptions {
  out: string;
  users: number;
  days: number;
  rows: number;
  seed: number;
  format: Format;
  attacks: readonly AttackKind[];
  /** exclusive end of the range, epoch ms */
  end: number;
  /** graph-json: sign-ins per page file (default PAGE_ROWS) */
  pageRows?: number;
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
}

export interface GenerateResult {
  out: string;
  files: FileInfo[];
  rows: number;
  incidents: number;
  seed: number;
  truth: string | null;
  from: string;
  to: string;
}

const WRITERS: Record<Format, (dir: string, tenant: Tenant, o: GenerateOptions) => SignInWriter> = {
  'portal-csv': portalCsvWriter,
  'portal-json': portalJsonWriter,
  'graph-json': (dir, tenant, o) => graphJsonWriter(dir, tenant, o.pageRows),
  'la-csv': laCsvWriter,
  'la-json': laJsonWriter,
};

export interface Truth {
  seed: number;
  format: Format;
  rows: number;
  users: number;
  days: number;
  from: string;
  to: string;
  tenant: { id: string; domain: string };
  incidents: Incident[];
  /** Benign activity that some detections will (rightly) notice: business trips, legacy mail clients. */
  benign: Record<string, unknown>[];
}

function benignActivity(tenant: Tenant): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const u of tenant.users) {
    for (const trip of u.trips) {
      out.push({ kind: 'travel', user: u.upn, from: iso(trip.depart), to: iso(trip.home), destination: `${trip.dest.city}, ${trip.dest.country}`, ips: [trip.hotelIp] });
    }
    if (u.activeSync && !u.disabled) out.push({ kind: 'legacy-client', user: u.upn, client: 'Exchange ActiveSync' });
    if (u.home !== u.base && !u.disabled) out.push({ kind: 'commute', user: u.upn, home: `${u.home.city}, ${u.home.country}`, office: `${u.base.city}, ${u.base.country}` });
  }
  return out;
}

export function generate(o: GenerateOptions): GenerateResult {
  const from = o.end - o.days * DAY;
  const tenant = buildTenant(o.seed, o.users, from, o.end);
  const plan = planAttacks(tenant, o.attacks);
  if (plan.recs.length > o.rows) {
    throw new GenerateError(`the selected attacks plant ${plan.recs.length} sign-ins, more than --rows ${o.rows}; use --rows ${plan.recs.length} or more`);
  }
  fs.mkdirSync(o.out, { recursive: true });
  const baseline = new BaselineGenerator(tenant, o.rows - plan.recs.length);
  const writer = WRITERS[o.format](o.out, tenant, o);
  let next = 0;
  let written = 0;
  for (let h = baseline.hours - 1; h >= 0; h--) {
    const hourStart = from + h * HOUR;
    const slice = baseline.slice(h);
    while (next < plan.recs.length && plan.recs[next]!.t >= hourStart) slice.push(plan.recs[next++]!);
    slice.sort((a, b) => b.t - a.t);
    for (const rec of slice) writer.write(rec);
    written += slice.length;
    o.onProgress?.(written, o.rows);
  }
  const files = writer.close();
  if (written !== o.rows || next !== plan.recs.length) throw new Error(`internal: wrote ${written} of ${o.rows} rows`);

  let truthPath: string | null = null;
  if (o.attacks.length > 0) {
    const truth: Truth = {
      seed: o.seed, format: o.format, rows: o.rows, users: o.users, days: o.days, from: iso(from), to: iso(o.end),
      tenant: { id: tenant.id, domain: tenant.domain }, incidents: plan.incidents, benign: benignActivity(tenant),
    };
    truthPath = path.join(o.out, 'truth.json');
    fs.writeFileSync(truthPath, JSON.stringify(truth, null, 2) + '\n');
  }
  return { out: o.out, files, rows: written, incidents: plan.incidents.length, seed: o.seed, truth: truthPath, from: iso(from), to: iso(o.end) };
}
