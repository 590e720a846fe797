// What can be collected and how each is asked for (collection.md §1, §2, §8). Sign-ins come from
// Graph beta, one stream per signInEventTypes value (v1.0 returns interactive sign-ins only); the
// optional sources from v1.0. Every request carries a ge/le time filter on the source's time field
// and the largest $top the endpoint allows.
import { createHash } from 'node:crypto';

export const SIGNIN_EVENT_TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'] as const;
export type SignInEventType = (typeof SIGNIN_EVENT_TYPES)[number];

export const OTHER_SOURCES = ['directoryAudits', 'riskDetections', 'riskyUsers'] as const;
export type OtherSource = (typeof OTHER_SOURCES)[number];
export type SourceId = 'signIns' | OtherSource;

export type SourceDef = { path: string; apiVersion: 'beta' | 'v1.0'; timeField: string | null; top: number; label: string; userField: string };

export const SOURCES: Record<SourceId, SourceDef> = {
  signIns: { path: '/beta/auditLogs/signIns', apiVersion: 'beta', timeField: 'createdDateTime', top: 1000, label: 'sign-ins', userField: 'userPrincipalName' },
  directoryAudits: { path: '/v1.0/auditLogs/directoryAudits', apiVersion: 'v1.0', timeField: 'activityDateTime', top: 1000, label: 'directory audits', userField: 'initiatedBy/user/userPrincipalName' },
  riskDetections: { path: '/v1.0/identityProtection/riskDetections', apiVersion: 'v1.0', timeField: 'detectedDateTime', top: 500, label: 'risk detections', userField: 'userPrincipalName' },
  // Risky users are current state, kept without a time limit: one window, no time filter.
  riskyUsers: { path: '/v1.0/identityProtection/riskyUsers', apiVersion: 'v1.0', timeField: null, top: 500, label: 'risky users', userField: 'userPrincipalName' },
};

/** One checkpointed series of windows: a source, and for sign-ins one event type. */
export type Stream = { source: SourceId; eventType: SignInEventType | null };

export const streamLabel = (s: Stream) => (s.eventType ? `${s.eventType} sign-ins` : SOURCES[s.source].label);

export type Narrowing = { users: string[]; apps: string[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** An OData time literal: ISO UTC, milliseconds only when there are any. */
export function odataTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The $filter of one window of a stream. `window` null: no time filter (risky users). */
export function buildFilter(stream: Stream, window: { start: number; end: number } | null, narrowing: Narrowing): string | null {
  const def = SOURCES[stream.source];
  const clauses: string[] = [];
  if (window && def.timeField) clauses.push(`${def.timeField} ge ${odataTime(window.start)}`, `${def.timeField} le ${odataTime(window.end)}`);
  if (stream.eventType) clauses.push(`signInEventTypes/any(t: t eq ${quote(stream.eventType)})`);
  if (narrowing.users.length) {
    const any = narrowing.users.map((u) => `${def.userField} eq ${quote(u.toLowerCase())}`);
    clauses.push(any.length > 1 ? `(${any.join(' or ')})` : any[0]!);
  }
  if (narrowing.apps.length && stream.source === 'signIns') {
    const any = narrowing.apps.map((a) => (GUID.test(a) ? `appId eq ${quote(a.toLowerCase())}` : `appDisplayName eq ${quote(a)}`));
    clauses.push(any.length > 1 ? `(${any.join(' or ')})` : any[0]!);
  }
  return clauses.length ? clauses.join(' and ') : null;
}

/** The first request of a window: `<base>/<version>/<path>?$filter=…&$top=…` (a trailing / on the base is tolerated). */
export function windowUrl(graphBaseUrl: string, stream: Stream, window: { start: number; end: number } | null, narrowing: Narrowing): string {
  const def = SOURCES[stream.source];
  const base = graphBaseUrl.replace(/\/+$/, '');
  const filter = buildFilter(stream, window, narrowing);
  const query = [filter ? `$filter=${encodeURIComponent(filter)}` : null, `$top=${def.top}`].filter(Boolean).join('&');
  return `${base}${def.path}?${query}`;
}

/**
 * What a checkpoint is a checkpoint of. Narrowed runs have their own scope; an unnarrowed run's
 * windows also count for narrowed runs of the same stream (they hold everything).
 */
export function scopeKey(stream: Stream, narrowing: Narrowing, graphBaseUrl: string, tenant: string | null): string {
  const users = [...narrowing.users].map((u) => u.toLowerCase()).sort();
  const apps = stream.source === 'signIns' ? [...narrowing.apps].map((a) => a.toLowerCase()).sort() : [];
  const key = { source: stream.source, eventType: stream.eventType, users, apps, graph: new URL(graphBaseUrl).origin, tenant: tenant?.toLowerCase() ?? '' };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}
