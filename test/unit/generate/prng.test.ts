import { describe, expect, it } from 'vitest';
import { Rng } from '../../../main/generate/prng';
import { guidRe } from './util';

describe('Rng', () => {
  it('is a pure function of its seed parts', () => {
    const a = Rng.from(1, 'x'), b = Rng.from(1, 'x'), c = Rng.from(1, 'y');
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(seq(a)).toEqual(seq(b));
    expect(seq(Rng.from(1, 'x'))).not.toEqual(seq(c));
  });

  it('draws uniformly enough and within bounds', () => {
    const r = Rng.from(42);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(c).toBeGreaterThan(1700);
    for (let i = 0; i < 1000; i++) expect(r.between(3, 5)).toBeGreaterThanOrEqual(3);
    expect(r.sample([1, 2, 3, 4], 10).sort()).toEqual([1, 2, 3, 4]);
  });

  it('makes v4 GUIDs and Entra-style request ids whose token id is their .NET byte order in base64url', () => {
    const r = Rng.from(3);
    const g = r.guid();
    expect(g).toMatch(guidRe);
    expect(g[14]).toBe('4');
    expect('89ab').toContain(g[19]);
    const { id, uti } = r.requestId();
    expect(id).toMatch(guidRe);
    expect(id.endsWith('00')).toBe(true);
    expect(uti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const bytes = Buffer.from(uti, 'base64url');
    const hex = bytes.toString('hex');
    const le = (s: string) => s.match(/../g)!.reverse().join('');
    const dotnet = `${le(hex.slice(0, 8))}-${le(hex.slice(8, 12))}-${le(hex.slice(12, 16))}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    expect(dotnet).toBe(id);
  });
});
