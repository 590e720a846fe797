// Case details (name, number, analyst, client/tenant, time zone, description): stored in the case
// file's case_meta under their own keys, so the case carries them wherever it is copied. Changes
// are recorded on the audit trail as `case.update` with the fields before and after.
import { CASE_DETAIL_KEYS, SightlineError, type CaseDetails } from '../../preload/contract';
import { appendAudit } from './audit';
import type { CaseDb } from './db';

const META_KEY: Record<keyof CaseDetails, string> = {
  name: 'case.name',
  number: 'case.number',
  analyst: 'case.analyst',
  client: 'case.client',
  timeZone: 'case.timeZone',
  description: 'case.description',
};

export const EMPTY_DETAILS: CaseDetails = { name: '', number: '', analyst: '', client: '', timeZone: '', description: '' };

export function getCaseDetails(db: CaseDb): CaseDetails {
  const rows = db.prepare(`SELECT key, value FROM case_meta WHERE key LIKE 'case.%'`).all() as { key: string; value: string }[];
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out = { ...EMPTY_DETAILS };
  for (const k of CASE_DETAIL_KEYS) out[k] = byKey.get(META_KEY[k]) ?? '';
  return out;
}

/** An IANA zone the runtime knows (or UTC); anything else is refused, never stored. */
export function assertTimeZone(zone: string): void {
  if (zone === '' || zone === 'UTC') return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new SightlineError('bad-request', `unknown time zone "${zone}": use an IANA name such as Europe/Berlin, or UTC`);
  }
}

/** Writes the given fields (others untouched) in one transaction with their audit entry. */
export function setCaseDetails(db: CaseDb, patch: Partial<CaseDetails>): CaseDetails {
  if (patch.timeZone !== undefined) assertTimeZone(patch.timeZone);
  return db
    .transaction(() => {
      const before = getCaseDetails(db);
      const changed: Partial<Record<keyof CaseDetails, { from: string; to: string }>> = {};
      const upsert = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const k of CASE_DETAIL_KEYS) {
        const next = patch[k];
        if (next === undefined || next === before[k]) continue;
        upsert.run(META_KEY[k], next);
        changed[k] = { from: before[k], to: next };
      }
      // Recorded after the write, so a newly named analyst is the one who made the change.
      if (Object.keys(changed).length) appendAudit(db, 'case.update', { changed });
      return getCaseDetails(db);
    })
    .immediate();
}
