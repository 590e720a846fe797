// Small display helpers for sign-in fields. Everything returns plain strings: log text is
// attacker-controlled and is only ever rendered as text.
import type { Outcome, SignIn } from '../preload/contract';

export function locationText(s: Pick<SignIn, 'location'>): string {
  const l = s.location;
  return [l?.city, l?.state, l?.countryOrRegion].filter((p) => p).join(', ');
}

export const outcomeLabel: Record<Outcome, string> = { success: 'Success', failure: 'Failure', interrupted: 'Interrupted', unknown: 'Unknown' };

export function countText(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
