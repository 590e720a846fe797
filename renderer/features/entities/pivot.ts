// Which entity (and which indicator) a grid cell or details field stands for, so any value can open
// its profile or join the indicator list.
import type { EntityRef, Indicator, SignIn } from '../../../preload/contract';

export type Pivot = { entity: EntityRef | null; indicator: Indicator | null };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const at = (s: SignIn, key: string) => (s as Record<string, unknown>)[key];

/** The account of a sign-in: a user by UPN; a service principal or managed identity by its app. */
export function accountPivot(s: SignIn): Pivot {
  if (s.type === 'servicePrincipal' || s.type === 'managedIdentity') {
    const app = str(s.appId) ?? str(s.appDisplayName);
    return { entity: app ? { kind: 'app', value: app } : null, indicator: null };
  }
  const upn = str(s.userPrincipalName);
  return { entity: upn ? { kind: 'user', value: upn.toLowerCase() } : null, indicator: null };
}

/** Grid column ids (renderer/features/grid/columns.ts) and details fields that name an entity. */
export function pivotOf(field: string, s: SignIn): Pivot | null {
  switch (field) {
    case 'userPrincipalName':
    case 'userDisplayName':
    case 'userId':
      return accountPivot(s);
    case 'ipAddress': {
      const ip = str(s.ipAddress);
      return ip ? { entity: { kind: 'ip', value: ip }, indicator: { kind: 'ip', value: ip } } : null;
    }
    case 'autonomousSystemNumber': {
      const asn = at(s, 'autonomousSystemNumber');
      return typeof asn === 'number' ? { entity: { kind: 'asn', value: String(asn) }, indicator: { kind: 'asn', value: String(asn) } } : null;
    }
    case 'appDisplayName':
    case 'appId': {
      const app = str(s.appId) ?? str(s.appDisplayName);
      return app ? { entity: { kind: 'app', value: app }, indicator: null } : null;
    }
    case 'deviceDetail.deviceId': {
      const d = str(s.deviceDetail?.deviceId);
      return d ? { entity: { kind: 'device', value: d }, indicator: { kind: 'device-id', value: d } } : null;
    }
    case 'userAgent': {
      const ua = str(s.userAgent);
      return ua ? { entity: { kind: 'user-agent', value: ua }, indicator: { kind: 'user-agent', value: ua } } : null;
    }
    case 'sessionId': {
      const id = str(at(s, 'sessionId'));
      return id ? { entity: null, indicator: { kind: 'session-id', value: id } } : null;
    }
    default:
      return null;
  }
}
