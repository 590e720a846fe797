// Every detection module, listed once. The registry refuses two modules with one id, and ids must be
// the lower-case kebab names of ../shared/reference/detections.md (they key stored findings).
import { aitmOfficeHome } from './aitm-officehome';
import { bruteForceThenSuccess } from './brute-force-then-success';
import { caFailureMultipleIps } from './ca-failure-multiple-ips';
import { deviceCodePhishing } from './device-code-phishing';
import { disabledAccountProbing } from './disabled-account-probing';
import { hostingAsn } from './hosting-asn';
import { distributedPasswordCracking } from './distributed-password-cracking';
import { identityProtectionRisk } from './identity-protection-risk';
import { impossibleTravel } from './impossible-travel';
import { legacyAuth } from './legacy-auth';
import { mfaDeniedOrFraud } from './mfa-denied-or-fraud';
import { mfaFatigue } from './mfa-fatigue';
import { newCountry } from './new-country';
import { passwordSpray } from './password-spray';
import { prtTokenReplay } from './prt-token-replay';
import { ropcSignIn } from './ropc-sign-in';
import { seamlessSsoSpray } from './seamless-sso-spray';
import { successThenFailDifferentIp } from './success-then-fail-different-ip';
import { suspiciousClient } from './suspicious-client';
import type { Detection } from './types';
import { userEnumeration } from './user-enumeration';
import { workloadIdentityAnomaly } from './workload-identity-anomaly';

export class RegistryError extends Error {}

export type Registry = {
  readonly all: readonly Detection[];
  get(id: string): Detection | undefined;
  /** The detections named in `ids` (all when empty); an unknown id is an error naming the known ones. */
  select(ids?: readonly string[]): Detection[];
};

export function createRegistry(modules: readonly Detection[]): Registry {
  const byId = new Map<string, Detection>();
  for (const d of modules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.id)) throw new RegistryError(`detection id "${d.id}" is not a lower-case kebab name`);
    if (byId.has(d.id)) throw new RegistryError(`two detections share the id "${d.id}"`);
    for (const [name, spec] of Object.entries(d.params)) {
      if (typeof spec.default === 'number' && ((spec.min !== undefined && spec.default < spec.min) || (spec.max !== undefined && spec.default > spec.max))) {
        throw new RegistryError(`${d.id}: the default of "${name}" is outside its bounds`);
      }
    }
    byId.set(d.id, d);
  }
  const all = [...byId.values()];
  return {
    all,
    get: (id) => byId.get(id),
    select(ids) {
      if (!ids || ids.length === 0) return all;
      const unknown = ids.filter((id) => !byId.has(id));
      if (unknown.length) throw new RegistryError(`unknown detection${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${all.map((d) => d.id).join(', ')}`);
      return uniqueIds(ids).map((id) => byId.get(id)!);
    },
  };
}

const uniqueIds = (ids: readonly string[]) => [...new Set(ids)];

/** The detections Sightline runs, in the order of the reference. */
export const registry = createRegistry([
  impossibleTravel,
  passwordSpray,
  distributedPasswordCracking,
  bruteForceThenSuccess,
  mfaFatigue,
  mfaDeniedOrFraud,
  legacyAuth,
  successThenFailDifferentIp,
  disabledAccountProbing,
  userEnumeration,
  seamlessSsoSpray,
  caFailureMultipleIps,
  prtTokenReplay,
  deviceCodePhishing,
  ropcSignIn,
  aitmOfficeHome,
  suspiciousClient,
  newCountry,
  hostingAsn,
  identityProtectionRisk,
  workloadIdentityAnomaly,
]);
