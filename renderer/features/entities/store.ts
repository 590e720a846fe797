// The entity profile open anywhere in the shell, and the indicator list being built, as two tiny
// stores any feature can write to: the grid, the details pane, the map's popups and findings call
// openEntity(kind, value) or addIndicator(kind, value); the shell shows the profile panel and the
// Entities view reads the indicators.
import { useSyncExternalStore } from 'react';
import type { EntityKind, EntityRef, IndicatorKind } from '../../../preload/contract';

type Listener = () => void;

function store<T>(initial: T) {
  let value = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      listeners.forEach((l) => l());
    },
    subscribe(l: Listener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

const profile = store<EntityRef | null>(null);

/** Opens the profile of an entity in the shell's side panel. */
export function openEntity(kind: EntityKind, value: string): void {
  const v = value.trim();
  if (v) profile.set({ kind, value: v });
}

export function closeEntity(): void {
  profile.set(null);
}

export function useOpenEntity(): EntityRef | null {
  return useSyncExternalStore(profile.subscribe, profile.get);
}

/** The indicator text of the Entities view: one indicator a line, as an analyst would paste them. */
const indicators = store<string>('');
const added = store<{ kind: IndicatorKind; value: string; n: number } | null>(null);

/** Indicator kinds by how the text box reads them: a `kind: value` line is never misread. */
const LINE_PREFIX: Record<IndicatorKind, string> = { ip: '', asn: 'AS', 'user-agent': 'ua: ', 'device-id': 'device: ', 'session-id': 'session: ' };

export function indicatorLine(kind: IndicatorKind, value: string): string {
  return `${LINE_PREFIX[kind]}${value.trim()}`;
}

/** Adds an indicator to the list (once); the shell says so. */
export function addIndicator(kind: IndicatorKind, value: string): void {
  const line = indicatorLine(kind, value);
  const lines = indicators.get().split('\n').map((l) => l.trim()).filter(Boolean);
  if (!lines.includes(line)) indicators.set([...lines, line].join('\n') + '\n');
  added.set({ kind, value: value.trim(), n: (added.get()?.n ?? 0) + 1 });
}

export function setIndicatorText(text: string): void {
  indicators.set(text);
}

export function useIndicatorText(): string {
  return useSyncExternalStore(indicators.subscribe, indicators.get);
}

/** The last indicator added (for the shell's "added" message). */
export function useIndicatorAdded() {
  return useSyncExternalStore(added.subscribe, added.get);
}
