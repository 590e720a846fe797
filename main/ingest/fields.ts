// Field-level rules every normalizer shares (formats.md §6, §10-§13, §15), so each format module
// only says where its values are.
import { outcomeOf, type SignInType } from '../../preload/contract';
import { boundedMemo } from '../case/strings';

export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);

export function int(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return null;
}

export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === 'yes') return true;
    if (t === 'false' || t === 'no') return false;
  }
  return null;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON cell (Log Analytics dynamic columns, PowerShell) parsed, or the text as it was. */
export function parseJsonText(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const EVENT_TYPES: Record<string, SignInType> = {
  interactiveuser: 'interactiveUser',
  noninteractiveuser: 'nonInteractiveUser',
  serviceprincipal: 'servicePrincipal',
  managedidentity: 'managedIdentity',
};

/** Log Analytics tables and diagnostic categories (formats.md §5, §7). */
const TABLES: Record<string, SignInType> = {
  signinlogs: 'interactiveUser',
  aadnoninteractiveusersigninlogs: 'nonInteractiveUser',
  noninteractiveusersigninlogs: 'nonInteractiveUser',
  aadserviceprincipalsigninlogs: 'servicePrincipal',
  serviceprincipalsigninlogs: 'servicePrincipal',
  aadmanagedidentitysigninlogs: 'managedIdentity',
  managedidentitysigninlogs: 'managedIdentity',
};

export function typeFromTable(table: string | null): SignInType | null {
  return table ? (TABLES[table.toLowerCase()] ?? null) : null;
}

/** Portal file-name prefixes (formats.md §1 step 5) and collector names. */
export function typeFromFileName(name: string): SignInType | null {
  const n = name.toLowerCase();
  if (/^noninteractivesignins_/.test(n) || /noninteractiveuser/.test(n)) return 'nonInteractiveUser';
  if (/^interactivesignins_/.test(n) || /-interactiveuser-/.test(n)) return 'interactiveUser';
  if (/^applicationsignins_/.test(n) || /serviceprincipal/.test(n) || /_sp_signin/.test(n)) return 'servicePrincipal';
  if (/^msisignins_/.test(n) || /managedidentity/.test(n) || /_msi_signin/.test(n)) return 'managedIdentity';
  return null;
}

/**
 * The sign-in type, in the order of formats.md §6: signInEventTypes, the table or category, the
 * file name, then isInteractive and the principal fields; a v1.0 record is interactive.
 */
export function signInTypeOf(o: { eventTypes?: unknown; table?: string | null; fileName?: string; isInteractive?: unknown; servicePrincipalId?: unknown; userId?: unknown; managedIdentity?: unknown }): SignInType {
  if (Array.isArray(o.eventTypes)) {
    for (const t of o.eventTypes) {
      const known = typeof t === 'string' ? EVENT_TYPES[t.toLowerCase()] : undefined;
      if (known) return known;
    }
  }
  const fromTable = typeFromTable(o.table ?? null);
  if (fromTable) return fromTable;
  const fromName = o.fileName ? typeFromFileName(o.fileName) : null;
  if (fromName) return fromName;
  if (o.managedIdentity && isRecord(o.managedIdentity) && str(o.managedIdentity['msiType'])) return 'managedIdentity';
  if (str(o.servicePrincipalId) && !str(o.userId)) return 'servicePrincipal';
  const interactive = bool(o.isInteractive);
  if (interactive === false) return 'nonInteractiveUser';
  return 'interactiveUser';
}

/** Display text such as "Primary Refresh Token" to the enum it stands for (`primaryRefreshToken`). */
// A handful of display texts repeat on every row of an export; bounded in case a column holds free text.
export const enumFromDisplayText = boundedMemo((v: string): string => {
  const words = v.trim().split(/[\s_-]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}, 4096);

export type Geo = { latitude: number; longitude: number; plottable: true } | { latitude: null; longitude: null; plottable: false; reason: string };

/** Coordinates are plottable only when finite, in range, and not both 0 (formats.md §12). */
export function geoOf(coords: unknown): Geo {
  const c = isRecord(coords) ? coords : {};
  const lat = typeof c['latitude'] === 'number' ? c['latitude'] : typeof c['latitude'] === 'string' && c['latitude'] !== '' ? Number(c['latitude']) : NaN;
  const lon = typeof c['longitude'] === 'number' ? c['longitude'] : typeof c['longitude'] === 'string' && c['longitude'] !== '' ? Number(c['longitude']) : NaN;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return { latitude: null, longitude: null, plottable: false, reason: 'no coordinates' };
  if (lat === 0 && lon === 0) return { latitude: null, longitude: null, plottable: false, reason: 'coordinates 0,0 (no location)' };
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { latitude: null, longitude: null, plottable: false, reason: 'coordinates out of range' };
  return { latitude: lat, longitude: lon, plottable: true };
}

export { outcomeOf };
