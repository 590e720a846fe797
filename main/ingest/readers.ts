// One reader per source format: the format modules in ./formats, named by their --format value.
import type { SourceFormat } from '../../preload/contract';
import { readAzureMonitor } from './formats/azure-monitor';
import { readGraphJson } from './formats/graph-json';
import { readLaCsv } from './formats/la-csv';
import { readLaJson } from './formats/la-json';
import { readPortalCsv } from './formats/portal-csv';
import { readPowerShellCsv } from './formats/powershell-csv';
import { readUal } from './formats/ual';
import type { FormatReader, ReadContext } from './types';

export const readers: Record<SourceFormat, (ctx: ReadContext) => FormatReader> = {
  'portal-csv': readPortalCsv,
  'portal-json': (ctx) => readGraphJson(ctx, 'portal-json'),
  'graph-json': (ctx) => readGraphJson(ctx, 'graph-json'),
  'la-csv': readLaCsv,
  'la-json': readLaJson,
  'azure-monitor-jsonl': readAzureMonitor,
  'powershell-csv': readPowerShellCsv,
  ual: readUal,
};
