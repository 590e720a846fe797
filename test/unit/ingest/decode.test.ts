import { describe, expect, it } from 'vitest';
import { readText, sha256File, sniffEncoding } from '../../../main/ingest/decode';
import { sample, tempFile } from '../helpers';

async function collect(file: string): Promise<string> {
  let out = '';
  for await (const chunk of readText(file)) out += chunk;
  return out;
}

describe('decoding', () => {
  it('sniffs BOMs', () => {
    expect(sniffEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(sniffEncoding(Uint8Array.from([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
    expect(sniffEncoding(Uint8Array.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(sniffEncoding(Uint8Array.from([0x41]))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('decodes UTF-8 with BOM, UTF-16 LE and BE with BOM, stripping the BOM', async () => {
    const text = 'Id,User\r\n1,"Zoë ✓"\r\n';
    const utf8 = tempFile('a.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const le = tempFile('b.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const beBytes = Buffer.from(text, 'utf16le').swap16();
    const be = tempFile('c.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), beBytes]));
    for (const f of [utf8, le, be]) expect(await collect(f)).toBe(text);
  });

  it('decodes the real UTF-16 BE sample', async () => {
    const text = await collect(sample('ciso-logs-public/SigninLogs.csv'));
    expect(text.startsWith('TenantId,SourceSystem,"TimeGenerated [UTC]"')).toBe(true);
  });

  it('refuses invalid UTF-8 instead of replacing it', async () => {
    const bad = tempFile('bad.csv', Buffer.from([0x49, 0x64, 0x0a, 0xc3, 0x28, 0x0a]));
    await expect(collect(bad)).rejects.toThrow(/not valid utf-8/);
  });

  it('hashes the bytes as stored', async () => {
    expect(await sha256File(sample('sentinel-training-lab/sign-in_adelete.csv'))).toBe('290764c77138541a8d053a68f8899cc442c0094988e5653dcb725305b46ce37f');
  });
});
