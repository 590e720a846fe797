// The grouping switch the portal shows on its non-interactive, service principal and managed
// identity tabs: off, or grouped with no time window or per 1 h / 6 h / 24 h.
import type { GroupAggregate, SignInFilter } from '../../../preload/contract';

export type Grouping = GroupAggregate | 'off';

const GROUPABLE = new Set(['nonInteractiveUser', 'servicePrincipal', 'managedIdentity']);

/** Grouping applies when the filter selects exactly one of the grouped types (one of those tabs). */
export function groupable(filter: SignInFilter): boolean {
  return filter.type?.length === 1 && GROUPABLE.has(filter.type[0]!);
}

export function GroupControl({ value, onChange }: { value: Grouping; onChange(next: Grouping): void }) {
  return (
    <label className="group-control">
      Group{' '}
      <select data-testid="group-select" value={value} onChange={(e) => onChange(e.target.value as Grouping)}>
        <option value="off">Not grouped</option>
        <option value="none">Grouped</option>
        <option value="1h">Grouped per 1 hour</option>
        <option value="6h">Grouped per 6 hours</option>
        <option value="24h">Grouped per 24 hours</option>
      </select>
    </label>
  );
}
