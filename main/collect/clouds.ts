// National clouds (collection.md §7): which authority signs in and which Graph serves the logs.
// Tokens do not cross clouds, so the two always come as a pair; --authority-url and
// --graph-base-url override them (sovereign clouds, tests).
import { checkServiceUrl } from './http';

export const CLOUDS = {
  global: { label: 'Global (and GCC)', authority: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  usgov: { label: 'US Government (GCC High)', authority: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  usgovDod: { label: 'US Government (DoD)', authority: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us' },
  china: { label: 'China (21Vianet)', authority: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
} as const;
export type CloudId = keyof typeof CLOUDS;
export const CLOUD_IDS = Object.keys(CLOUDS) as CloudId[];

export type Endpoints = {
  cloud: CloudId | 'custom';
  /** Authority host URL without a tenant, no trailing slash (e.g. https://login.microsoftonline.us). */
  authorityUrl: string;
  /** Graph base URL without a version, no trailing slash (e.g. https://graph.microsoft.com). */
  graphBaseUrl: string;
};

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** The cloud whose authority or Graph host this is, if any. */
function cloudOf(url: string, key: 'authority' | 'graph'): CloudId | null {
  const origin = new URL(url).origin;
  return CLOUD_IDS.find((c) => new URL(CLOUDS[c][key]).origin === origin) ?? null;
}

/**
 * The endpoints of a run: a named cloud, or explicit URLs. Given only an authority of a known cloud,
 * Graph is that cloud's (and the other way round), so `--authority-url https://login.microsoftonline.us`
 * alone targets graph.microsoft.us. Every URL is https (http only for loopback addresses).
 */
export function resolveEndpoints(opts: { cloud?: CloudId; authorityUrl?: string; graphBaseUrl?: string }): Endpoints {
  const authority = opts.authorityUrl ? trimSlash(checkServiceUrl(opts.authorityUrl, '--authority-url').href) : undefined;
  const graph = opts.graphBaseUrl ? trimSlash(checkServiceUrl(opts.graphBaseUrl, '--graph-base-url').href) : undefined;
  if (graph && /\/(beta|v1\.0)$/i.test(graph)) throw new Error(`--graph-base-url is the Graph base without a version (e.g. https://graph.microsoft.com), not "${opts.graphBaseUrl}"`);
  const named = opts.cloud ?? (authority ? cloudOf(authority, 'authority') : null) ?? (graph ? cloudOf(graph, 'graph') : null) ?? 'global';
  const cloud = CLOUDS[named];
  const authorityUrl = authority ?? cloud.authority;
  const graphBaseUrl = graph ?? cloud.graph;
  const custom = authorityUrl !== cloud.authority || graphBaseUrl !== cloud.graph;
  return { cloud: custom ? 'custom' : named, authorityUrl, graphBaseUrl };
}

/** Authority hosts MSAL knows (and has metadata for) without asking any server. */
export function isWellKnownAuthority(authorityUrl: string): boolean {
  return cloudOf(authorityUrl, 'authority') !== null;
}

/**
 * The scope a run asks for: `<graph resource>/.default`, i.e. the delegated permissions the app
 * registration was given and consented (README: AuditLog.Read.All, Directory.Read.All,
 * Policy.Read.ConditionalAccess, and for the optional sources IdentityRiskEvent.Read.All and
 * IdentityRiskyUser.Read.All). Asking for each by name would fail the whole sign-in when an optional
 * one is missing; with .default a missing one shows up as a Graph 403 that errors.ts explains.
 */
export function graphScopes(graphBaseUrl: string): string[] {
  return [`${new URL(graphBaseUrl).origin}/.default`];
}

/** Delegated permissions each part of a collection needs (for messages and the token check). */
export const REQUIRED_PERMISSIONS = {
  signIns: ['AuditLog.Read.All', 'Directory.Read.All'],
  conditionalAccess: ['Policy.Read.ConditionalAccess'],
  directoryAudits: ['AuditLog.Read.All'],
  riskDetections: ['IdentityRiskEvent.Read.All'],
  riskyUsers: ['IdentityRiskyUser.Read.All'],
} as const;
