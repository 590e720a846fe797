// Deciding what a file is from its content (and name), before a single row is written
// (formats.md §1). `--format` overrides the guess but not the refusal of empty or binary files.
import Papa from 'papaparse';
import path from 'node:path';
import type { SourceFormat } from '../../preload/contract';
import { normalizeHeaderName } from './csv';
import { looksLikeLaColumns } from './formats/la';
import { looksLikePortalCsv } from './formats/portal-csv';
import { FileRejected } from './types';

export const SUPPORTED_FORMATS_TEXT =
  'Entra admin center CSV/JSON, Microsoft Graph JSON (pages, arrays, JSON lines), Log Analytics / Sentinel CSV and JSON, ' +
  'Azure Monitor diagnostic JSON lines, Graph / AzureAD PowerShell CSV, Unified Audit Log sign-in records';

/** The admin center's download names (formats.md §1 step 5). */
const PORTAL_FILE_NAME = /^(Interactive|NonInteractive|Application|MSI)SignIns_/i;

export function sniffFormat(fileName: string, head: string, override?: SourceFormat): SourceFormat {
  const base = path.basename(fileName);
  if (/_AuthDetails_/i.test(base)) {
    throw new FileRejected(`${base} is an Entra admin center authentication-details file: it holds authentication steps, not sign-ins. Import the matching sign-ins file instead.`);
  }
  const trimmed = head.trimStart();
  if (trimmed === '') throw new FileRejected(`${base} is empty`);
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(head.slice(0, 4096))) throw new FileRejected(`${base} is binary data, not a text export`);
  if (override) return override;

  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/"category"\s*:\s*"/i.test(head) && /"properties"\s*:\s*\{/.test(head)) return 'azure-monitor-jsonl';
    if (/"RecordType"\s*:/.test(head) && /"Operations?"\s*:/.test(head)) return 'ual';
    if (/"@odata\.context"\s*:/.test(head) || /"createdDateTime"\s*:/.test(head)) {
      // The admin center's JSON download holds the same Graph objects (formats.md §3); its file name says where it came from.
      return !/"@odata\.context"\s*:/.test(head) && PORTAL_FILE_NAME.test(base) ? 'portal-json' : 'graph-json';
    }
    if (/"(CreatedDateTime|TimeGenerated|ResultType)(\s*\[UTC\])?"\s*:/.test(head)) return 'la-json';
    throw new FileRejected(`${base}: JSON, but not a sign-in export Sightline knows (no createdDateTime, category/properties, TimeGenerated or RecordType). Supported: ${SUPPORTED_FORMATS_TEXT}`);
  }

  // Windows PowerShell's Export-Csv writes `#TYPE <type name>` above the header.
  const headers = Papa.parse<string[]>(head.replace(/^#TYPE\b[^\n]*\n/, ''), { preview: 1 }).data[0] ?? [];
  const keys = headers.map(normalizeHeaderName);
  if (looksLikePortalCsv(headers)) return 'portal-csv';
  if (keys.includes('auditdata') && (keys.includes('operation') || keys.includes('operations'))) return 'ual';
  if (looksLikeLaColumns(headers)) return 'la-csv';
  if (keys.includes('createddatetime') && keys.includes('userprincipalname')) return 'powershell-csv';
  throw new FileRejected(`${base}: unrecognised CSV header (first columns: ${headers.slice(0, 4).join(', ') || 'none'}). Supported: ${SUPPORTED_FORMATS_TEXT}`);
}
