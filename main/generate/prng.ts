// A small seeded PRNG (sfc32, seeded through cyrb128) and the random-looking identifiers built on it.
// Nothing in the generator may use Math.random or the clock: same seed, same bytes.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** cyrb128: a fast 128-bit string hash, used only to turn seed parts into PRNG state. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const hex8 = (x: number) => HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;

// Identifiers are assembled as bytes and read back as latin1: one flat string per id (Buffer#toString) instead of
// a rope of two-character pieces, which matters when a million rows each carry ten of them.
const HEX_CODES = Buffer.from('0123456789abcdef', 'latin1');
const B64_CODES = Buffer.from(B64URL, 'latin1');
const text = Buffer.alloc(64);

/** Writes the 16 bytes as a GUID string (8-4-4-4-12) into `text`. */
function guidText(bytes: Uint8Array): string {
  let p = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[p++] = 45;
    const b = bytes[i]!;
    text[p++] = HEX_CODES[b >>> 4]!;
    text[p++] = HEX_CODES[b & 15]!;
  }
  return text.toString('latin1', 0, 36);
}

/** Base64url (no padding) of 16 bytes: 22 characters. */
function base64url16(bytes: Uint8Array): string {
  let p = 0;
  for (let i = 0; i + 2 < 16; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    text[p++] = B64_CODES[n >>> 18]!;
    text[p++] = B64_CODES[(n >>> 12) & 63]!;
    text[p++] = B64_CODES[(n >>> 6) & 63]!;
    text[p++] = B64_CODES[n & 63]!;
  }
  const last = bytes[15]!;
  text[p++] = B64_CODES[last >>> 2]!;
  text[p++] = B64_CODES[(last & 3) << 4]!;
  return text.toString('latin1', 0, 22);
}

function put32(bytes: Uint8Array, at: number, x: number): void {
  bytes[at] = x >>> 24;
  bytes[at + 1] = (x >>> 16) & 255;
  bytes[at + 2] = (x >>> 8) & 255;
  bytes[at + 3] = x & 255;
}

const scratch = new Uint8Array(16);
const scratchLe = new Uint8Array(16);

/** sfc32: 128-bit state, 32-bit output, passes PractRand; plenty for synthetic logs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A generator whose stream depends only on the given parts (seed, purpose, indexes...). */
  static from(...parts: (string | number)[]): Rng {
    const [a, b, c, d] = cyrb128(parts.join('\u241f'));
    return new Rng(a, b, c, d);
  }

  /** Uniform uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight from [item, weight] pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.float() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** k distinct items (k clamped to the length), in pick order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  /** A random version-4 GUID, lower-case. */
  guid(): string {
    const s = scratch;
    put32(s, 0, this.next());
    put32(s, 4, (this.next() & 0xffff0fff) | 0x4000);
    put32(s, 8, (this.next() & 0x3fffffff) | 0x80000000);
    put32(s, 12, this.next());
    return guidText(s);
  }

  /**
   * An Entra-style request id (a GUID whose last byte is 00, as real request ids are) and its unique token
   * identifier: base64url of the GUID's bytes in .NET (little-endian) order, as Entra derives it.
   */
  requestId(): { id: string; uti: string } {
    const s = scratch;
    put32(s, 0, this.next());
    put32(s, 4, (this.next() & 0xffff0fff) | 0x4000);
    put32(s, 8, (this.next() & 0x3fffffff) | 0x80000000);
    put32(s, 12, this.next() & 0xffffff00);
    const id = guidText(s);
    const le = scratchLe;
    le[0] = s[3]!; le[1] = s[2]!; le[2] = s[1]!; le[3] = s[0]!;
    le[4] = s[5]!; le[5] = s[4]!; le[6] = s[7]!; le[7] = s[6]!;
    for (let i = 8; i < 16; i++) le[i] = s[i]!;
    return { id, uti: base64url16(le) };
  }

  /** n lower-case hex characters. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += hex8(this.next());
    return out.slice(0, n);
  }
}
