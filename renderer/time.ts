// Display of times: UTC by default as `2026-10-07 09:40:00Z`; local time always shows its offset.
export type TimeZoneMode = 'utc' | 'local';

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

export function formatTime(iso: string | null | undefined, mode: TimeZoneMode): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (mode === 'utc') return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

export function zoneLabel(mode: TimeZoneMode): string {
  if (mode === 'utc') return 'UTC';
  const offset = -new Date().getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `Local (UTC${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)})`;
}
