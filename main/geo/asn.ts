// IP -> autonomous system (number and organisation), offline, from @ip-location-db/asn
// (RouteViews + RIR + DB-IP, CC-BY-4.0): inclusive ranges sorted by start. Each family is read once,
// on first use, into parallel typed arrays and searched by bisection: about 14 MB for both families
// (IPv4's 412k ranges, IPv6's 103k) instead of several hundred MB as objects. The organisation is
// per range (DB-IP names the holder of a sub-allocation, which can differ from the AS's own name);
// its bytes are packed into one buffer and decoded only when an answer needs them.
import fs from 'node:fs';
import { dataFiles } from './data-files';
import type { ParsedIp } from './ip-class';

export type AsnAnswer = { asn: number; org: string | null };

/** Organisation cells of one file: UTF-8 bytes packed end to end, with each range's offset and length. */
type OrgCells = { bytes: Buffer; offsets: Uint32Array; lengths: Uint16Array };
type V4Table = OrgCells & { starts: Uint32Array; ends: Uint32Array; asns: Uint32Array; size: number };
type V6Table = OrgCells & { startHi: BigUint64Array; startLo: BigUint64Array; endHi: BigUint64Array; endLo: BigUint64Array; asns: Uint32Array; size: number };

let v4: V4Table | null = null;
let v6: V6Table | null = null;
/** Per ASN, its largest range (IPv4 first: its holder is the AS's own name); built on first use. */
type Largest = Map<number, { table: 4 | 6; index: number; size: number }>;
let asnLargest: Largest | null = null;

const COMMA = 44;
const NEWLINE = 10;

/** Visits each CSV line `start,end,asn,org` of a file as byte offsets, without making strings. */
function eachLine(buf: Buffer, visit: (line: number, start: number, c1: number, c2: number, c3: number, end: number) => void): number {
  let pos = 0;
  let n = 0;
  while (pos < buf.length) {
    let nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1) nl = buf.length;
    const c1 = buf.indexOf(COMMA, pos);
    const c2 = c1 === -1 ? -1 : buf.indexOf(COMMA, c1 + 1);
    const c3 = c2 === -1 ? -1 : buf.indexOf(COMMA, c2 + 1);
    if (c3 !== -1 && c3 < nl) visit(n++, pos, c1, c2, c3, nl);
    pos = nl + 1;
  }
  return n;
}

function decimal(buf: Buffer, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (buf[i]! - 48);
  return v;
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let pos = buf.indexOf(NEWLINE); pos !== -1; pos = buf.indexOf(NEWLINE, pos + 1)) n++;
  return n + 1;
}

/** Packs organisation cells as they are read; `done()` trims the buffer to what was used. */
function orgPacker(source: Buffer, cap: number) {
  const packed = Buffer.allocUnsafe(source.length);
  const offsets = new Uint32Array(cap);
  const lengths = new Uint16Array(cap);
  let used = 0;
  return {
    add(i: number, from: number, to: number) {
      const end = to > from && source[to - 1] === 13 ? to - 1 : to;
      const len = Math.min(end - from, 0xffff);
      source.copy(packed, used, from, from + len);
      offsets[i] = used;
      lengths[i] = len;
      used += len;
    },
    done: (): OrgCells => ({ bytes: Buffer.from(packed.subarray(0, used)), offsets, lengths }),
  };
}

function orgOf(t: OrgCells, i: number): string | null {
  let text = t.bytes.toString('utf8', t.offsets[i]!, t.offsets[i]! + t.lengths[i]!);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replace(/""/g, '"');
  return text || null;
}

function loadV4(): V4Table {
  const buf = fs.readFileSync(dataFiles.asnV4());
  const cap = countLines(buf);
  const starts = new Uint32Array(cap);
  const ends = new Uint32Array(cap);
  const asns = new Uint32Array(cap);
  const orgs = orgPacker(buf, cap);
  const size = eachLine(buf, (i, start, c1, c2, c3, end) => {
    starts[i] = decimal(buf, start, c1);
    ends[i] = decimal(buf, c1 + 1, c2);
    asns[i] = decimal(buf, c2 + 1, c3);
    orgs.add(i, c3 + 1, end);
  });
  return { starts, ends, asns, size, ...orgs.done() };
}

const MASK64 = (1n << 64n) - 1n;

function loadV6(): V6Table {
  const buf = fs.readFileSync(dataFiles.asnV6());
  const cap = countLines(buf);
  const t = { startHi: new BigUint64Array(cap), startLo: new BigUint64Array(cap), endHi: new BigUint64Array(cap), endLo: new BigUint64Array(cap), asns: new Uint32Array(cap) };
  const orgs = orgPacker(buf, cap);
  const size = eachLine(buf, (i, from, c1, c2, c3, end) => {
    // 128-bit decimals: BigInt parses them exactly.
    const start = BigInt(buf.toString('latin1', from, c1));
    const stop = BigInt(buf.toString('latin1', c1 + 1, c2));
    t.startHi[i] = start >> 64n;
    t.startLo[i] = start & MASK64;
    t.endHi[i] = stop >> 64n;
    t.endLo[i] = stop & MASK64;
    t.asns[i] = decimal(buf, c2 + 1, c3);
    orgs.add(i, c3 + 1, end);
  });
  return { ...t, size, ...orgs.done() };
}

function lookupV4(value: number): AsnAnswer | null {
  const t = (v4 ??= loadV4());
  // The last range starting at or before the address.
  let lo = 0;
  let hi = t.size - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (t.starts[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found !== -1 && value <= t.ends[found]! && t.asns[found]! > 0 ? { asn: t.asns[found]!, org: orgOf(t, found) } : null;
}

const le = (aHi: bigint, aLo: bigint, bHi: bigint, bLo: bigint) => aHi < bHi || (aHi === bHi && aLo <= bLo);

function lookupV6(hiV: bigint, loV: bigint): AsnAnswer | null {
  const t = (v6 ??= loadV6());
  let lo = 0;
  let hi = t.size - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (le(t.startHi[mid]!, t.startLo[mid]!, hiV, loV)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found !== -1 && le(hiV, loV, t.endHi[found]!, t.endLo[found]!) && t.asns[found]! > 0 ? { asn: t.asns[found]!, org: orgOf(t, found) } : null;
}

/** The AS announcing a public address, or null (private, reserved, or not announced). */
export function lookupAsn(ip: ParsedIp): AsnAnswer | null {
  if (ip.class !== 'public' || !ip.bytes) return null;
  const b = ip.bytes;
  if (ip.version === 4) return lookupV4(((b[12]! << 24) >>> 0) + (b[13]! << 16) + (b[14]! << 8) + b[15]!);
  let hiV = 0n;
  let loV = 0n;
  for (let i = 0; i < 8; i++) hiV = (hiV << 8n) | BigInt(b[i]!);
  for (let i = 8; i < 16; i++) loV = (loV << 8n) | BigInt(b[i]!);
  return lookupV6(hiV, loV);
}

function largestRanges(): Largest {
  if (asnLargest) return asnLargest;
  const t4 = (v4 ??= loadV4());
  const t6 = (v6 ??= loadV6());
  const out: Largest = new Map();
  for (let i = 0; i < t4.size; i++) {
    const size = t4.ends[i]! - t4.starts[i]! + 1;
    const known = out.get(t4.asns[i]!);
    if (!known || size > known.size) out.set(t4.asns[i]!, { table: 4, index: i, size });
  }
  for (let i = 0; i < t6.size; i++) if (!out.has(t6.asns[i]!)) out.set(t6.asns[i]!, { table: 6, index: i, size: 0 });
  return (asnLargest = out);
}

/** The AS's own name (the holder of its largest range), for ASNs that records carry themselves. */
export function asnOrg(asn: number): string | null {
  const known = largestRanges().get(asn);
  if (!known) return null;
  return orgOf(known.table === 4 ? v4! : v6!, known.index);
}

/** What the loaded tables hold, for the benchmark: ranges, and bytes of typed arrays and packed names. */
export function asnTableStats(): { v4Ranges: number; v6Ranges: number; bytes: number } {
  const bytes = (t: V4Table | V6Table | null) =>
    t ? Object.values(t).reduce((n: number, a) => n + (typeof a === 'object' && a !== null && 'byteLength' in a ? (a as ArrayBufferView).byteLength : 0), 0) : 0;
  return { v4Ranges: v4?.size ?? 0, v6Ranges: v6?.size ?? 0, bytes: bytes(v4) + bytes(v6) };
}

/** Loads both families now (the benchmark measures load time and memory). */
export function preloadAsnTables(): void {
  v4 ??= loadV4();
  v6 ??= loadV6();
}
