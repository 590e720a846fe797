// Push events from main to renderer (IPC `webContents.send` in Electron, a streamed response in web mode).
import { z } from 'zod';
import { collectEvents } from './collect';
import { geoEvents } from './geo';
import { findingEvents } from './findings';
import { reportEvents } from './report';
import { Case } from './domain';

export const ImportProgress = z.object({
  file: z.string(),
  fileIndex: z.number().int().nonnegative(),
  fileCount: z.number().int().positive(),
  records: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  rowsPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  done: z.boolean(),
  /** reading the files; then, once, rebuilding the indexes set aside for a large import, the search text, and saving (commit and checkpoint). */
  phase: z.enum(['reading', 'indexes', 'search', 'saving']).optional(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ExportProgress = z.object({ rows: z.number().int().nonnegative(), total: z.number().int().nonnegative(), done: z.boolean() });

export const events = {
  'import.progress': ImportProgress,
  'export.progress': ExportProgress,
  /** The open case changed (opened, or its contents changed after an import). */
  'case.changed': Case.nullable(),
  /** Live collection: progress of the running collection, and what a pending sign-in needs. */
  ...collectEvents,
  /** Geo enrichment progress: see ./geo.ts. */
  ...geoEvents,
  /** Detection run progress: see ./findings.ts. */
  ...findingEvents,
  /** Progress of the report being made: see ./report.ts. */
  ...reportEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
