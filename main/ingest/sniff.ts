// Deciding what a file is from its content (and name), before a single row is written.
import Papa from 'papaparse';
import path from 'node:path';
import type { SourceFormat } from '../../preload/contract';
import { looksLikeLaCsv } from './formats/la-csv';
import { FileRejected } from './types';

export const SUPPORTED_FORMATS_TEXT = 'Log Analytics / Sentinel CSV (SigninLogs and the other sign-in tables)';

export type SniffResult = { format: SourceFormat; headers: string[] };

/** `head` is the decoded start of the file (BOM removed). */
export function sniffFormat(fileName: string, head: string): SniffResult {
  const base = path.basename(fileName);
  if (/_AuthDetails_/i.test(base)) {
    throw new FileRejected(`${base} is an Entra admin center authentication-details file: it holds authentication steps, not sign-ins. Import the matching sign-ins file instead.`);
  }
  const trimmed = head.trimStart();
  if (trimmed === '') throw new FileRejected(`${base} is empty`);
  if (/[\u0000-\u0008\u000e-\u001f]/.test(head.slice(0, 4096))) throw new FileRejected(`${base} is binary data, not a text export`);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    throw new FileRejected(`${base} is JSON; JSON sign-in exports are not supported by this build yet (supported: ${SUPPORTED_FORMATS_TEXT})`);
  }
  const parsed = Papa.parse<string[]>(head, { preview: 1 });
  const headers = parsed.data[0] ?? [];
  if (looksLikeLaCsv(headers)) return { format: 'la-csv', headers };
  throw new FileRejected(`${base}: unrecognised CSV header (first columns: ${headers.slice(0, 4).join(', ')}); supported: ${SUPPORTED_FORMATS_TEXT}`);
}
