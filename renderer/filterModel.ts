// The filter as the renderer handles it: built from the contract's FILTERS list (so UI, CLI and API
// cannot drift), shown as chips, edited as text, and sent to the REST API as the CLI's flag strings.
// Pure functions, no DOM: every value here is log text and is only ever rendered as a text node.
import { FILTERS, SignInFilter, type FilterKey, type FilterSpec } from '../preload/contract';
import { formatTime, parseTimeInput, type TimeZoneMode } from './time';

export type { SignInFilter };
export const FILTER_SPECS = FILTERS as readonly FilterSpec[];
export const specByKey = new Map<string, FilterSpec>(FILTER_SPECS.map((f) => [f.key, f]));

export const OUTCOME_LABELS: Record<string, string> = { success: 'Success', failure: 'Failure', interrupted: 'Interrupted', unknown: 'Unknown' };
export const TYPE_LABELS: Record<string, string> = {
  interactiveUser: 'Interactive',
  nonInteractiveUser: 'Non-interactive',
  servicePrincipal: 'Service principal',
  managedIdentity: 'Managed identity',
  unknown: 'Unknown type',
};
export const CA_LABELS: Record<string, string> = { success: 'Success', failure: 'Failure', notApplied: 'Not Applied', notEnabled: 'Not Enabled', unknownFutureValue: 'Unknown' };

export type Suggestion = { value: string; label?: string; legacy?: boolean };

/** Known values of the list filters (offered as checkboxes; other values can still be typed). */
export const SUGGESTIONS: Partial<Record<FilterKey, Suggestion[]>> = {
  status: ['success', 'failure', 'interrupted', 'unknown'].map((value) => ({ value, label: OUTCOME_LABELS[value] })),
  type: ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'unknown'].map((value) => ({ value, label: TYPE_LABELS[value] })),
  clientApp: [
    { value: 'Browser' },
    { value: 'Mobile Apps and Desktop clients' },
    { value: 'Exchange ActiveSync', legacy: true },
    { value: 'Exchange Web Services', legacy: true },
    { value: 'Exchange Online PowerShell', legacy: true },
    { value: 'IMAP4', legacy: true },
    { value: 'POP3', legacy: true },
    { value: 'Authenticated SMTP', legacy: true },
    { value: 'MAPI Over HTTP', legacy: true },
    { value: 'Offline Address Book', legacy: true },
    { value: 'Outlook Anywhere (RPC over HTTP)', legacy: true },
    { value: 'AutoDiscover', legacy: true },
    { value: 'Reporting Web Services', legacy: true },
    { value: 'Universal Outlook', legacy: true },
    { value: 'Other clients', legacy: true },
  ],
  joinType: [{ value: 'Azure AD joined' }, { value: 'Hybrid Azure AD joined' }, { value: 'Azure AD registered' }],
  authRequirement: [
    { value: 'singleFactorAuthentication', label: 'Single-factor authentication' },
    { value: 'multiFactorAuthentication', label: 'Multifactor authentication' },
  ],
  caStatus: [
    { value: 'success', label: 'Success' },
    { value: 'failure', label: 'Failure' },
    { value: 'notApplied', label: 'Not Applied' },
  ],
  risk: ['none', 'low', 'medium', 'high', 'hidden'].map((value) => ({ value })),
  riskState: ['none', 'atRisk', 'confirmedSafe', 'confirmedCompromised', 'remediated', 'dismissed'].map((value) => ({ value })),
  riskEventType: [
    'unfamiliarFeatures', 'anonymizedIPAddress', 'maliciousIPAddress', 'unlikelyTravel', 'leakedCredentials', 'investigationsThreatIntelligence',
    'passwordSpray', 'mcasImpossibleTravel', 'newCountry', 'suspiciousBrowser', 'tokenIssuerAnomaly', 'anomalousToken', 'attackerinTheMiddle',
    'suspiciousInboxForwarding', 'adminConfirmedUserCompromised', 'nationStateIP',
  ].map((value) => ({ value })),
  incomingTokenType: ['none', 'primaryRefreshToken', 'refreshToken', 'saml11', 'saml20', 'remoteDesktopToken'].map((value) => ({ value })),
  authProtocol: ['none', 'oAuth2', 'ropc', 'wsFederation', 'saml20', 'deviceCode'].map((value) => ({ value })),
  userType: ['member', 'guest'].map((value) => ({ value })),
  crossTenant: ['none', 'b2bCollaboration', 'b2bDirectConnect', 'microsoftSupport', 'serviceProvider', 'passthrough'].map((value) => ({ value })),
};

/** The label of one value of a filter (pretty names for enums; log text as it is otherwise). */
export function valueLabel(key: string, value: string): string {
  const known = SUGGESTIONS[key as FilterKey]?.find((s) => s.value.toLowerCase() === value.toLowerCase());
  if (!known) return value;
  return `${known.label ?? known.value}${known.legacy ? ' (legacy)' : ''}`;
}

export function activeKeys(filter: SignInFilter): FilterKey[] {
  return FILTER_SPECS.map((s) => s.key as FilterKey).filter((k) => filter[k] !== undefined);
}

export function isEmptyFilter(filter: SignInFilter): boolean {
  return activeKeys(filter).length === 0;
}

/** A filter's value as chip text, times in the shown zone. */
export function chipText(spec: FilterSpec, value: unknown, tz: TimeZoneMode): string {
  switch (spec.kind) {
    case 'time':
      return formatTime(value as string, tz);
    case 'bool':
      return value ? 'yes' : 'no';
    case 'list':
    case 'int-list':
      return (value as unknown[]).map((v) => valueLabel(spec.key, String(v))).join(', ');
    default:
      return String(value);
  }
}

/** A filter's value as the text its editor shows. */
export function draftText(spec: FilterSpec, value: unknown, tz: TimeZoneMode): string {
  if (value === undefined || value === null) return '';
  switch (spec.kind) {
    case 'time':
      return formatTime(value as string, tz).replace(/Z$/, '').replace(/ [+-]\d{2}:\d{2}$/, '');
    case 'bool':
      return value ? 'yes' : 'no';
    case 'list':
    case 'int-list':
      return (value as unknown[]).join(', ');
    default:
      return String(value);
  }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

const split = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);

/** Text from an editor to a filter value; `undefined` value means "no filter". */
export function parseDraft(spec: FilterSpec, text: string, tz: TimeZoneMode): Parsed {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  switch (spec.kind) {
    case 'time': {
      const iso = parseTimeInput(t, tz);
      return iso ? { ok: true, value: iso } : { ok: false, error: 'a date, or a date and time: YYYY-MM-DD HH:MM' };
    }
    case 'bool': {
      const v = t.toLowerCase();
      if (['yes', 'true', '1'].includes(v)) return { ok: true, value: true };
      if (['no', 'false', '0'].includes(v)) return { ok: true, value: false };
      return { ok: false, error: 'yes or no' };
    }
    case 'int-list': {
      const values = split(t);
      if (!values.every((v) => /^-?\d+$/.test(v))) return { ok: false, error: 'whole numbers separated by commas' };
      return { ok: true, value: values.map(Number) };
    }
    case 'list': {
      const values = split(t);
      if (!spec.values) return { ok: true, value: values };
      const out: string[] = [];
      for (const v of values) {
        const known = spec.values.find((k) => k.toLowerCase() === v.toLowerCase());
        if (!known) return { ok: false, error: `one of ${spec.values.join(', ')}` };
        out.push(known);
      }
      return { ok: true, value: out };
    }
    default:
      return { ok: true, value: t };
  }
}

/** Sets one key (undefined removes it); the result is validated against the contract's schema. */
export function withValue(filter: SignInFilter, key: FilterKey, value: unknown): SignInFilter {
  const next: Record<string, unknown> = { ...filter };
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next as SignInFilter;
}

export function without(filter: SignInFilter, ...keys: FilterKey[]): SignInFilter {
  const next: Record<string, unknown> = { ...filter };
  for (const k of keys) delete next[k];
  return next as SignInFilter;
}

/** The contract's own check (the same schema main applies), as an error text or null. */
export function filterError(filter: SignInFilter): string | null {
  const parsed = SignInFilter.safeParse(filter);
  return parsed.success ? null : parsed.error.issues.map((i) => `${specByKey.get(String(i.path[0]))?.label ?? i.path.join('.')}: ${i.message}`).join('; ');
}

/** Only well-formed filters survive (a saved view from an older version may hold stale keys). */
export function sanitizeFilter(value: unknown): SignInFilter | null {
  const parsed = SignInFilter.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The filter as the CLI's flags / REST parameters: flag -> text, lists comma-joined. */
export function filterToParams(filter: SignInFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of FILTER_SPECS) {
    const value = filter[spec.key as FilterKey] as unknown;
    if (value === undefined) continue;
    out[spec.flag] = Array.isArray(value) ? value.join(',') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  }
  return out;
}
