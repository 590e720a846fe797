// Display of times: UTC by default as `2026-10-07 09:40:00Z`; local time or any IANA zone, always
// shown with its offset. Every time the app shows goes through formatTime, so one toggle switches
// every view at once.

/** `utc`, `local`, or an IANA zone name such as `Europe/Berlin`. */
export type TimeZoneMode = 'utc' | 'local' | (string & {});

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

function offsetText(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.trunc(m / 60))}:${pad(m % 60)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { y: Number(parts['year']), mo: Number(parts['month']), d: Number(parts['day']), h: Number(parts['hour']) % 24, mi: Number(parts['minute']), s: Number(parts['second']) };
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function zoneOffsetMinutes(ms: number, mode: TimeZoneMode): number {
  if (mode === 'utc') return 0;
  if (mode === 'local') return -new Date(ms).getTimezoneOffset();
  const w = wallClock(ms, mode);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone the browser knows (for the zone picker). */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}

export function formatTime(iso: string | null | undefined, mode: TimeZoneMode): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (mode === 'utc') return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}Z`;
  if (mode === 'local') {
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${offsetText(-d.getTimezoneOffset())}`;
  }
  const w = wallClock(d.getTime(), mode);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)} ${offsetText(zoneOffsetMinutes(d.getTime(), mode))}`;
}

/** The zone's name with its current offset, e.g. `UTC`, `Local (UTC+02:00)`, `Asia/Tokyo (UTC+09:00)`. */
export function zoneLabel(mode: TimeZoneMode): string {
  if (mode === 'utc') return 'UTC';
  const offset = `UTC${offsetText(zoneOffsetMinutes(Date.now(), mode))}`;
  return mode === 'local' ? `Local (${offset})` : `${mode} (${offset})`;
}

/** Short form for column headers: `UTC`, `local`, or the zone name. */
export function zoneShort(mode: TimeZoneMode): string {
  return mode === 'utc' ? 'UTC' : mode === 'local' ? 'local' : mode;
}

/**
 * A time as typed: `2026-10-06`, `2026-10-06 09:40`, `2026-10-06T09:40:00`, read as wall-clock time
 * in the shown zone unless it carries `Z` or an offset. Returns ISO UTC with milliseconds, or null.
 */
export function parseTimeInput(text: string, mode: TimeZoneMode): string | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0')));
  if (Number.isNaN(wall)) return null;
  const check = new Date(wall);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23) return null;
  let ms: number;
  if (zone) {
    const z = zone.toUpperCase() === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    ms = wall - z * 60_000;
  } else {
    // Two passes settle the offset around a DST change.
    ms = wall - zoneOffsetMinutes(wall, mode) * 60_000;
    ms = wall - zoneOffsetMinutes(ms, mode) * 60_000;
  }
  return new Date(ms).toISOString();
}

/** Hint for a time field: which zone a typed time is read in. */
export function timeInputHint(mode: TimeZoneMode): string {
  return `YYYY-MM-DD [HH:MM[:SS]], in ${zoneLabel(mode)}`;
}
