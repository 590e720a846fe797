// The same sign-in from two formats (a portal CSV and a Graph JSON of it) is one sign-in: the
// newer source decides where both have a value, and each fills what the other lacks (formats.md §14).
import type { SignIn } from '../../preload/contract';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fill(winner: Record<string, unknown>, loser: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...winner };
  for (const [key, value] of Object.entries(loser)) {
    const mine = out[key];
    if (isEmpty(mine)) out[key] = value;
    else if (isPlainObject(mine) && isPlainObject(value)) out[key] = fill(mine, value);
  }
  return out;
}

export function mergeSignIns(winner: SignIn, loser: SignIn): SignIn {
  const merged = fill(winner, loser) as SignIn;
  // Location and coordinates are judged together: the plottable geo of either side wins over none.
  const wGeo = winner['geo'] as { plottable?: boolean } | undefined;
  const lGeo = loser['geo'] as { plottable?: boolean } | undefined;
  if (!wGeo?.plottable && lGeo?.plottable) merged['geo'] = loser['geo'];
  return merged;
}
