// What other features call to pivot to an entity: openEntity(kind, value) opens its profile in the
// shell's side panel; addIndicator(kind, value) adds it to the Entities view's indicator list.
export { addIndicator, closeEntity, openEntity, useOpenEntity } from './store';
export { pivotOf, accountPivot, type Pivot } from './pivot';
export { PivotButtons } from './PivotButtons';
