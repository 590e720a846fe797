// How geo figures read in sentences: "8,370 km in 40 min, 12,555 km/h".

const formatters = new Map<number, Intl.NumberFormat>();

/** 12,555 (en-US grouping); one formatter per precision, as making one per call is slow. */
export function formatNumber(n: number, digits = 0): string {
  let f = formatters.get(digits);
  if (!f) formatters.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f.format(n);
}

/** A time gap: "40 min", "2 h 5 min", "3 d 4 h", "25 s". */
export function formatGap(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const totalMin = Math.round(minutes);
  if (totalMin < 24 * 60) {
    const h = Math.floor(totalMin / 60);
    const m = totalMin % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const totalH = Math.round(minutes / 60);
  const d = Math.floor(totalH / 24);
  const h = totalH % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

export const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

const KIND_WORDS = { hosting: 'a hosting ASN', vpn: 'a VPN ASN', anonymizer: 'an anonymiser (Tor) ASN' } as const;

export function networkKindWords(kind: keyof typeof KIND_WORDS): string {
  return KIND_WORDS[kind];
}
