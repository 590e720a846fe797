// Streaming JSON records out of any of the shapes exporters write (formats.md §1 step 3): a Graph
// page (`{"value":[…]}`), a bare array, several arrays or objects one after another (concatenated
// pages, JSON lines). @streamparser/json tokenizes; this module checks the grammar strictly (no
// trailing commas, no truncation), builds each record, notes duplicate keys (last one wins), and
// keeps the record's text verbatim with the line it starts on.
import Tokenizer from '@streamparser/json/tokenizer.js';
import { FileRejected } from './types';

export type JsonRecord = {
  line: number;
  recordIndex: number;
  value: unknown;
  /** The record exactly as written in the file. */
  raw: string;
  /** Keys that appeared more than once in one object of this record. */
  duplicateKeys: { key: string; conflicting: boolean }[];
};

/** Metadata of the container the records came from (a Graph page's @odata keys). */
export type JsonShape = { kind: 'page' | 'array' | 'object' | 'lines'; meta: Record<string, unknown> };

// Token type numbers of @streamparser/json (utils/types/tokenType).
const LEFT_BRACE = 0;
const RIGHT_BRACE = 1;
const LEFT_BRACKET = 2;
const RIGHT_BRACKET = 3;
const COLON = 4;
const COMMA = 5;
const STRING = 9;

type Frame = {
  kind: 'object' | 'array';
  value: Record<string, unknown> | unknown[];
  state: 'first' | 'key' | 'colon' | 'value' | 'next';
  key: string | null;
  keys: Set<string> | null;
  /** Elements of this container are emitted as records instead of being kept. */
  emits: boolean;
};

const describeToken = (t: number, v: unknown) => (t === STRING ? 'a string' : t <= COMMA ? `'${String(v)}'` : `'${JSON.stringify(v)}'`);

/** Tracks byte offsets -> line/column and keeps the bytes of the record being read. */
class Bytes {
  private chunks: { start: number; buf: Buffer }[] = [];
  private lineAt = 0;
  private line = 1;
  private lastNewline = -1;
  end = 0;

  push(buf: Buffer): void {
    this.chunks.push({ start: this.end, buf });
    this.end += buf.length;
  }

  /** Line and column (1-based, column in bytes) of an offset at or after the last one asked. */
  position(offset: number): { line: number; column: number } {
    for (const c of this.chunks) {
      const from = Math.max(this.lineAt, c.start);
      const to = Math.min(offset, c.start + c.buf.length);
      for (let i = from; i < to; ) {
        const nl = c.buf.indexOf(10, i - c.start);
        if (nl === -1 || c.start + nl >= to) break;
        this.line++;
        this.lastNewline = c.start + nl;
        i = c.start + nl + 1;
      }
    }
    this.lineAt = Math.max(this.lineAt, offset);
    return { line: this.line, column: offset - this.lastNewline };
  }

  text(from: number, to: number): string {
    const parts = this.chunks.filter((c) => c.start < to && c.start + c.buf.length > from).map((c) => c.buf.subarray(Math.max(0, from - c.start), Math.min(c.buf.length, to - c.start)));
    return Buffer.concat(parts).toString('utf8');
  }

  /** Forgets bytes before `offset` (nothing before the current record is needed again). */
  trim(offset: number): void {
    while (this.chunks.length > 1 && this.chunks[0]!.start + this.chunks[0]!.buf.length <= Math.min(offset, this.lineAt)) this.chunks.shift();
  }
}

export async function* readJsonRecords(text: AsyncIterable<string>, fileName: string, shape?: (s: JsonShape) => void): AsyncGenerator<JsonRecord> {
  const bytes = new Bytes();
  const tokenizer = new Tokenizer({ separator: '' });
  const out: JsonRecord[] = [];
  const stack: Frame[] = [];
  let documents = 0;
  let recordIndex = 0;
  let recordStart = -1;
  let recordLine = 0;
  let duplicates: { key: string; conflicting: boolean }[] = [];
  let pageMeta: Record<string, unknown> = {};
  let kind: JsonShape['kind'] | null = null;

  // Annotated on the binding so TypeScript narrows after calls to it.
  const fail: (offset: number, reason: string) => never = (offset, reason) => {
    const { line, column } = bytes.position(offset);
    throw new FileRejected(`${fileName}: invalid JSON at line ${line}, column ${column}: ${reason}. Nothing was imported.`);
  };

  /** A finished value goes into its parent, or out as a record. */
  const complete = (value: unknown, endOffset: number) => {
    const parent = stack.at(-1);
    if (!parent || parent.emits) {
      if (recordStart >= 0) {
        out.push({ line: recordLine, recordIndex: recordIndex++, value, raw: bytes.text(recordStart, endOffset), duplicateKeys: duplicates });
        recordStart = -1;
        duplicates = [];
      }
      if (!parent) documents++;
      if (parent) parent.state = 'next';
      return;
    }
    if (parent.kind === 'array') (parent.value as unknown[]).push(value);
    else {
      const obj = parent.value as Record<string, unknown>;
      const key = parent.key!;
      if (parent.keys!.has(key)) duplicates.push({ key, conflicting: JSON.stringify(obj[key]) !== JSON.stringify(value) });
      parent.keys!.add(key);
      obj[key] = value;
    }
    parent.state = 'next';
  };

  /** Is the value starting now a record? Elements of an emitting container, or a top-level object. */
  const startsRecord = () => {
    const parent = stack.at(-1);
    return parent ? parent.emits : true;
  };

  tokenizer.onToken = ({ token, value, offset }) => {
    const top = stack.at(-1);
    const expectingValue = !top || top.state === 'value' || (top.kind === 'array' && top.state === 'first');
    if (token === LEFT_BRACE || token === LEFT_BRACKET) {
      if (!expectingValue) fail(offset, `unexpected ${describeToken(token, value)}`);
      if (startsRecord() && recordStart < 0 && !(token === LEFT_BRACKET && !top)) {
        recordStart = offset;
        recordLine = bytes.position(offset).line;
      }
      // A top-level array, and the `value` array of a top-level object (a Graph page), hold records.
      const isPageValue = stack.length === 1 && top!.kind === 'object' && top!.key === 'value' && token === LEFT_BRACKET;
      const emits = (token === LEFT_BRACKET && !top) || isPageValue;
      if (emits && recordStart === offset) recordStart = -1;
      if (isPageValue) {
        // The top-level object is a page, not a record: its own keys are metadata.
        recordStart = -1;
        kind = 'page';
      }
      if (!top) kind ??= token === LEFT_BRACKET ? 'array' : 'object';
      stack.push({ kind: token === LEFT_BRACE ? 'object' : 'array', value: token === LEFT_BRACE ? {} : [], state: 'first', key: null, keys: token === LEFT_BRACE ? new Set() : null, emits });
      if (!top && documents > 0 && kind !== 'page') kind = 'lines';
      return;
    }
    if (!top) {
      if (token === RIGHT_BRACE || token === RIGHT_BRACKET || token === COLON || token === COMMA) fail(offset, `unexpected ${describeToken(token, value)}`);
      fail(offset, 'a record must be an object or an array of objects');
    }
    if (token === RIGHT_BRACE || token === RIGHT_BRACKET) {
      const closes = token === RIGHT_BRACE ? 'object' : 'array';
      if (top.kind !== closes || !(top.state === 'first' || top.state === 'next')) fail(offset, `unexpected ${describeToken(token, value)}${top.state === 'key' || top.state === 'value' ? " after ','" : ''}`);
      stack.pop();
      if (top.emits && stack.length === 1) {
        // The end of a page's `value` array: keep the page's other keys as metadata.
        stack[0]!.state = 'next';
        return;
      }
      if (top.emits) {
        documents++;
        return;
      }
      const built = top.value;
      if (stack.length === 0 && kind === 'page') {
        pageMeta = built as Record<string, unknown>;
        documents++;
        return;
      }
      complete(built, offset + 1);
      bytes.trim(recordStart >= 0 ? recordStart : offset);
      return;
    }
    if (token === COLON) {
      if (top.kind !== 'object' || top.state !== 'colon') fail(offset, "unexpected ':'");
      top.state = 'value';
      return;
    }
    if (token === COMMA) {
      if (top.state !== 'next') fail(offset, "unexpected ','");
      top.state = top.kind === 'object' ? 'key' : 'value';
      return;
    }
    // A primitive: a key, or a value.
    if (top.kind === 'object' && (top.state === 'first' || top.state === 'key')) {
      if (token !== STRING) fail(offset, `expected a key, found ${describeToken(token, value)}`);
      top.key = value as string;
      top.state = 'colon';
      return;
    }
    if (!expectingValue) fail(offset, `unexpected ${describeToken(token, value)}${top.state === 'colon' ? ", expected ':'" : ", expected ',' or a closing bracket"}`);
    if (top.emits) fail(offset, 'expected a sign-in object, found a bare value');
    complete(value, offset);
  };

  let failure: unknown = null;
  tokenizer.onError = (err) => {
    failure = err;
  };

  const toRejection: (err: unknown) => never = (err) => {
    if (err instanceof FileRejected) throw err;
    const message = (err as Error).message ?? String(err);
    const at = /absolute position "?(\d+)"?/.exec(message) ?? /position "?(\d+)"?/.exec(message);
    const reason = message.replace(/ at (chunk )?position.*$/, '').replace(/^Unexpected/, 'unexpected').replace(/\.+$/, '');
    if (at) fail(Number(at[1]), reason);
    throw new FileRejected(`${fileName}: invalid JSON: ${reason}. Nothing was imported.`);
  };

  for await (const chunk of text) {
    const buf = Buffer.from(chunk, 'utf8');
    bytes.push(buf);
    try {
      tokenizer.write(buf);
    } catch (err) {
      toRejection(err);
    }
    if (failure) toRejection(failure);
    if (kind && shape && recordIndex === 0 && out.length) shape({ kind, meta: pageMeta });
    yield* out.splice(0);
  }
  try {
    tokenizer.end();
  } catch {
    // The tokenizer gives no position when the text stops inside a token (a string, `tr` of `true`): it is the end.
    failure ??= new Error('end');
  }
  if (failure) fail(bytes.end, 'the file ends in the middle of a value (truncated?)');
  if (stack.length > 0) fail(bytes.end, 'the file ends in the middle of a value (truncated?)');
  yield* out.splice(0);
  shape?.({ kind: kind ?? 'object', meta: pageMeta });
}
