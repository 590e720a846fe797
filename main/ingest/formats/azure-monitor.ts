// Azure Monitor diagnostic-settings records (Event Hub / storage export), one JSON object per line
// with Graph-named `properties` (formats.md §7).
import { toCanonical } from '../canonical';
import { int, isRecord, signInTypeOf, str, typeFromTable } from '../fields';
import { readJsonRecords } from '../json';
import { FileRejected, RowError, type FormatReader, type ReadContext } from '../types';
import { noteDuplicateKeys } from './graph-json';

export function looksLikeDiagnostic(o: Record<string, unknown>): boolean {
  return isRecord(o['properties']) && typeof o['category'] === 'string' && ('time' in o || 'operationName' in o);
}

export function readAzureMonitor(ctx: ReadContext): FormatReader {
  return {
    format: 'azure-monitor-jsonl',
    records: (async function* () {
      let any = false;
      for await (const rec of readJsonRecords(ctx.text(), ctx.name)) {
        any = true;
        yield {
          line: rec.line,
          recordIndex: rec.recordIndex,
          normalize() {
            const o = rec.value;
            if (!isRecord(o) || !looksLikeDiagnostic(o)) throw new RowError('not a diagnostic sign-in record (no category/properties)');
            noteDuplicateKeys(rec, ctx);
            const category = str(o['category']);
            if (category && !typeFromTable(category)) {
              ctx.warnings.add(`category:${category}`, `category ${category} is not a supported sign-in log; its records were skipped`, rec.line);
              throw new RowError(`unsupported category ${category}`);
            }
            const p = o['properties'] as Record<string, unknown>;
            const statusIn = isRecord(p['status']) ? p['status'] : {};
            const fields: Record<string, unknown> = {
              ...p,
              // The top level repeats some properties; it fills them where properties lack them.
              ipAddress: str(p['ipAddress']) ?? str(o['callerIpAddress']),
              correlationId: str(p['correlationId']) ?? str(o['correlationId']),
              status: { ...statusIn, errorCode: int(statusIn['errorCode']) ?? int(o['resultType']), failureReason: str(statusIn['failureReason']) ?? str(o['resultDescription']) },
            };
            if (!isRecord(p['location']) && str(o['location'])) fields['location'] = { countryOrRegion: str(o['location']) };
            return toCanonical({
              fields,
              id: str(p['id']),
              createdText: str(p['createdDateTime']) ?? str(o['time']),
              type: signInTypeOf({ eventTypes: p['signInEventTypes'], table: category, fileName: ctx.name, isInteractive: p['isInteractive'], servicePrincipalId: p['servicePrincipalId'], userId: p['userId'] }),
              sourceFormat: 'azure-monitor-jsonl',
              tenantId: str(o['tenantId']),
              ingestedText: null,
              raw: rec.raw,
              line: rec.line,
              warnings: ctx.warnings,
            });
          },
        };
      }
      if (!any) throw new FileRejected(`${ctx.name} holds no sign-in records`);
    })(),
  };
}
