// Live collection from Microsoft Graph: the shapes of its channels and events. Nothing here can
// carry a token: sign-in status names the account and tenant, never a credential, and an existing
// token is named by where main reads it (a file path, or the clipboard in the desktop app).
import { z } from 'zod';
import { IsoTime } from './domain';

export const SignInEventType = z.enum(['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity']);
export type SignInEventType = z.infer<typeof SignInEventType>;
export const SIGNIN_EVENT_TYPES = SignInEventType.options;

export const OtherSource = z.enum(['directoryAudits', 'riskDetections', 'riskyUsers']);
export type OtherSource = z.infer<typeof OtherSource>;

export const Cloud = z.enum(['global', 'usgov', 'usgovDod', 'china']);
export type Cloud = z.infer<typeof Cloud>;

const ServiceUrl = z.string().min(1).max(2048).regex(/^https?:\/\//i, 'an http(s) URL');

export const AuthStatus = z.object({
  signedIn: z.boolean(),
  /** A sign-in waiting for the analyst (browser or device code), if any. */
  pending: z.enum(['interactive', 'deviceCode']).nullable(),
  method: z.enum(['interactive', 'deviceCode', 'token']).nullable(),
  account: z.string().nullable(),
  tenantId: z.string().nullable(),
  cloud: z.enum(['global', 'usgov', 'usgovDod', 'china', 'custom']).nullable(),
  graphBaseUrl: z.string().nullable(),
  expiresAt: IsoTime.nullable(),
  /** Where MSAL keeps tokens: OS-protected storage, or this process's memory. */
  cache: z.enum(['os', 'memory']),
  cacheNote: z.string().nullable(),
  /** The host can read an access token from the clipboard (desktop app only). */
  clipboard: z.boolean(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const SignInRequest = z
  .object({
    method: z.enum(['interactive', 'deviceCode']),
    /** Tenant ID or domain. */
    tenant: z.string().min(1).max(256),
    /** Application (client) ID of the analyst's app registration. */
    clientId: z.string().min(1).max(64),
    cloud: Cloud.default('global'),
    authorityUrl: ServiceUrl.optional(),
    graphBaseUrl: ServiceUrl.optional(),
  })
  .strict();

/** An existing access token, read by main from a file (raw token, or JSON with accessToken) or the clipboard. */
export const UseTokenRequest = z
  .object({
    file: z.string().min(1).optional(),
    clipboard: z.literal(true).optional(),
    cloud: Cloud.default('global'),
    graphBaseUrl: ServiceUrl.optional(),
  })
  .strict()
  .refine((r) => (r.file === undefined) !== (r.clipboard === undefined), 'give either file or clipboard');

export const CollectRequest = z
  .object({
    from: IsoTime,
    to: IsoTime,
    types: z.array(SignInEventType).default([...SIGNIN_EVENT_TYPES]),
    users: z.array(z.string().min(1).max(320)).max(100).default([]),
    apps: z.array(z.string().min(1).max(256)).max(100).default([]),
    also: z.array(OtherSource).default([]),
  })
  .strict();
export type CollectRequest = z.input<typeof CollectRequest>;

export const CollectRunState = z.enum(['collecting', 'waiting', 'completed', 'cancelled', 'failed']);

export const CollectProgress = z.object({
  runId: z.number().int(),
  state: CollectRunState,
  windows: z.number().int().nonnegative(),
  windowsTotal: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  throttled: z.number().int().nonnegative(),
  recordsPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  current: z.string().nullable(),
  waitingUntil: IsoTime.nullable(),
  resumedFrom: IsoTime.nullable(),
  warnings: z.array(z.string()),
});
export type CollectProgress = z.infer<typeof CollectProgress>;

/** A run's outcome; the first nine fields are the CLI's --json object. */
export const CollectSummary = z.object({
  windows: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  throttled: z.number().int().nonnegative(),
  resumedFrom: IsoTime.nullable(),
  runId: z.number().int(),
  status: z.enum(['completed', 'cancelled', 'failed']),
  error: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type CollectSummary = z.infer<typeof CollectSummary>;

export const CollectRun = z.object({
  id: z.number().int(),
  status: z.enum(['running', 'completed', 'cancelled', 'failed', 'interrupted']),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  from: IsoTime,
  to: IsoTime,
  types: z.array(z.string()),
  also: z.array(z.string()),
  users: z.array(z.string()),
  apps: z.array(z.string()),
  windows: z.number().int(),
  pages: z.number().int(),
  records: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  retries: z.number().int(),
  throttled: z.number().int(),
  resumedFrom: IsoTime.nullable(),
  error: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type CollectRun = z.infer<typeof CollectRun>;

export const CollectStatus = z.object({
  auth: AuthStatus,
  running: CollectProgress.nullable(),
  runs: z.array(CollectRun),
  otherSources: z.object({ directoryAudits: z.number().int(), riskDetections: z.number().int(), riskyUsers: z.number().int() }),
});
export type CollectStatus = z.infer<typeof CollectStatus>;

/** What the analyst must do to finish a sign-in: enter a device code, or open the sign-in page. */
export const AuthPrompt = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deviceCode'), userCode: z.string(), verificationUri: z.string(), message: z.string(), expiresAt: IsoTime }),
  z.object({ kind: z.literal('browser'), url: z.string(), opened: z.boolean() }),
]);
export type AuthPrompt = z.infer<typeof AuthPrompt>;

export const collectChannels = {
  'auth.status': { input: z.object({}).strict().default({}), output: AuthStatus },
  /** Signs in with the analyst's app registration; resolves once signed in (device code: see auth.prompt). */
  'auth.signIn': { input: SignInRequest, output: AuthStatus },
  /** Uses an existing access token read by main (file or clipboard); the token never crosses back. */
  'auth.useToken': { input: UseTokenRequest, output: AuthStatus },
  /** Cancels a pending sign-in, forgets tokens and clears the token cache. */
  'auth.signOut': { input: z.object({}).strict().default({}), output: AuthStatus },
  /** Collects into the open case; progress arrives as collect.progress; resolves when the run ends. */
  'collect.start': { input: CollectRequest, output: CollectSummary },
  /** Cancels the running collection: finished pages and windows stay, the next run resumes. */
  'collect.cancel': { input: z.object({}).strict().default({}), output: z.object({ cancelled: z.boolean() }) },
  'collect.status': { input: z.object({}).strict().default({}), output: CollectStatus },
} as const;

export const collectEvents = {
  'collect.progress': CollectProgress,
  'auth.prompt': AuthPrompt,
} as const;
