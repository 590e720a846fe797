// What went wrong, said so the analyst knows what to do next: a missing licence, a missing
// permission, a wrong tenant or client ID, an expired token, a refused query. And the retention
// warning: a range older than Entra keeps is collected anyway, with a warning, never refused.
import type { Endpoints } from './clouds';

export type CollectErrorKind = 'licence' | 'permission' | 'tenant' | 'auth' | 'graph' | 'network' | 'cancelled' | 'internal';

export class CollectError extends Error {
  constructor(
    message: string,
    readonly kind: CollectErrorKind,
  ) {
    super(message);
    this.name = 'CollectError';
  }
}

export class AuthFailed extends CollectError {
  constructor(message: string, kind: CollectErrorKind = 'auth') {
    super(message, kind);
  }
}

export class Cancelled extends CollectError {
  constructor(message = 'the collection was cancelled') {
    super(message, 'cancelled');
  }
}

const cloudHint = (e: Endpoints) => (e.cloud === 'custom' ? `the authority ${e.authorityUrl}` : `the ${e.cloud} cloud`);

/** An MSAL failure as a CollectError that says what to fix. Never includes a token (MSAL's messages carry none). */
export function explainAuthError(err: unknown, ctx: { tenant: string; clientId: string; endpoints: Endpoints }, context = 'sign-in failed'): CollectError {
  if (err instanceof CollectError) return err;
  const e = err as { errorCode?: string; errorMessage?: string; subError?: string; message?: string };
  const text = `${e.errorCode ?? ''} ${e.errorMessage ?? ''} ${e.subError ?? ''} ${e.message ?? ''}`;
  const code = Number(/AADSTS(\d+)/.exec(text)?.[1] ?? NaN);
  const first = (e.errorMessage || e.message || String(err)).split(/\r?\n/)[0]!.slice(0, 300);
  switch (code) {
    case 90002:
    case 900023:
    case 90013:
      return new AuthFailed(`Tenant "${ctx.tenant}" was not found in ${cloudHint(ctx.endpoints)}. Check --tenant (the tenant ID, or a domain such as contoso.onmicrosoft.com) and the cloud (US Government and China tenants sign in elsewhere: --authority-url). (${first})`, 'tenant');
    case 700016:
      return new AuthFailed(`The client ID ${ctx.clientId} is not an application in tenant "${ctx.tenant}": use the Application (client) ID of your app registration in that tenant (README: registering the app), or check --tenant. (${first})`, 'tenant');
    case 50020:
    case 50177:
      return new AuthFailed(`The account you signed in with does not belong to tenant "${ctx.tenant}": sign in with an account of that tenant, or check --tenant. (${first})`, 'tenant');
    case 65001:
    case 65004:
      return new AuthFailed(`The app registration has no consent for its permissions: an administrator must grant admin consent for AuditLog.Read.All and Directory.Read.All (API permissions > Grant admin consent). (${first})`, 'permission');
    case 7000218:
      return new AuthFailed(`The app registration does not allow public client sign-in: turn on "Allow public client flows" on its Authentication page. (${first})`);
    case 50011:
    case 500113:
      return new AuthFailed(`The app registration lacks the redirect URI: add http://localhost under "Mobile and desktop applications" on its Authentication page. (${first})`);
    case 53003:
      return new AuthFailed(`A Conditional Access policy blocked this sign-in: sign in from a device and place the policy allows, or ask for an exception. (${first})`);
    default:
      break;
  }
  if (/\bunauthorized_client\b/.test(text)) {
    // MSAL passes on only the error name from the device code endpoint (AADSTS700016 behind it).
    return new AuthFailed(`The client ID ${ctx.clientId} is not an application in tenant "${ctx.tenant}" that may sign in this way: use the Application (client) ID of your app registration in that tenant, with "Allow public client flows" on (README: registering the app). (${first})`, 'tenant');
  }
  if (/\binvalid_client\b/.test(text)) {
    return new AuthFailed(`The app registration does not allow public client sign-in: turn on "Allow public client flows" on its Authentication page. (${first})`);
  }
  if (/endpoints_resolution_error/.test(text)) {
    // MSAL could not read the tenant's OpenID configuration: an unknown tenant (AADSTS90002) or the wrong cloud.
    return new AuthFailed(`Tenant "${ctx.tenant}" could not be found at ${cloudHint(ctx.endpoints)} (its sign-in configuration could not be read). Check --tenant (the tenant ID, or a domain such as contoso.onmicrosoft.com) and the cloud (--authority-url for US Government or China).`, 'tenant');
  }
  if (/expired_token|code_expired|authorization_declined|access_denied/i.test(text)) return new AuthFailed(`The sign-in was declined or its code expired; sign in again. (${first})`);
  if (/network|ECONN|timed out|did not answer/i.test(text)) return new AuthFailed(`${context}: the sign-in service (${new URL(ctx.endpoints.authorityUrl).host}) could not be reached. (${first})`, 'network');
  return new AuthFailed(`${context}: ${first}`);
}

type GraphErrorBody = { error?: { code?: string; message?: string } };

function readGraphError(body: Buffer | string): { code: string; message: string } {
  try {
    const parsed = JSON.parse(body.toString()) as GraphErrorBody;
    return { code: parsed.error?.code ?? '', message: (parsed.error?.message ?? '').slice(0, 500) };
  } catch {
    return { code: '', message: body.toString().slice(0, 200) };
  }
}

const PERMISSIONS: Record<string, string> = {
  signIns: 'AuditLog.Read.All and Directory.Read.All (delegated), and an account with the Reports Reader, Security Reader, Global Reader or a higher role',
  directoryAudits: 'AuditLog.Read.All and Directory.Read.All (delegated), and an account with the Reports Reader, Security Reader, Global Reader or a higher role',
  riskDetections: 'IdentityRiskEvent.Read.All (delegated), and an account with the Security Reader, Global Reader or a higher role',
  riskyUsers: 'IdentityRiskyUser.Read.All (delegated), and an account with the Security Reader, Global Reader or a higher role',
};

/** A Graph answer that retrying will not fix, explained. */
export function explainGraphError(status: number, body: Buffer | string, ctx: { source: string; url: string }): CollectError {
  const { code, message } = readGraphError(body);
  const said = message ? ` Graph said: "${message}"${code ? ` (${code})` : ''}.` : code ? ` (${code})` : '';
  if (/RequestFromNonPremiumTenantOrB2CTenant/i.test(code) || /premium license/i.test(message)) {
    return new CollectError(
      `The tenant has no Microsoft Entra ID P1 or P2 licence, which Graph requires for sign-in logs.${said} ` +
        'Download the sign-ins from the Entra admin center instead (Monitoring > Sign-in logs > Download; a Free tenant keeps 7 days) and import the file with sightline import.',
      'licence',
    );
  }
  if (status === 403 || /PermissionMissing|Authorization_RequestDenied|NoDirectoryReadAccess|Forbidden|AccessDenied/i.test(code)) {
    return new CollectError(
      `Graph refused ${ctx.source}: the sign-in lacks a permission.${said} Give the app registration ${PERMISSIONS[ctx.source] ?? PERMISSIONS['signIns']}; an administrator must grant admin consent; then sign out and in again.`,
      'permission',
    );
  }
  if (status === 401) {
    return new CollectError(`Graph refused the token even after a refresh.${said} Is the Graph base URL of the same cloud as the sign-in? Tokens do not cross clouds.`, 'auth');
  }
  if (status === 404) {
    return new CollectError(`Graph has no ${new URL(ctx.url).pathname} here.${said} Check --graph-base-url (the Graph base without a version, e.g. https://graph.microsoft.com; China: https://microsoftgraph.chinacloudapi.cn).`, 'graph');
  }
  if (status === 400) return new CollectError(`Graph did not accept the query for ${ctx.source}.${said}`, 'graph');
  return new CollectError(`Graph answered HTTP ${status} for ${ctx.source}.${said}`, 'graph');
}

const DAY = 86_400_000;

/**
 * A warning when the range reaches back past what Entra usually keeps: 7 days without P1/P2, 30 with.
 * Never a refusal: the tenant is the authority on what it still holds.
 */
export function retentionWarning(fromMs: number, nowMs: number): string | null {
  const days = Math.floor((nowMs - fromMs) / DAY);
  if (days > 30) {
    return `The range starts ${days} days ago: Entra ID keeps sign-ins and audit logs 30 days with P1/P2 (7 days on Free), so the oldest part is probably gone. Collecting anyway: the tenant decides what it still holds.`;
  }
  if (days > 7) {
    return `The range starts ${days} days ago: past 7 days only tenants with Entra ID P1/P2 still hold sign-ins (30 days). Collecting anyway.`;
  }
  return null;
}
