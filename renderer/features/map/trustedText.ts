// The trusted networks as the analyst types them: one range or one place per line.
import type { TrustedLists } from '../../../preload/contract';

/** "CIDR label…" per line. */
export function parseRanges(text: string): TrustedLists['ranges'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [cidr = '', ...label] = line.split(/\s+/);
      return { cidr, label: label.join(' ') };
    });
}

/** "lat, lon, radius km, label" per line. */
export function parsePlaces(text: string): { places: TrustedLists['places']; error: string | null } {
  const places: TrustedLists['places'] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [lat, lon, radius, ...label] = line.split(',').map((p) => p.trim());
    const nums = [lat, lon, radius].map(Number);
    if (nums.some((n) => !Number.isFinite(n)) || !lat || !lon || !radius) return { places, error: `Place line ${i + 1}: write "latitude, longitude, radius km, label"` };
    places.push({ lat: nums[0]!, lon: nums[1]!, radiusKm: nums[2]!, label: label.join(', ') });
  }
  return { places, error: null };
}
