// IP addresses for filtering: a fixed-width hex form (IPv4 as IPv4-mapped IPv6) so exact matches
// and CIDR ranges are index lookups, and IPv4-mapped IPv6 equals its IPv4.
import net from 'node:net';
import { boundedMemo } from './strings';

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

function v6Bytes(ip: string): number[] | null {
  let text = ip;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  // A trailing dotted IPv4 (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = v4Bytes(dotted[1]!);
    text = text.slice(0, dotted.index) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? h.length !== 8 : missing < 1) return null;
  const hextets = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t].map((x) => parseInt(x, 16));
  if (hextets.some((x) => !Number.isFinite(x) || x < 0 || x > 0xffff)) return null;
  return hextets.flatMap((x) => [x >> 8, x & 255]);
}

/** 16 bytes of an address (IPv4 mapped into IPv6), or null when it is not an address. */
export function ipBytes(ip: string): number[] | null {
  const t = ip.trim();
  const kind = net.isIP(t.split('%')[0]!);
  if (kind === 4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4Bytes(t)];
  if (kind === 6) return v6Bytes(t);
  return null;
}

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

export function ipHex(ip: string | null | undefined): string | null {
  return ip ? hexOf(ip) : null;
}

// A log repeats a few thousand addresses and an import converts every row's (about 1 us a row saved).
const hexOf = boundedMemo((ip) => {
  const b = ipBytes(ip);
  return b ? hex(b) : null;
}, 65_536);

/** The [low, high] hex range of a CIDR block (an IPv4 prefix length counts within the mapped range). */
export function cidrRange(cidr: string): { low: string; high: string } | null {
  const [addr, lenText] = cidr.split('/') as [string, string | undefined];
  const bytes = ipBytes(addr);
  if (!bytes || lenText === undefined || !/^\d+$/.test(lenText)) return null;
  const v4 = net.isIP(addr.trim()) === 4;
  const len = Number(lenText) + (v4 ? 96 : 0);
  if (len > 128 || (v4 && Number(lenText) > 32)) return null;
  const low = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  const high = low.map((b, i) => {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    return b | (0xff >> keep);
  });
  return { low: hex(low), high: hex(high) };
}
