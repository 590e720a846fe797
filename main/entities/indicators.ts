// Indicators of compromise as analysts paste them: one per line or comma separated, from a ticket, a
// threat report (defanged `45.155.205[.]99`) or a spreadsheet column. Kinds are detected where the text
// says what it is (an address, a CIDR block, an AS number); a GUID may be a device or a session ID and is
// looked up in the case; `kind: value` names the kind outright (`ua: python-requests/2.32.3`).
// Everything else on a line of its own is a user-agent string (they contain commas and spaces).
import type { Indicator, IndicatorKind, ParsedIndicators } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { prefixAsCidr } from '../case/filter';
import { cidrRange, ipHex } from '../case/ip';
import { parseAsn } from './entity';

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const PREFIX = /^(ip|ips|cidr|address|asn?|ua|user-?agent|device|device-?id|session|session-?id)\s*[:=]\s*(.*)$/i;

const KIND_OF_PREFIX: Record<string, IndicatorKind> = {
  ip: 'ip', ips: 'ip', cidr: 'ip', address: 'ip', as: 'asn', asn: 'asn', ua: 'user-agent', useragent: 'user-agent', 'user-agent': 'user-agent',
  device: 'device-id', deviceid: 'device-id', 'device-id': 'device-id', session: 'session-id', sessionid: 'session-id', 'session-id': 'session-id',
};

/** `45.155.205[.]99`, `2001:db8[:]1` -> the real text. */
export function refang(text: string): string {
  return text.replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]/gi, '.').replace(/\[:\]/g, ':');
}

const unquote = (t: string) => t.trim().replace(/^["'`]+|["'`]+$/g, '').trim();

/** Why a value is not a valid indicator of its kind, or null when it is. */
export function indicatorError(kind: IndicatorKind, value: string): string | null {
  const v = value.trim();
  if (!v) return 'empty';
  switch (kind) {
    case 'ip': {
      if (v.includes('/')) return cidrRange(v) ? null : `not a CIDR block: "${v}"`;
      if (v.endsWith('.') || v.endsWith(':')) return prefixAsCidr(v) ? null : `not an address prefix: "${v}"`;
      return ipHex(v) ? null : `not an IP address: "${v}"`;
    }
    case 'asn':
      return parseAsn(v) === null ? `not an AS number: "${v}"` : null;
    case 'device-id':
    case 'session-id':
    case 'user-agent':
      return v.length > 4096 ? 'longer than 4096 characters' : null;
  }
}

/** An indicator in its stored form (ASN as digits, GUID braces dropped). */
export function normaliseIndicator(kind: IndicatorKind, value: string): Indicator {
  const v = value.trim();
  if (kind === 'asn') return { kind, value: String(parseAsn(v)) };
  if (kind === 'ip') return { kind, value: refang(v) };
  if (kind === 'device-id' || kind === 'session-id') return { kind, value: GUID.exec(v)?.[1] ?? v };
  return { kind, value: v };
}

type Token = { kind: IndicatorKind | 'guid'; value: string } | { error: string };

/** One token with no kind given: an address, CIDR block, prefix, AS number or GUID; null for free text. */
function classify(raw: string): Token | null {
  const t = refang(unquote(raw));
  if (!t) return null;
  if (GUID.test(t)) return { kind: 'guid', value: GUID.exec(t)![1]! };
  if (/^(?:as|asn)\s*-?\s*\d+$/i.test(t) || /^\d{1,10}$/.test(t)) {
    return parseAsn(t.replace(/-/, '')) === null ? { error: `not an AS number: "${t}"` } : { kind: 'asn', value: String(parseAsn(t.replace(/-/, ''))) };
  }
  // Digits with dots, or hex with colons: meant as an address, so a bad one is an error, not a user agent.
  if (/^[0-9.]+(\/\d+)?$/.test(t) && t.includes('.')) return indicatorError('ip', t) ? { error: indicatorError('ip', t)! } : { kind: 'ip', value: t };
  if (/^[0-9a-f:.]+(%[\w.]+)?(\/\d+)?$/i.test(t) && t.includes(':') && /^[0-9a-f]{0,4}:/i.test(t)) {
    return indicatorError('ip', t) ? { error: indicatorError('ip', t)! } : { kind: 'ip', value: t };
  }
  return null;
}

/** Free text that is plainly something else than a user agent. */
function notAnIndicator(t: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^hxxps?:/i.test(t)) return 'a URL: sign-in logs carry no URLs to match';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return 'an account, not an indicator: open its profile instead';
  if (/^(?=.*[a-z])[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(t)) return 'a domain name: sign-in logs carry no domains to match';
  return null;
}

export type GuidLookup = (guid: string) => { device: boolean; session: boolean };

/** Whether a GUID occurs as a device ID or a session ID in the case (index lookups). */
export function caseGuidLookup(db: CaseDb): GuidLookup {
  const device = db.prepare('SELECT 1 FROM signins WHERE device_id IN (@v, @lower, @upper) LIMIT 1');
  const session = db.prepare('SELECT 1 FROM signins WHERE session_id IN (@v, @lower, @upper) LIMIT 1');
  return (v) => {
    const p = { v, lower: v.toLowerCase(), upper: v.toUpperCase() };
    return { device: device.get(p) !== undefined, session: session.get(p) !== undefined };
  };
}

export function parseIndicatorText(text: string, lookup: GuidLookup = () => ({ device: false, session: false })): ParsedIndicators {
  const out: Indicator[] = [];
  const seen = new Set<string>();
  const rejected: ParsedIndicators['rejected'] = [];
  const notes: string[] = [];
  const push = (kind: IndicatorKind, value: string) => {
    const ind = normaliseIndicator(kind, value);
    const key = `${ind.kind}\u0000${ind.kind === 'user-agent' ? ind.value : ind.value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(ind);
  };
  const guid = (value: string) => {
    const found = lookup(value);
    if (found.device) push('device-id', value);
    if (found.session) push('session-id', value);
    if (!found.device && !found.session) {
      push('device-id', value);
      push('session-id', value);
      notes.push(`${value} is not in this case as a device or session ID; kept as both (prefix it with device: or session: to choose).`);
    }
  };
  const token = (raw: string, kind: IndicatorKind | null) => {
    const t = unquote(raw);
    if (!t) return;
    if (kind) {
      const value = kind === 'ip' ? refang(t) : t;
      const error = indicatorError(kind, value);
      if (error) rejected.push({ text: t, reason: error });
      else push(kind, value);
      return;
    }
    const c = classify(t);
    if (!c) {
      const why = notAnIndicator(t);
      if (why) rejected.push({ text: t, reason: why });
      else push('user-agent', t);
    } else if ('error' in c) rejected.push({ text: t, reason: c.error });
    else if (c.kind === 'guid') guid(c.value);
    else push(c.kind, c.value);
  };

  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith('//')) continue;
    const prefixed = PREFIX.exec(unquote(line));
    if (prefixed) {
      const kind = KIND_OF_PREFIX[prefixed[1]!.toLowerCase()]!;
      // A user agent takes the rest of the line whole; other kinds may be listed.
      if (kind === 'user-agent') token(prefixed[2]!, kind);
      else for (const part of prefixed[2]!.split(/[\s,;]+/)) token(part, kind);
      continue;
    }
    // A list splits only where the pieces are plainly separate values; otherwise the line is one value
    // (a user agent holds commas and spaces: "(KHTML, like Gecko)").
    const words = line.split(/[\s,;|]+/).map(unquote).filter(Boolean);
    const pieces = line.split(/[,;|]+/).map(unquote).filter(Boolean);
    const isToken = (p: string) => classify(p) !== null || PREFIX.test(p);
    const parts =
      words.length > 1 && words.every(isToken) ? words : pieces.length > 1 && pieces.every((p) => isToken(p) || !/[\s()]/.test(p)) ? pieces : [line.replace(/[,;]+$/, '')];
    for (const p of parts) {
      const pre = PREFIX.exec(p);
      if (pre) token(pre[2]!, KIND_OF_PREFIX[pre[1]!.toLowerCase()]!);
      else token(p, null);
    }
  }
  return { indicators: out, rejected, notes };
}
