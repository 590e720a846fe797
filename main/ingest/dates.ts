// Timestamps as exports write them, to epoch milliseconds in UTC (formats.md §11).
// No local zone is ever applied: every supported form is UTC or carries its offset.

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*([AP]M)$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

function fractionToMs(fraction: string | undefined): number {
  return fraction ? Math.floor(Number(`0.${fraction}`) * 1000 + 1e-9) : 0;
}

function checked(ms: number, y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const valid = probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? ms : null;
}

/** Parses ISO 8601 (any fraction, Z or offset; no zone means UTC) or the Log Analytics `M/D/YYYY, h:mm:ss.fff AM` form. */
export function parseUtc(text: string): number | null {
  const value = text.replace(/[\u202f\u00a0]/g, ' ').trim();
  let m = ISO.exec(value);
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    let ms = Date.UTC(y, mo - 1, d, h, mi, s) + fractionToMs(m[7]);
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return checked(ms, y, mo, d, h, mi, s);
  }
  m = US_DATE.exec(value);
  if (m) {
    const [mo, d, y, h12, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    if (h12 < 1 || h12 > 12) return null;
    const h = (h12 % 12) + (m[8]!.toUpperCase() === 'PM' ? 12 : 0);
    return checked(Date.UTC(y, mo - 1, d, h, mi, s) + fractionToMs(m[7]), y, mo, d, h, mi, s);
  }
  return null;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
