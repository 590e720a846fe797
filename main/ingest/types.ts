import type { SignIn, SourceFormat } from '../../preload/contract';

/** One source record turned into the canonical shape, ready for the case. */
export type NormalizedRecord = {
  signIn: SignIn;
  /** Original creation-time text as the source wrote it. */
  createdRaw: string;
  /** Ingestion time (Log Analytics TimeGenerated), used only to order versions of one sign-in. */
  ingestedMs: number | null;
  /** The source record verbatim (JSON text), for the Raw tab. */
  raw: string;
};

/** A row the normalizer could not turn into a sign-in; the file still imports. */
export class RowError extends Error {}

/** The whole file is not what it claims to be; nothing of it is written. */
export class FileRejected extends Error {}

/** Turns one parsed CSV row into a sign-in, or throws RowError. */
export type CsvRowNormalizer = { format: SourceFormat; warnings: string[]; normalize(cells: string[]): NormalizedRecord };
