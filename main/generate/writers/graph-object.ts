// A record as a Microsoft Graph beta `signIn` object (formats.md §4, §10): Graph names and nesting.
import { MICROSOFT_SERVICES_TENANT } from '../catalog';
import { authRequirementPolicies, authSteps, caOutcome, eventTypes, failureReason, tokenProtection } from '../derive';
import type { Rec } from '../record';
import type { Tenant } from '../tenant';

export function graphSignIn(rec: Rec, tenant: Tenant): Record<string, unknown> {
  const created = new Date(rec.t).toISOString();
  const sp = rec.sp;
  const who = rec.who;
  const d = rec.device;
  const ca = caOutcome(tenant, rec.ca);
  const user = rec.type !== 'servicePrincipal';
  const tp = tokenProtection(rec);
  const mfaStep = rec.auth === 'pwMfa' || rec.auth === 'pwMfaRequired';
  return {
    id: rec.id,
    createdDateTime: created,
    userDisplayName: who ? who.displayName : null,
    userPrincipalName: who ? who.upn : null,
    userId: who ? who.id : '',
    appId: rec.app.id,
    appDisplayName: rec.app.name,
    ipAddress: rec.ip,
    ipAddressFromResourceProvider: null,
    clientAppUsed: user ? rec.clientApp : null,
    userAgent: user ? rec.userAgent : null,
    correlationId: rec.correlationId,
    originalRequestId: rec.id,
    conditionalAccessStatus: ca.status,
    isInteractive: rec.type === 'interactiveUser',
    authenticationProtocol: rec.protocol,
    incomingTokenType: rec.incomingTokenType,
    originalTransferMethod: rec.transferMethod,
    clientCredentialType: sp ? sp.credentialType : 'none',
    uniqueTokenIdentifier: rec.uti,
    sessionId: user ? rec.sessionId : null,
    homeTenantId: who ? who.homeTenantId : tenant.id,
    homeTenantName: who ? who.homeTenantName : tenant.name,
    resourceTenantId: tenant.id,
    resourceOwnerTenantId: sp && rec.resource.id === sp.app.id ? tenant.id : MICROSOFT_SERVICES_TENANT,
    appOwnerTenantId: sp ? tenant.id : MICROSOFT_SERVICES_TENANT,
    isTenantRestricted: false,
    isThroughGlobalSecureAccess: false,
    globalSecureAccessIpAddress: null,
    autonomousSystemNumber: rec.asn,
    crossTenantAccessType: who ? who.crossTenant : 'none',
    tokenIssuerName: '',
    tokenIssuerType: 'AzureAD',
    processingTimeInMilliseconds: rec.latency,
    riskDetail: 'none',
    riskLevelAggregated: rec.risk ? rec.risk.level : 'none',
    riskLevelDuringSignIn: rec.risk ? rec.risk.level : 'none',
    riskState: rec.risk ? 'atRisk' : 'none',
    riskEventTypes_v2: rec.risk ? rec.risk.events : [],
    resourceDisplayName: rec.resource.name,
    resourceId: rec.resource.id,
    resourceServicePrincipalId: tenant.resourceSpIds.get(rec.resource.id) ?? '',
    servicePrincipalId: sp ? sp.objectId : '',
    servicePrincipalName: sp ? sp.app.name : null,
    servicePrincipalCredentialKeyId: sp ? sp.credentialKeyId : null,
    servicePrincipalCredentialThumbprint: sp ? sp.thumbprint : null,
    userType: who ? who.type : null,
    flaggedForReview: false,
    authenticationRequirement: rec.authRequirement,
    authenticationMethodsUsed: [],
    signInIdentifier: who ? who.upn : null,
    signInIdentifierType: who ? 'userPrincipalName' : null,
    signInEventTypes: eventTypes(rec),
    status: { errorCode: rec.errorCode, failureReason: failureReason(rec), additionalDetails: rec.additionalDetails },
    deviceDetail: {
      deviceId: d.deviceId,
      displayName: d.displayName,
      operatingSystem: d.os,
      browser: rec.browser,
      isCompliant: d.isCompliant,
      isManaged: d.isManaged,
      trustType: d.trustType,
    },
    location: {
      city: rec.place.city,
      state: rec.place.state,
      countryOrRegion: rec.place.country,
      geoCoordinates: { altitude: null, latitude: rec.place.lat, longitude: rec.place.lon },
    },
    appliedConditionalAccessPolicies: ca.policies,
    authenticationProcessingDetails: user ? [{ key: 'Login Hint Present', value: rec.type === 'interactiveUser' ? 'True' : 'False' }] : [],
    networkLocationDetails: [],
    authenticationDetails: user ? authSteps(rec, created) : [],
    authenticationRequirementPolicies: authRequirementPolicies(rec),
    sessionLifetimePolicies: [],
    tokenProtectionStatusDetails: tp ? { signInSessionStatus: tp, signInSessionStatusCode: null } : null,
    managedServiceIdentity: { msiType: 'none', associatedResourceId: null, federatedTokenId: null, federatedTokenIssuer: null },
    mfaDetail: mfaStep ? { authMethod: rec.mfaMethod, authDetail: null } : null,
  };
}
