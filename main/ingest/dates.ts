// Timestamps as exports write them, to epoch milliseconds in UTC (formats.md §11).
// No local zone is ever applied: every supported form is UTC or carries its offset, except the
// zone-less locale dates of PowerShell exports, which the caller reads as UTC and says so.

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*([AP]M)$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Unicode spaces (U+202F before AM/PM on macOS, U+00A0 from some locales) become plain spaces. */
function normalizeSpaces(text: string): string {
  return text.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ').trim();
}

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
  const value = normalizeSpaces(text);
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

// Locale dates (PowerShell `Export-Csv` of a DateTime): `3/12/2025 7:22:01 AM`, `15/11/2025 03:55:59`,
// `15.11.2025 03:55:59`. Day and month order cannot be told from one date; the caller decides.
const LOCALE_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([AaPp])\.?[Mm]\.?)?$/;

/** The first two numbers of a locale date (day and month in some order), or null if `text` is not one. */
export function localeDateFields(text: string): { first: number; second: number } | null {
  const m = LOCALE_DATE.exec(normalizeSpaces(text));
  return m ? { first: Number(m[1]), second: Number(m[3]) } : null;
}

/** A zone-less locale date read as UTC, day-first (`dmy`) or month-first (`mdy`); null if invalid. */
export function parseLocaleDate(text: string, order: 'dmy' | 'mdy'): number | null {
  const m = LOCALE_DATE.exec(normalizeSpaces(text));
  if (!m) return null;
  const [a, b, y, hour, mi] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const s = m[7] ? Number(m[7]) : 0;
  const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
  let h = hour;
  if (m[9]) {
    if (hour < 1 || hour > 12) return null;
    h = (hour % 12) + (m[9].toUpperCase() === 'P' ? 12 : 0);
  }
  return checked(Date.UTC(y, mo - 1, d, h, mi, s) + fractionToMs(m[8]), y, mo, d, h, mi, s);
}
