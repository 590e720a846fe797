// A minimal MaxMind DB (.mmdb) writer for tests: an IPv6 search tree (IPv4 under ::/96, as MaxMind's
// own City databases are laid out) with 24-bit records, GeoIP2-shaped data, and metadata. Written
// from the MaxMind DB format specification (https://maxmind.github.io/MaxMind-DB/), so the tests read
// a GeoIP2 file through the real `maxmind` reader without shipping MaxMind's data.
import net from 'node:net';

type Uint = { uint: number; bytes: 2 | 4 | 8 };
type Value = string | number | boolean | Value[] | Uint | { [k: string]: Value };

const isUint = (v: object): v is Uint => 'uint' in v && 'bytes' in v && typeof (v as Uint).uint === 'number';

function ctrl(type: number, size: number): Buffer {
  const ext = type > 7;
  const head = (ext ? 0 : type) << 5;
  let sizeBytes: number[] = [];
  let s = size;
  if (size >= 65821) {
    s = 31;
    const v = size - 65821;
    sizeBytes = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  } else if (size >= 285) {
    s = 30;
    const v = size - 285;
    sizeBytes = [(v >> 8) & 255, v & 255];
  } else if (size >= 29) {
    s = 29;
    sizeBytes = [size - 29];
  }
  return Buffer.from([head | s, ...(ext ? [type - 7] : []), ...sizeBytes]);
}

function uintBytes(n: number, max: number): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  while (v > 0n) {
    out.unshift(Number(v & 255n));
    v >>= 8n;
  }
  if (out.length > max) throw new Error('uint too large');
  return Buffer.from(out);
}

export function encode(v: Value): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([ctrl(2, b.length), b]);
  }
  if (typeof v === 'boolean') return ctrl(14, v ? 1 : 0);
  if (typeof v === 'number') {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    return Buffer.concat([ctrl(3, 8), b]);
  }
  if (Array.isArray(v)) return Buffer.concat([ctrl(11, v.length), ...v.map(encode)]);
  if (isUint(v)) {
    const b = uintBytes(v.uint, v.bytes);
    return Buffer.concat([ctrl(v.bytes === 2 ? 5 : v.bytes === 4 ? 6 : 9, b.length), b]);
  }
  const entries = Object.entries(v as Record<string, Value>);
  return Buffer.concat([ctrl(7, entries.length), ...entries.flatMap(([k, x]) => [encode(k), encode(x)])]);
}

/** The 128 bits of an address (IPv4 as ::a.b.c.d) as 0/1 numbers. */
function bits(ip: string): number[] {
  const out: number[] = [];
  if (net.isIPv4(ip)) {
    for (let i = 0; i < 96; i++) out.push(0);
    for (const octet of ip.split('.').map(Number)) for (let b = 7; b >= 0; b--) out.push((octet >> b) & 1);
    return out;
  }
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const hextets = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((x) => parseInt(x, 16));
  for (const x of hextets) for (let b = 15; b >= 0; b--) out.push((x >> b) & 1);
  return out;
}

export type Network = { cidr: string; data: Value };

/** An .mmdb file holding `networks` (CIDR -> data), typed as `databaseType`. */
export function writeMmdb(networks: Network[], databaseType = 'GeoLite2-City'): Buffer {
  // Nodes: [left, right]; a record is a node index, -1 (empty), or { data: i }.
  type Rec = number | { data: number };
  const nodes: [Rec, Rec][] = [[-1, -1]];
  const data = networks.map((n) => encode(n.data));
  networks.forEach((n, i) => {
    const [addr, lenText] = n.cidr.split('/') as [string, string];
    const len = Number(lenText) + (net.isIPv4(addr) ? 96 : 0);
    const path = bits(addr);
    let node = 0;
    for (let depth = 0; depth < len; depth++) {
      const side = path[depth]!;
      if (depth === len - 1) {
        nodes[node]![side] = { data: i };
        break;
      }
      let next = nodes[node]![side]!;
      if (typeof next !== 'number' || next === -1) {
        next = nodes.push([-1, -1]) - 1;
        nodes[node]![side] = next;
      }
      node = next;
    }
  });
  const nodeCount = nodes.length;
  const offsets: number[] = [];
  let at = 0;
  for (const d of data) {
    offsets.push(at);
    at += d.length;
  }
  const value = (r: Rec) => (typeof r === 'number' ? (r === -1 ? nodeCount : r) : nodeCount + 16 + offsets[r.data]!);
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach(([l, r], i) => {
    tree.writeUIntBE(value(l), i * 6, 3);
    tree.writeUIntBE(value(r), i * 6 + 3, 3);
  });
  const metadata = encode({
    node_count: { uint: nodeCount, bytes: 4 },
    record_size: { uint: 24, bytes: 2 },
    ip_version: { uint: 6, bytes: 2 },
    database_type: databaseType,
    languages: ['en'],
    binary_format_major_version: { uint: 2, bytes: 2 },
    binary_format_minor_version: { uint: 0, bytes: 2 },
    build_epoch: { uint: Math.floor(Date.parse('2026-01-15T00:00:00Z') / 1000), bytes: 8 },
    description: { en: 'Sightline test database' },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com'), metadata]);
}
