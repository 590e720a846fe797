// Fields every writer derives the same way from a record: outcome, failure text, authentication steps,
// the portal's MFA summary columns, and the Conditional Access policy results.
import { ERRORS, INTERRUPT_CODES } from './catalog';
import type { AuthPattern, CaKey, Rec } from './record';
import type { Tenant } from './tenant';

export function portalStatus(code: number): 'Success' | 'Failure' | 'Interrupted' {
  return code === 0 ? 'Success' : INTERRUPT_CODES.has(code) ? 'Interrupted' : 'Failure';
}

export function failureReason(rec: Rec): string | null {
  if (rec.errorCode === 0) return null;
  if (rec.reason) return rec.reason;
  const text = ERRORS[rec.errorCode]?.reason ?? 'Other.';
  return text.includes('{resource}') ? text.replace('{resource}', rec.resource.id) : text;
}

/** The additional-details text a record of this code and pattern usually carries. */
export function additionalDetailsFor(code: number, auth: AuthPattern): string | null {
  switch (auth) {
    case 'mfaDenied': return 'MFA denied; user declined the authentication';
    case 'mfaNoResponse': return 'MFA denied; user did not respond to mobile app notification';
    case 'mfaFraud': return 'MFA denied; Phone App Reported Fraud';
    default:
  }
  if (code !== 0) return ERRORS[code]?.details ?? null;
  if (auth === 'claim') return 'MFA requirement satisfied by claim in the token';
  if (auth === 'pwMfa') return 'MFA completed in Azure AD';
  return null;
}

export interface AuthStep {
  authenticationStepDateTime: string;
  authenticationMethod: string;
  authenticationMethodDetail: string;
  succeeded: boolean;
  authenticationStepResultDetail: string;
  authenticationStepRequirement: string;
}

const PRIMARY = 'Primary authentication';
const MFA = 'Multifactor authentication';
const pw = (ok: boolean): Omit<AuthStep, 'authenticationStepDateTime'> => ({
  authenticationMethod: 'Password',
  authenticationMethodDetail: 'Password in the cloud',
  succeeded: ok,
  authenticationStepResultDetail: ok ? 'Correct password' : 'Invalid username or password or Invalid on-premise username or password.',
  authenticationStepRequirement: PRIMARY,
});
const second = (method: string, ok: boolean, result: string): Omit<AuthStep, 'authenticationStepDateTime'> => ({
  authenticationMethod: method, authenticationMethodDetail: '', succeeded: ok, authenticationStepResultDetail: result, authenticationStepRequirement: MFA,
});
const previously = (result: string, requirement: string): Omit<AuthStep, 'authenticationStepDateTime'> => ({
  authenticationMethod: 'Previously satisfied', authenticationMethodDetail: '', succeeded: true, authenticationStepResultDetail: result, authenticationStepRequirement: requirement,
});

/** Steps without times, by pattern and MFA method. */
function stepsFor(auth: AuthPattern, method: string): Omit<AuthStep, 'authenticationStepDateTime'>[] {
  switch (auth) {
    case 'pwFail': return [pw(false)];
    case 'pwOk': return [pw(true)];
    case 'pwMfa': return [pw(true), second(method, true, 'MFA successfully completed')];
    case 'pwMfaRequired': return [pw(true), second(method, false, 'MFA required in Azure AD')];
    case 'mfaDenied': return [pw(true), second('Mobile app notification', false, 'MFA denied; user declined the authentication')];
    case 'mfaNoResponse': return [pw(true), second('Mobile app notification', false, 'MFA denied; user did not respond to mobile app notification')];
    case 'mfaFraud': return [pw(true), second('Mobile app notification', false, 'MFA denied; Phone App Reported Fraud')];
    case 'claim': return [previously('First factor requirement satisfied by claim in the token', PRIMARY), previously('MFA requirement satisfied by claim in the token', MFA)];
    case 'claim1fa': return [previously('First factor requirement satisfied by claim in the token', PRIMARY)];
    case 'whfb': return [{ authenticationMethod: 'Windows Hello for Business', authenticationMethodDetail: '', succeeded: true, authenticationStepResultDetail: 'MFA successfully completed', authenticationStepRequirement: PRIMARY }];
    default: return [];
  }
}

const stepCache = new Map<string, Omit<AuthStep, 'authenticationStepDateTime'>[]>();

export function authSteps(rec: Rec, iso: string): AuthStep[] {
  const key = rec.auth + '|' + rec.mfaMethod;
  let steps = stepCache.get(key);
  if (!steps) stepCache.set(key, (steps = stepsFor(rec.auth, rec.mfaMethod)));
  return steps.map((s) => ({ authenticationStepDateTime: iso, ...s }));
}

/** The portal's three MFA columns: result, auth method, auth detail. */
export function mfaSummary(rec: Rec): [string, string, string] {
  switch (rec.auth) {
    case 'pwMfa': return ['MFA successfully completed', rec.mfaMethod, rec.mfaMethod === 'Text message' ? '+X XXXXXXXX' + rec.id.slice(0, 2).replace(/[a-f]/g, '7') : ''];
    case 'claim': return ['MFA requirement satisfied by claim in the token', 'Previously satisfied', ''];
    case 'pwMfaRequired': return ['MFA required in Azure AD', rec.mfaMethod, ''];
    case 'mfaDenied': return ['MFA denied; user declined the authentication', 'Mobile app notification', ''];
    case 'mfaNoResponse': return ['MFA denied; user did not respond to mobile app notification', 'Mobile app notification', ''];
    case 'mfaFraud': return ['MFA denied; Phone App Reported Fraud', 'Mobile app notification', ''];
    default: return ['', '', ''];
  }
}

export interface CaPolicyResult {
  id: string;
  displayName: string;
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
  result: string;
  conditionsSatisfied: number;
  conditionsNotSatisfied: number;
}

export interface CaOutcome {
  status: 'success' | 'failure' | 'notApplied';
  /** frozen: shared by every record with this outcome */
  policies: readonly CaPolicyResult[];
  /** compact JSON of `policies` */
  json: string;
}

const POLICIES = [
  { name: 'Require multifactor authentication for all users', grant: ['Mfa'] },
  { name: 'Block legacy authentication (report-only)', grant: ['Block'] },
  { name: 'Require compliant device for Azure management', grant: ['RequireCompliantDevice'] },
  { name: 'Block sign-ins from sanctioned countries', grant: ['Block'] },
  { name: 'Block unsupported device platforms', grant: ['Block'] },
] as const;

/** Per policy: its result in each variant. */
const RESULTS: Record<CaKey, string[] | null> = {
  mfaOk: ['success', 'reportOnlyNotApplied', 'notApplied', 'notApplied', 'notApplied'],
  azureOk: ['success', 'reportOnlyNotApplied', 'success', 'notApplied', 'notApplied'],
  azureNonCompliant: ['success', 'reportOnlyNotApplied', 'failure', 'notApplied', 'notApplied'],
  legacy: ['notApplied', 'reportOnlyFailure', 'notApplied', 'notApplied', 'notApplied'],
  blockedCountry: ['notApplied', 'reportOnlyNotApplied', 'notApplied', 'failure', 'notApplied'],
  platformBlocked: ['notApplied', 'reportOnlyNotApplied', 'notApplied', 'notApplied', 'failure'],
  notEvaluated: ['notApplied', 'reportOnlyNotApplied', 'notApplied', 'notApplied', 'notApplied'],
  excluded: ['notApplied', 'reportOnlyNotApplied', 'notApplied', 'notApplied', 'notApplied'],
  none: null,
};

const caCache = new WeakMap<Tenant, Map<CaKey, CaOutcome>>();

export function caOutcome(tenant: Tenant, key: CaKey): CaOutcome {
  let byKey = caCache.get(tenant);
  if (!byKey) caCache.set(tenant, (byKey = new Map()));
  let out = byKey.get(key);
  if (out) return out;
  const results = RESULTS[key];
  const policies: CaPolicyResult[] = results
    ? POLICIES.map((p, i) => {
        const result = results[i]!;
        const applied = result === 'success' || result === 'failure';
        return {
          id: tenant.caPolicyIds[i]!,
          displayName: p.name,
          enforcedGrantControls: applied || result === 'reportOnlyFailure' ? [...p.grant] : [],
          enforcedSessionControls: [],
          result,
          conditionsSatisfied: applied || result.startsWith('reportOnlyF') ? 3 : 1,
          conditionsNotSatisfied: applied || result.startsWith('reportOnlyF') ? 0 : 2,
        };
      })
    : [];
  const status = policies.some((p) => p.result === 'failure') ? 'failure' : policies.some((p) => p.result === 'success') ? 'success' : 'notApplied';
  Object.freeze(policies);
  out = { status, policies, json: JSON.stringify(policies) };
  byKey.set(key, out);
  return out;
}

const MFA_POLICIES = Object.freeze([Object.freeze({ requirementProvider: 'multiConditionalAccess', detail: 'Conditional Access' })]);
const NO_POLICIES: readonly never[] = Object.freeze([]);

export function authRequirementPolicies(rec: Rec): readonly { requirementProvider: string; detail: string }[] {
  return rec.authRequirement === 'multiFactorAuthentication' ? MFA_POLICIES : NO_POLICIES;
}

const EVENT_TYPES = {
  interactiveUser: Object.freeze(['interactiveUser']),
  nonInteractiveUser: Object.freeze(['nonInteractiveUser']),
  servicePrincipal: Object.freeze(['servicePrincipal']),
} as const;

/** signInEventTypes (shared, frozen). */
export function eventTypes(rec: Rec): readonly string[] {
  return EVENT_TYPES[rec.type];
}

/** Token protection: Windows PRT-backed sessions are bound, others unbound. */
export function tokenProtection(rec: Rec): 'bound' | 'unbound' | null {
  if (rec.type === 'servicePrincipal') return null;
  return rec.incomingTokenType === 'primaryRefreshToken' && rec.device.os === 'Windows10' && rec.device.deviceId !== '' ? 'bound' : 'unbound';
}
