// Plumbing shared by the writers: a buffered synchronous file sink, date formats, file names.
import fs from 'node:fs';
import path from 'node:path';
import type { Rec, SignInType } from '../record';
import type { Tenant } from '../tenant';

export const FORMATS = ['portal-csv', 'portal-json', 'graph-json', 'la-csv', 'la-json'] as const;
export type Format = (typeof FORMATS)[number];

export interface FileInfo {
  path: string;
  format: Format;
  rows: number;
  bytes: number;
}

/** Receives records newest first, already sorted; writes them; reports the files. */
export interface SignInWriter {
  write(rec: Rec): void;
  close(): FileInfo[];
}

const CHUNK_BYTES = 4 << 20;

/** Encodes strings straight into a 4 MB buffer and writes it with writeSync when full; memory stays flat. */
export class FileSink {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly fd: number;
  bytes = 0;
  rows = 0;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }

  write(text: string): void {
    // worst case 3 bytes per UTF-16 unit
    if (this.used + text.length * 3 > this.buf.length) {
      this.flush();
      if (text.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(text.length * 3);
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  flush(): void {
    let off = 0;
    while (off < this.used) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    this.bytes += this.used;
    this.used = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** `2026-10-06T14:03:22.123Z` */
export function iso(t: number): string {
  return new Date(t).toISOString();
}

/** Log Analytics JSON style: seven fraction digits. */
export function iso7(t: number): string {
  return new Date(t).toISOString().slice(0, 23) + '0000Z';
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** Log Analytics CSV export style (en-US): `10/6/2026, 2:03:22.123 PM`. */
export function laDate(t: number): string {
  const d = new Date(t);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** `<from>_<to>` as calendar dates of the first and the last included day, as the portal names downloads. */
export function rangeStamp(tenant: Tenant): string {
  return `${iso(tenant.from).slice(0, 10)}_${iso(tenant.to - 1).slice(0, 10)}`;
}

export const PORTAL_PREFIX: Record<SignInType, string> = {
  interactiveUser: 'InteractiveSignIns',
  nonInteractiveUser: 'NonInteractiveSignIns',
  servicePrincipal: 'ApplicationSignIns',
};

export const LA_TABLE: Record<SignInType, string> = {
  interactiveUser: 'SigninLogs',
  nonInteractiveUser: 'AADNonInteractiveUserSignInLogs',
  servicePrincipal: 'AADServicePrincipalSignInLogs',
};

/** One file per sign-in type, opened on first use; the user-sign-in files always exist (maybe empty). */
export class TypedFiles {
  private readonly sinks = new Map<SignInType, FileSink>();

  constructor(
    private readonly dir: string,
    private readonly format: Format,
    private readonly name: (type: SignInType) => string,
    private readonly opening: (type: SignInType, sink: FileSink) => void,
    private readonly closing: (type: SignInType, sink: FileSink) => void,
  ) {}

  get(type: SignInType): FileSink {
    let sink = this.sinks.get(type);
    if (!sink) {
      sink = new FileSink(path.join(this.dir, this.name(type)));
      this.opening(type, sink);
      this.sinks.set(type, sink);
    }
    return sink;
  }

  close(): FileInfo[] {
    this.get('interactiveUser');
    this.get('nonInteractiveUser');
    const order: SignInType[] = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal'];
    const out: FileInfo[] = [];
    for (const type of order) {
      const sink = this.sinks.get(type);
      if (!sink) continue;
      this.closing(type, sink);
      sink.close();
      out.push({ path: sink.path, format: this.format, rows: sink.rows, bytes: sink.bytes });
    }
    return out;
  }
}
