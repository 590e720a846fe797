// A record as a Log Analytics row (formats.md §5, §10): SigninLogs, AADNonInteractiveUserSignInLogs and
// AADServicePrincipalSignInLogs columns, 2026 conventions. `ResourceId` is the ARM path; the resource app
// GUID is `ResourceIdentity`; `TenantId` is the workspace, `AADTenantId` the Entra tenant; `Location` is
// the country code with the detail in `LocationDetails`; dynamic columns are objects here (the CSV writer
// turns them into compact JSON text).
import { MICROSOFT_SERVICES_TENANT } from '../catalog';
import { authRequirementPolicies, authSteps, caOutcome, eventTypes, failureReason, tokenProtection } from '../derive';
import type { Rec, SignInType } from '../record';
import type { Tenant } from '../tenant';

/** Date columns: CSV names them `<name> [UTC]`. */
export const LA_DATE_COLUMNS = new Set(['TimeGenerated', 'CreatedDateTime']);

const INTERACTIVE = [
  'TimeGenerated', 'IPAddress', 'TenantId', 'SourceSystem', 'ResourceId', 'OperationName', 'OperationVersion', 'Category', 'ResultType',
  'ResultSignature', 'ResultDescription', 'DurationMs', 'CorrelationId', 'Resource', 'ResourceGroup', 'ResourceProvider', 'Identity',
  'Level', 'Location', 'AlternateSignInName', 'AppDisplayName', 'AppId', 'AppOwnerTenantId', 'AppliedEventListeners',
  'AuthenticationContextClassReferences', 'AuthenticationDetails', 'AuthenticationMethodsUsed', 'AuthenticationProcessingDetails',
  'AuthenticationProtocol', 'AuthenticationRequirement', 'AuthenticationRequirementPolicies', 'AutonomousSystemNumber', 'ClientAppUsed',
  'ClientCredentialType', 'ConditionalAccessPolicies', 'ConditionalAccessStatus', 'CreatedDateTime', 'CrossTenantAccessType',
  'DeviceDetail', 'FlaggedForReview', 'GlobalSecureAccessIpAddress', 'HomeTenantId', 'HomeTenantName', 'Id', 'IncomingTokenType',
  'IPAddressFromResourceProvider', 'IsInteractive', 'IsRisky', 'IsTenantRestricted', 'IsThroughGlobalSecureAccess', 'LocationDetails',
  'MfaDetail', 'NetworkLocationDetails', 'OriginalRequestId', 'OriginalTransferMethod', 'ProcessingTimeInMilliseconds',
  'ResourceDisplayName', 'ResourceIdentity', 'ResourceOwnerTenantId', 'ResourceServicePrincipalId', 'ResourceTenantId', 'RiskDetail',
  'RiskEventTypes', 'RiskEventTypes_V2', 'RiskLevelAggregated', 'RiskLevelDuringSignIn', 'RiskState', 'ServicePrincipalId',
  'ServicePrincipalName', 'SessionId', 'SessionLifetimePolicies', 'SignInIdentifier', 'SignInIdentifierType', 'Status', 'TokenIssuerName',
  'TokenIssuerType', 'TokenProtectionStatusDetails', 'UniqueTokenIdentifier', 'UserAgent', 'UserDisplayName', 'UserId',
  'UserPrincipalName', 'UserType', 'AADTenantId', 'Agent', 'Type',
] as const;

const NON_INTERACTIVE = [
  ...INTERACTIVE.filter((c) => c !== 'Resource' && c !== 'ResourceId' && c !== 'ResourceProvider' && c !== 'Type').map((c) =>
    c === 'ProcessingTimeInMilliseconds' ? 'ProcessingTimeInMs' : c,
  ),
  'SignInEventTypes', 'ClientSessionId', 'ConditionalAccessPoliciesV2', 'Type',
];

const SERVICE_PRINCIPAL = [
  'TimeGenerated', 'IPAddress', 'TenantId', 'SourceSystem', 'AppId', 'AuthenticationContextClassReferences', 'AuthenticationProcessingDetails',
  'Category', 'ConditionalAccessPolicies', 'ConditionalAccessStatus', 'CorrelationId', 'DurationMs', 'FederatedCredentialId', 'Id',
  'Identity', 'Level', 'Location', 'LocationDetails', 'OperationName', 'OperationVersion', 'ResourceDisplayName', 'ResourceGroup',
  'ResourceIdentity', 'ResourceServicePrincipalId', 'ResultDescription', 'ResultSignature', 'ResultType', 'ServicePrincipalCredentialKeyId',
  'ServicePrincipalCredentialThumbprint', 'ServicePrincipalId', 'ServicePrincipalName', 'UniqueTokenIdentifier', 'Type',
];

export const LA_COLUMNS: Record<SignInType, readonly string[]> = {
  interactiveUser: INTERACTIVE,
  nonInteractiveUser: NON_INTERACTIVE,
  servicePrincipal: SERVICE_PRINCIPAL,
};

const CATEGORY: Record<SignInType, string> = {
  interactiveUser: 'SignInLogs',
  nonInteractiveUser: 'NonInteractiveUserSignInLogs',
  servicePrincipal: 'ServicePrincipalSignInLogs',
};

const TABLE: Record<SignInType, string> = {
  interactiveUser: 'SigninLogs',
  nonInteractiveUser: 'AADNonInteractiveUserSignInLogs',
  servicePrincipal: 'AADServicePrincipalSignInLogs',
};

const EMPTY: readonly never[] = Object.freeze([]);
const HINT_TRUE = Object.freeze([Object.freeze({ key: 'Login Hint Present', value: 'True' })]);
const HINT_FALSE = Object.freeze([Object.freeze({ key: 'Login Hint Present', value: 'False' })]);
const AGENT = Object.freeze({ agentType: 'notAgentic' });

/** Ingestion lag (30 s to 4 min) derived from the request id, so no PRNG state is consumed by writers. */
export function timeGenerated(rec: Rec, tenant: Tenant): number {
  const lag = 30_000 + (parseInt(rec.id.slice(0, 5), 16) % 210_000);
  return Math.min(rec.t + lag, tenant.to - 1);
}

/** Column values with dynamic columns as objects/arrays, dates as epoch ms (the writers format them). */
export function laValues(rec: Rec, tenant: Tenant): Record<string, unknown> {
  const who = rec.who;
  const sp = rec.sp;
  const d = rec.device;
  const ca = caOutcome(tenant, rec.ca);
  const reason = failureReason(rec);
  const status: Record<string, unknown> = { errorCode: rec.errorCode };
  if (reason) status['failureReason'] = reason;
  if (rec.additionalDetails) status['additionalDetails'] = rec.additionalDetails;
  const tp = tokenProtection(rec);
  const createdIso = new Date(rec.t).toISOString();
  const mfaStep = rec.auth === 'pwMfa' || rec.auth === 'pwMfaRequired';
  return {
    TimeGenerated: timeGenerated(rec, tenant),
    CreatedDateTime: rec.t,
    IPAddress: rec.ip,
    TenantId: tenant.workspaceId,
    SourceSystem: 'Azure AD',
    ResourceId: `/tenants/${tenant.id}/providers/Microsoft.aadiam`,
    OperationName: 'Sign-in activity',
    OperationVersion: '1.0',
    Category: CATEGORY[rec.type],
    ResultType: String(rec.errorCode),
    ResultSignature: rec.errorCode === 0 ? 'SUCCESS' : 'FAILURE',
    ResultDescription: reason ?? '',
    DurationMs: 0,
    CorrelationId: rec.correlationId,
    Resource: 'Microsoft.aadiam',
    ResourceGroup: 'Microsoft.aadiam',
    ResourceProvider: 'Microsoft.aadiam',
    Identity: who ? who.displayName : sp!.app.name,
    Level: 4,
    Location: rec.place.country,
    AlternateSignInName: who ? who.upn : '',
    AppDisplayName: rec.app.name,
    AppId: rec.app.id,
    AppOwnerTenantId: sp ? tenant.id : MICROSOFT_SERVICES_TENANT,
    AppliedEventListeners: null,
    AuthenticationContextClassReferences: EMPTY,
    AuthenticationDetails: who ? authSteps(rec, createdIso).map((s, i) => ({ ...s, StatusSequence: 0, RequestSequence: i + 1 })) : null,
    AuthenticationMethodsUsed: null,
    AuthenticationProcessingDetails: who ? (rec.type === 'interactiveUser' ? HINT_TRUE : HINT_FALSE) : EMPTY,
    AuthenticationProtocol: rec.protocol,
    AuthenticationRequirement: rec.authRequirement,
    AuthenticationRequirementPolicies: authRequirementPolicies(rec),
    AutonomousSystemNumber: rec.asn,
    ClientAppUsed: rec.clientApp,
    ClientCredentialType: sp ? sp.credentialType : 'none',
    ConditionalAccessPolicies: ca.policies,
    ConditionalAccessPoliciesV2: ca.policies,
    ConditionalAccessStatus: ca.status,
    CrossTenantAccessType: who ? who.crossTenant : 'none',
    DeviceDetail: d.deviceId
      ? { deviceId: d.deviceId, displayName: d.displayName, operatingSystem: d.os, browser: rec.browser, isCompliant: d.isCompliant, isManaged: d.isManaged, trustType: d.trustType }
      : { deviceId: '', operatingSystem: d.os, browser: rec.browser },
    FederatedCredentialId: '',
    FlaggedForReview: false,
    GlobalSecureAccessIpAddress: '',
    HomeTenantId: who ? who.homeTenantId : tenant.id,
    HomeTenantName: who ? who.homeTenantName : tenant.name,
    Id: rec.id,
    IncomingTokenType: rec.incomingTokenType,
    IPAddressFromResourceProvider: '',
    IsInteractive: rec.type === 'interactiveUser',
    IsRisky: rec.risk ? true : null,
    IsTenantRestricted: false,
    IsThroughGlobalSecureAccess: false,
    LocationDetails: { city: rec.place.city, state: rec.place.state, countryOrRegion: rec.place.country, geoCoordinates: { latitude: rec.place.lat, longitude: rec.place.lon } },
    MfaDetail: mfaStep ? { authMethod: rec.mfaMethod } : null,
    NetworkLocationDetails: EMPTY,
    OriginalRequestId: rec.id,
    OriginalTransferMethod: rec.transferMethod,
    ProcessingTimeInMilliseconds: rec.latency,
    ProcessingTimeInMs: rec.latency,
    ResourceDisplayName: rec.resource.name,
    ResourceIdentity: rec.resource.id,
    ResourceOwnerTenantId: MICROSOFT_SERVICES_TENANT,
    ResourceServicePrincipalId: tenant.resourceSpIds.get(rec.resource.id) ?? '',
    ResourceTenantId: tenant.id,
    RiskDetail: 'none',
    RiskEventTypes: rec.risk ? rec.risk.events : EMPTY,
    RiskEventTypes_V2: rec.risk ? rec.risk.events : EMPTY,
    RiskLevelAggregated: rec.risk ? rec.risk.level : 'none',
    RiskLevelDuringSignIn: rec.risk ? rec.risk.level : 'none',
    RiskState: rec.risk ? 'atRisk' : 'none',
    ServicePrincipalCredentialKeyId: sp ? sp.credentialKeyId : '',
    ServicePrincipalCredentialThumbprint: sp ? sp.thumbprint : '',
    ServicePrincipalId: sp ? sp.objectId : '',
    ServicePrincipalName: sp ? sp.app.name : '',
    SessionId: rec.sessionId,
    ClientSessionId: '',
    SessionLifetimePolicies: EMPTY,
    SignInEventTypes: eventTypes(rec),
    SignInIdentifier: who ? who.upn : '',
    SignInIdentifierType: who ? 'userPrincipalName' : '',
    Status: status,
    TokenIssuerName: '',
    TokenIssuerType: 'AzureAD',
    TokenProtectionStatusDetails: tp ? { signInSessionStatus: tp, signInSessionStatusCode: null } : null,
    UniqueTokenIdentifier: rec.uti,
    UserAgent: rec.userAgent,
    UserDisplayName: who ? who.displayName : '',
    UserId: who ? who.id : '',
    UserPrincipalName: who ? who.upn : '',
    UserType: who ? who.type : '',
    AADTenantId: tenant.id,
    Agent: who ? AGENT : null,
    Type: TABLE[rec.type],
  };
}
