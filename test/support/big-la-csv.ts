// A large Log Analytics CSV made from the real training-lab rows with fresh request ids: for the
// benchmark, and for tests that need an import long enough to cancel or kill midway.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

const sample = path.resolve(import.meta.dirname, '../../../shared/samples/sentinel-training-lab/sign-in_adelete.csv');

export function writeBigLaCsv(out: string, rows: number): string {
  const text = fs.readFileSync(sample, 'utf8').replace(/^\uFEFF/, '');
  const [header, ...records] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const idCol = header!.indexOf('Id');
  const fd = fs.openSync(out, 'w');
  fs.writeSync(fd, '\uFEFF' + Papa.unparse([header!], { newline: '\r\n' }) + '\r\n');
  for (let i = 0; i < rows; i += 1000) {
    const block: string[][] = [];
    for (let j = i; j < Math.min(rows, i + 1000); j++) {
      const row = [...records[j % records.length]!];
      row[idCol] = `big-${j.toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
      block.push(row);
    }
    fs.writeSync(fd, Papa.unparse(block, { newline: '\r\n' }) + '\r\n');
  }
  fs.closeSync(fd);
  return out;
}
