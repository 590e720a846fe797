// Re-reading canonical records from stored raw records, through the same reader that imported
// them: the case keeps each record once (verbatim), and the canonical form is derived on demand.
import Papa from 'papaparse';
import type { SignIn, SourceFormat } from '../../preload/contract';
import { readers } from './readers';
import { Warnings, type DateOrder, type NormalizedRecord, type ReadContext } from './types';

/** What an evidence row keeps about how its file was read. */
export type EvidenceMeta = { name: string; format: SourceFormat; columns: string[] | null; dateOrder: DateOrder | undefined };

/**
 * The canonical records of raw records from one evidence file, in order. CSV cells are written back
 * under the file's header; JSON records are read as JSON lines. One reader pass for the whole batch.
 */
export async function rereadRecords(meta: EvidenceMeta, raws: string[]): Promise<NormalizedRecord[]> {
  if (raws.length === 0) return [];
  const text = meta.columns ? Papa.unparse([meta.columns, ...raws.map((r) => JSON.parse(r) as string[])], { newline: '\n' }) : raws.join('\n');
  const ctx: ReadContext = {
    name: meta.name,
    path: meta.name,
    head: text.slice(0, 64 * 1024),
    dateOrder: meta.dateOrder,
    warnings: new Warnings(),
    columns: null,
    text: async function* () {
      yield text;
    },
  };
  const out: NormalizedRecord[] = [];
  for await (const rec of readers[meta.format](ctx).records) out.push(rec.normalize());
  if (out.length !== raws.length) throw new Error(`re-reading ${meta.name}: ${raws.length} raw records gave ${out.length}`);
  return out;
}

export async function rereadSignIns(meta: EvidenceMeta, raws: string[]): Promise<SignIn[]> {
  return (await rereadRecords(meta, raws)).map((r) => r.signIn);
}
