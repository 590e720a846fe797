// The portal's sign-in type tabs. They set the shared filter's `type`; All removes it.
import type { SignInFilter, SignInType } from '../../../preload/contract';
import { without } from '../../filterModel';

const TABS: { type: SignInType | null; label: string }[] = [
  { type: 'interactiveUser', label: 'Interactive' },
  { type: 'nonInteractiveUser', label: 'Non-interactive' },
  { type: 'servicePrincipal', label: 'Service principal' },
  { type: 'managedIdentity', label: 'Managed identity' },
  { type: null, label: 'All' },
];

export function TypeTabs({ filter, onChange }: { filter: SignInFilter; onChange(next: SignInFilter): void }) {
  const current = filter.type;
  const active = (t: SignInType | null) => (t === null ? !current?.length : current?.length === 1 && current[0] === t);
  return (
    <div className="type-tabs" role="tablist" aria-label="Sign-in type" data-testid="type-tabs">
      {TABS.map((t) => (
        <button
          key={t.label}
          type="button"
          role="tab"
          aria-selected={active(t.type)}
          className={active(t.type) ? 'tab active' : 'tab'}
          data-type={t.type ?? 'all'}
          onClick={() => onChange(t.type === null ? without(filter, 'type') : { ...filter, type: [t.type] })}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
