// Every request/response channel between renderer and main. Adding a channel here makes the
// handler table (main/handlers) fail to compile until it is implemented.
import { z } from 'zod';
import { caseworkChannels } from './casework';
import { collectChannels } from './collect';
import { geoChannels } from './geo';
import { entityChannels } from './entities';
import { findingChannels } from './findings';
import { groupChannels } from './groups';
import { reportChannels } from './report';
import { timelineChannels } from './timeline';
import { Case, Evidence, ExportFormat, ImportSummary, SignInDetail, SignInPage, SignInQuery, SignInSummary, SourceFormat } from './domain';
import { SignInFilter } from './filters';

const Empty = z.object({}).strict().default({});

/** Day/month order for locale dates a file cannot settle itself (PowerShell exports). */
export const DateOrder = z.enum(['dmy', 'mdy']);
export type DateOrder = z.infer<typeof DateOrder>;

/**
 * What an analyst may choose for an import, whichever way the files arrive (path, dialog, upload):
 * `format` skips sniffing (every file is read as that format), `dateOrder` settles locale dates.
 */
export const ImportOptions = z.object({ format: SourceFormat.optional(), dateOrder: DateOrder.optional() }).strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

export const ImportRequest = ImportOptions.extend({ paths: z.array(z.string().min(1)).min(1) }).strict();

/** Setting keys are dotted names, e.g. `grid.columns`, `grid.views`. */
export const SettingKey = z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/).max(64);

export const ExportResult = z.object({ path: z.string(), format: ExportFormat, rows: z.number().int().nonnegative() });

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  /** Whether the host can show native file dialogs (Electron) or not (web mode). */
  nativeDialogs: z.boolean(),
});

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'case.current': { input: Empty, output: Case.nullable() },
  /** Opens a case file, creating it when it does not exist. */
  'case.open': { input: z.object({ path: z.string().min(1) }).strict(), output: Case },
  /** Native dialog (Electron only): pick or name a case file, then open it. Null when cancelled. */
  'case.openDialog': { input: z.object({ create: z.boolean() }).strict(), output: Case.nullable() },
  /** Per-case UI state (grid column state, saved views ...), as JSON under a key. */
  'settings.get': { input: z.object({ key: SettingKey }).strict(), output: z.object({ value: z.unknown() }) },
  'settings.set': { input: z.object({ key: SettingKey, value: z.unknown() }).strict(), output: z.object({}) },
  'evidence.list': { input: Empty, output: z.array(Evidence) },
  /**
   * Imports files by path (paths as the host sees them), one import at a time per case. Progress
   * arrives as `import.progress` events; `format` skips sniffing, `dateOrder` settles locale dates.
   */
  'evidence.import': { input: ImportRequest, output: ImportSummary },
  /** Cancels the running import: the file being read leaves nothing behind. */
  'evidence.cancelImport': { input: Empty, output: z.object({ cancelled: z.boolean() }) },
  /** Native dialog (Electron only): pick files, then import them with the options given. Null when cancelled. */
  'evidence.importDialog': { input: ImportOptions.default({}), output: ImportSummary.nullable() },
  'signins.query': { input: SignInQuery.strict(), output: SignInPage },
  'signins.count': { input: z.object({ filter: SignInFilter.default({}) }).strict(), output: z.object({ total: z.number().int() }) },
  'signins.get': { input: z.object({ id: z.string().min(1) }).strict(), output: SignInDetail },
  'signins.summary': { input: z.object({ filter: SignInFilter.default({}) }).strict(), output: SignInSummary },
  /** Exports the filtered sign-ins to a path the host can write; progress as `export.progress`. */
  'signins.export': { input: z.object({ filter: SignInFilter.default({}), format: ExportFormat, path: z.string().min(1) }).strict(), output: ExportResult },
  /** Native save dialog (Electron only), then export. Null when cancelled. */
  'signins.exportDialog': { input: z.object({ filter: SignInFilter.default({}), format: ExportFormat }).strict(), output: ExportResult.nullable() },
  // The portal's grouping of non-interactive and workload sign-ins: see ./groups.ts.
  ...groupChannels,
  // Live collection from Graph (auth.*, collect.*): see ./collect.ts.
  ...collectChannels,
  // Case details, recent cases, evidence coverage/removal, annotations, audit trail, case exports: see ./casework.ts.
  ...caseworkChannels,
  // Geolocation, the map and travel (geo.*): see ./geo.ts.
  ...geoChannels,
  // Entity profiles and the scope of a compromise (entities.*, scope.*): see ./entities.ts.
  ...entityChannels,
  // Detections and findings (detections.*, findings.*): see ./findings.ts.
  ...findingChannels,
  // The case timeline (timeline.*): see ./timeline.ts.
  ...timelineChannels,
  // The case report (report.*): see ./report.ts.
  ...reportChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
