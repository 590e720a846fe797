// Shared plumbing for the generator tests: run generate() into a temp dir and read records back.
import fs from 'node:fs';
import Papa from 'papaparse';
import { ATTACK_KINDS } from '../../../main/generate/attacks';
import { DEFAULT_END, generate, type GenerateOptions, type GenerateResult } from '../../../main/generate/generate';
import type { Format } from '../../../main/generate/writers/common';
import { tempDir } from '../helpers';

export function run(over: Partial<GenerateOptions> = {}): GenerateResult {
  return generate({ out: tempDir(), users: 30, days: 14, rows: 1200, seed: 7, format: 'portal-csv', attacks: [], end: DEFAULT_END, ...over });
}

export function runAll(format: Format, over: Partial<GenerateOptions> = {}): GenerateResult {
  return run({ format, attacks: ATTACK_KINDS, ...over });
}

export function csv(file: string): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  return { header: header!, rows };
}

/** A parsed JSON record, read loosely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of known shape; the tests check it
export type Obj = Record<string, any>;

/** Graph-style objects from graph-json pages or portal-json arrays. */
export function graphObjects(result: GenerateResult): Obj[] {
  const out: Obj[] = [];
  for (const f of result.files) {
    const doc = JSON.parse(fs.readFileSync(f.path, 'utf8'));
    out.push(...(Array.isArray(doc) ? doc : doc.value));
  }
  return out;
}

export const isoRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const guidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
