// Who signed in, as one account: a user by lower-cased UPN (or user id / display name where a record
// has no UPN), a service principal or managed identity by its name (older cases: by its application).
import type { EntityRef, SignInFilter } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { materialize, type StoredRecord } from '../case/records';

export type AccountKind = 'user' | 'servicePrincipal' | 'managedIdentity';

export type AccountFields = {
  type: string;
  upn: string | null;
  display: string | null;
  userId: string | null;
  appId: string | null;
  appName: string | null;
};

export type Account = {
  key: string;
  kind: AccountKind;
  /** The UPN, or the application id of a workload identity; the name is resolved later. */
  value: string;
  label: string | null;
  entity: EntityRef | null;
  filter: SignInFilter | null;
};

const isWorkload = (type: string): type is 'servicePrincipal' | 'managedIdentity' => type === 'servicePrincipal' || type === 'managedIdentity';

/** accountOf(...).key without building the account (profiles call it once per sign-in). */
export function accountKey(type: string, upn: string | null, display: string | null, userId: string | null, appId: string | null, appName: string | null): string {
  if (upn) return `user:${upn}`;
  if (isWorkload(type)) return `${type}:${appId ?? appName ?? '(unnamed)'}`;
  if (userId) return `id:${userId}`;
  return `name:${display ?? '(no user)'}`;
}

/**
 * The UPN decides: since the import writes a workload identity's service principal name (or id) as
 * its `user_upn`, a user and a service principal are both profiled and filtered by it. Cases
 * imported before that have no UPN on workload rows: those go by their application.
 */
export function accountOf(f: AccountFields): Account {
  if (f.upn) return { key: `user:${f.upn}`, kind: isWorkload(f.type) ? f.type : 'user', value: f.upn, label: f.display, entity: { kind: 'user', value: f.upn }, filter: { user: f.upn } };
  if (isWorkload(f.type)) {
    const id = f.appId ?? f.appName ?? '(unnamed)';
    return {
      key: `${f.type}:${id}`,
      kind: f.type,
      value: id,
      label: f.appName,
      entity: f.appId || f.appName ? { kind: 'app', value: id } : null,
      filter: f.appId || f.appName ? { app: id, type: [f.type] } : { type: [f.type] },
    };
  }
  if (f.userId) return { key: `id:${f.userId}`, kind: 'user', value: f.userId, label: f.display, entity: null, filter: { userId: f.userId } };
  const name = f.display ?? '(no user)';
  return { key: `name:${name}`, kind: 'user', value: name, label: null, entity: null, filter: f.display ? { user: f.display } : null };
}

const nameCache = new WeakMap<CaseDb, Map<string, string | null>>();

/**
 * The servicePrincipalName of workload identities, read from one of each one's records (the
 * column set has no such column). `samples` maps an account key to one sign-in pk. Cached per case.
 */
export async function workloadNames(db: CaseDb, samples: Map<string, number>): Promise<Map<string, string | null>> {
  const cache = nameCache.get(db) ?? new Map<string, string | null>();
  nameCache.set(db, cache);
  const missing = [...samples].filter(([key]) => !cache.has(key));
  if (missing.length) {
    const get = db.prepare('SELECT raw, src_evidence, merged, ingested_ms FROM signins WHERE pk = ?');
    const rows = missing.map(([, pk]) => get.get(pk) as StoredRecord);
    const signIns = await materialize(db, rows);
    missing.forEach(([key], i) => {
      const name = (signIns[i] as Record<string, unknown> | undefined)?.['servicePrincipalName'];
      cache.set(key, typeof name === 'string' && name ? name : null);
    });
  }
  return new Map([...samples.keys()].map((k) => [k, cache.get(k) ?? null]));
}
