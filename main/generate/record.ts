// The generator's internal sign-in record: one flat object per sign-in, from which every writer renders
// its own format. Shared identities (user, device, app) are references, so a record is cheap to build.
import type { App, Place } from './catalog';

export type SignInType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal';

/** How the authentication went, rendered by writers as authenticationDetails / the portal's MFA columns. */
export type AuthPattern =
  | 'none' // no steps recorded (silent SSO failures, guests' 16000, Nov 2025+ empty details)
  | 'pwFail' // wrong password
  | 'pwOk' // correct password, single factor
  | 'pwMfa' // password + a fresh MFA step
  | 'pwMfaRequired' // password ok, MFA demanded (50074 interrupt)
  | 'mfaDenied' // push declined
  | 'mfaNoResponse' // push ignored
  | 'mfaFraud' // push reported as fraud
  | 'claim' // first factor and MFA satisfied by claims in the token
  | 'claim1fa' // first factor satisfied by claim in the token
  | 'whfb' // Windows Hello for Business (Windows Sign In)
  | 'client'; // service principal client credential

/** Conditional Access outcome variants (see conditional-access.ts). */
export type CaKey = 'mfaOk' | 'notEvaluated' | 'legacy' | 'blockedCountry' | 'platformBlocked' | 'azureOk' | 'azureNonCompliant' | 'excluded' | 'none';

export interface Identity {
  id: string;
  upn: string;
  displayName: string;
  type: 'member' | 'guest';
  homeTenantId: string;
  homeTenantName: string;
  crossTenant: 'none' | 'b2bCollaboration';
}

export interface DeviceInfo {
  deviceId: string;
  displayName: string;
  os: string;
  isCompliant: boolean;
  isManaged: boolean;
  trustType: string;
}

const unregisteredCache = new Map<string, DeviceInfo>();

/** deviceDetail of a device Entra does not know: only the OS (from the user agent) is filled. */
export function unregistered(os: string): DeviceInfo {
  let d = unregisteredCache.get(os);
  if (!d) unregisteredCache.set(os, (d = { deviceId: '', displayName: '', os, isCompliant: false, isManaged: false, trustType: '' }));
  return d;
}

export interface ServicePrincipal {
  app: App;
  objectId: string;
  credentialKeyId: string;
  thumbprint: string;
  credentialType: 'clientSecret' | 'certificate';
}

export interface Risk {
  level: 'low' | 'medium' | 'high';
  events: string[];
}

export interface Rec {
  type: SignInType;
  /** createdDateTime, epoch ms */
  t: number;
  id: string;
  uti: string;
  correlationId: string;
  sessionId: string;
  who: Identity | null;
  sp: ServicePrincipal | null;
  app: App;
  resource: App;
  ip: string;
  place: Place;
  asn: number;
  errorCode: number;
  /** failure reason text when it differs from the code's usual text (e.g. 50053 for a malicious IP) */
  reason: string | null;
  additionalDetails: string | null;
  clientApp: string;
  userAgent: string;
  /** deviceDetail; unregistered devices have deviceId '' (see `unregistered`). */
  device: DeviceInfo;
  browser: string;
  authRequirement: 'multiFactorAuthentication' | 'singleFactorAuthentication';
  auth: AuthPattern;
  mfaMethod: string;
  ca: CaKey;
  protocol: string;
  incomingTokenType: string;
  transferMethod: string;
  latency: number;
  risk: Risk | null;
}
