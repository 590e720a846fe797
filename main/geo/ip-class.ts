// What kind of address an IP is: public (routable on the internet, so an IP database can place
// it), private (RFC 1918, CGNAT, unique-local: someone's own network) or reserved (loopback,
// link-local, documentation, multicast ...). Only public addresses are ever located.
import { ipBytes } from '../case/ip';

export type IpClass = 'public' | 'private' | 'reserved' | 'invalid';

export type ParsedIp = {
  class: IpClass;
  /** 4 for IPv4 and IPv4-mapped IPv6 (classified and looked up as the IPv4 it carries). */
  version: 4 | 6 | null;
  /** The IPv4 text for mapped addresses, else the address as given (trimmed, zone dropped). */
  address: string;
  /** 16 bytes (IPv4 mapped into IPv6), or null when not an address. */
  bytes: number[] | null;
};

type Block = { bytes: number[]; bits: number; class: Exclude<IpClass, 'public' | 'invalid'> };

const v4 = (text: string, bits: number, cls: Block['class']): Block => ({ bytes: text.split('.').map(Number), bits, class: cls });

/** IANA IPv4 special-purpose registry, the blocks that matter for sign-in logs. */
const V4_BLOCKS: Block[] = [
  v4('10.0.0.0', 8, 'private'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.168.0.0', 16, 'private'),
  v4('100.64.0.0', 10, 'private'), // carrier-grade NAT (RFC 6598)
  v4('0.0.0.0', 8, 'reserved'),
  v4('127.0.0.0', 8, 'reserved'),
  v4('169.254.0.0', 16, 'reserved'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'), // TEST-NET-1
  v4('198.18.0.0', 15, 'reserved'), // benchmarking
  v4('198.51.100.0', 24, 'reserved'), // TEST-NET-2
  v4('203.0.113.0', 24, 'reserved'), // TEST-NET-3
  v4('224.0.0.0', 4, 'reserved'), // multicast
  v4('240.0.0.0', 4, 'reserved'), // reserved and broadcast
];

function hexBlock(hextets: number[], bits: number, cls: Block['class']): Block {
  const bytes = hextets.flatMap((h) => [h >> 8, h & 255]);
  return { bytes, bits, class: cls };
}

/** IPv6: only global unicast (2000::/3) is public, minus documentation and other special blocks. */
const V6_BLOCKS: Block[] = [
  hexBlock([0xfc00], 7, 'private'), // unique local
  hexBlock([0x2001, 0x0db8], 32, 'reserved'), // documentation
  hexBlock([0x2001, 0x0002, 0], 48, 'reserved'), // benchmarking
  hexBlock([0x2001, 0x0010], 28, 'reserved'), // ORCHID
  hexBlock([0x3fff], 20, 'reserved'), // documentation (RFC 9637)
];

function inBlock(bytes: number[], block: Block): boolean {
  let bits = block.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((block.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

const isMappedV4 = (b: number[]) => b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

export function parseIp(text: string | null | undefined): ParsedIp {
  const trimmed = (text ?? '').trim();
  const bytes = trimmed ? ipBytes(trimmed) : null;
  if (!bytes) return { class: 'invalid', version: null, address: trimmed, bytes: null };
  if (isMappedV4(bytes)) {
    const quad = bytes.slice(12);
    const cls = V4_BLOCKS.find((b) => inBlock(quad, b))?.class ?? 'public';
    return { class: cls, version: 4, address: quad.join('.'), bytes };
  }
  const address = trimmed.split('%')[0]!;
  const special = V6_BLOCKS.find((b) => inBlock(bytes, b));
  if (special) return { class: special.class, version: 6, address, bytes };
  // fe80::/10 link-local, ff00::/8 multicast, ::/8 (loopback, unspecified, IPv4-compatible) and
  // everything else outside 2000::/3 is not routable on the internet.
  const globalUnicast = (bytes[0]! & 0xe0) === 0x20;
  return { class: globalUnicast ? 'public' : 'reserved', version: 6, address, bytes };
}

export function ipClass(text: string | null | undefined): IpClass {
  return parseIp(text).class;
}
