// The filter shared by every view (UI.md: the map, timeline, summary and grid all show the sign-ins
// the chips select), with an undo history: every narrowing click can be taken back.
import { useCallback, useState } from 'react';
import type { SignInFilter } from '../../../preload/contract';
import { FILTER_SPECS } from '../../filterModel';

/** The filter with its keys in FILTERS order, so equal filters compare equal as text. */
export function canonical(filter: SignInFilter): string {
  const f = filter as Record<string, unknown>;
  return JSON.stringify(FILTER_SPECS.filter((s) => f[s.key] !== undefined).map((s) => [s.key, f[s.key]]));
}

export type FilterState = {
  filter: SignInFilter;
  set(next: SignInFilter | ((current: SignInFilter) => SignInFilter)): void;
  undo(): void;
  canUndo: boolean;
  reset(): void;
};

export function useFilterState(): FilterState {
  const [state, setState] = useState<{ filter: SignInFilter; past: SignInFilter[] }>({ filter: {}, past: [] });
  const set = useCallback((next: SignInFilter | ((current: SignInFilter) => SignInFilter)) => {
    setState((s) => {
      const n = typeof next === 'function' ? next(s.filter) : next;
      if (canonical(n) === canonical(s.filter)) return s;
      return { filter: n, past: [...s.past.slice(-49), s.filter] };
    });
  }, []);
  const undo = useCallback(() => setState((s) => (s.past.length ? { filter: s.past.at(-1)!, past: s.past.slice(0, -1) } : s)), []);
  const reset = useCallback(() => setState({ filter: {}, past: [] }), []);
  return { filter: state.filter, set, undo, canUndo: state.past.length > 0, reset };
}
