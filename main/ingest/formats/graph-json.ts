// Microsoft Graph signIn objects (v1.0 and beta) in any JSON shape (formats.md §4), and the admin
// center JSON download, which is undocumented and read as Graph-style objects (§3, inference).
import type { SourceFormat } from '../../../preload/contract';
import { toCanonical } from '../canonical';
import { isRecord, signInTypeOf, str } from '../fields';
import { readJsonRecords, type JsonRecord } from '../json';
import { FileRejected, RowError, type FormatReader, type ReadContext, type SourceRecord } from '../types';

/** Keys only a Graph sign-in has; a record with none of them is not one. */
export function looksLikeGraphSignIn(o: Record<string, unknown>): boolean {
  return 'createdDateTime' in o && ('id' in o || 'userPrincipalName' in o || 'appDisplayName' in o);
}

export function noteDuplicateKeys(rec: JsonRecord, ctx: ReadContext): void {
  for (const d of rec.duplicateKeys) {
    ctx.warnings.add(
      `dup:${d.key}:${d.conflicting}`,
      d.conflicting ? `duplicate key "${d.key}" with different values; the last value was kept` : `duplicate key "${d.key}" (same value twice)`,
      rec.line,
    );
  }
}

export function graphRecord(rec: JsonRecord, ctx: ReadContext, format: SourceFormat): SourceRecord {
  return {
    line: rec.line,
    recordIndex: rec.recordIndex,
    normalize() {
      const o = rec.value;
      if (!isRecord(o) || !looksLikeGraphSignIn(o)) throw new RowError('not a Graph sign-in object (no createdDateTime)');
      noteDuplicateKeys(rec, ctx);
      return toCanonical({
        fields: o,
        id: str(o['id']),
        createdText: str(o['createdDateTime']),
        type: signInTypeOf({ eventTypes: o['signInEventTypes'], fileName: ctx.name, isInteractive: o['isInteractive'], servicePrincipalId: o['servicePrincipalId'], userId: o['userId'], managedIdentity: o['managedServiceIdentity'] }),
        sourceFormat: format,
        raw: rec.raw,
        line: rec.line,
        warnings: ctx.warnings,
      });
    },
  };
}

export function readGraphJson(ctx: ReadContext, format: 'graph-json' | 'portal-json' = 'graph-json'): FormatReader {
  return {
    format,
    records: (async function* () {
      let any = false;
      for await (const rec of readJsonRecords(ctx.text(), ctx.name, (shape) => {
        const next = str(shape.meta['@odata.nextLink']);
        if (next) ctx.warnings.add('nextLink', 'the file is one page of a longer Graph result (@odata.nextLink is set): later pages are not in this file');
      })) {
        any = true;
        yield graphRecord(rec, ctx, format);
      }
      if (!any) throw new FileRejected(`${ctx.name} holds no sign-in records`);
    })(),
  };
}
