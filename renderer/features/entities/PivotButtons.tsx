// Two small buttons beside a value: open its profile, add it to the indicator list. Used by the
// details pane (and any view showing a sign-in's values).
import type { Pivot } from './pivot';
import { addIndicator, openEntity } from './store';
import './entities.css';

export function PivotButtons({ pivot }: { pivot: Pivot | null }) {
  if (!pivot || (!pivot.entity && !pivot.indicator)) return null;
  return (
    <span className="pivot-buttons">
      {pivot.entity && (
        <button type="button" data-testid="pivot-profile" title="Open the profile" aria-label="Open the profile" onClick={() => openEntity(pivot.entity!.kind, pivot.entity!.value)}>
          profile
        </button>
      )}
      {pivot.indicator && (
        <button type="button" data-testid="pivot-indicator" title="Add to the indicators (Entities view)" aria-label="Add to the indicators" onClick={() => addIndicator(pivot.indicator!.kind, pivot.indicator!.value)}>
          + IOC
        </button>
      )}
    </span>
  );
}
