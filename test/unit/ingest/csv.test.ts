import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../main/ingest/csv';

async function rows(...chunks: string[]) {
  const out: { line: number; lastLine: number; cells: string[] }[] = [];
  async function* gen() {
    yield* chunks;
  }
  for await (const r of readCsv(gen())) out.push(r);
  return out;
}

describe('readCsv', () => {
  it('keeps CRLF inside quoted cells and reports the line each record starts on', async () => {
    const got = await rows('Id,Json\r\n1,"[\r\n  {""a"": 1}\r\n]"\r\n2,x\r\n');
    expect(got).toEqual([
      { line: 1, lastLine: 1, cells: ['Id', 'Json'] },
      { line: 2, lastLine: 4, cells: ['1', '[\r\n  {"a": 1}\r\n]'] },
      { line: 5, lastLine: 5, cells: ['2', 'x'] },
    ]);
  });

  it('handles LF files, blank lines and records split across chunks', async () => {
    const got = await rows('Id,V\n1,"multi\nli', 'ne"\n\n2,b\n');
    expect(got).toEqual([
      { line: 1, lastLine: 1, cells: ['Id', 'V'] },
      { line: 2, lastLine: 3, cells: ['1', 'multi\nline'] },
      { line: 5, lastLine: 5, cells: ['2', 'b'] },
    ]);
  });
});
