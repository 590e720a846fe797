// The map's legend: what a circle's size and its pie mean, clusters, and the travel colours with
// their thresholds, in words beside every colour (UI.md: never colour alone).
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TravelThresholds } from '../../../preload/contract';

const LEGEND_KEY = 'sightline.map.legend';

type Props = {
  thresholds: TravelThresholds | null;
  showTravel: boolean;
  /** The legend's width while it covers the map (0 when folded), so fits keep data out from under it. */
  onWidth(px: number): void;
};

export function Legend({ thresholds, showTravel, onWidth }: Props) {
  const [open, setOpen] = useState(() => localStorage.getItem(LEGEND_KEY) !== 'folded');
  useEffect(() => localStorage.setItem(LEGEND_KEY, open ? 'open' : 'folded'), [open]);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const report = () => onWidth(open ? node.offsetWidth + 10 : 0);
    report();
    const observer = new ResizeObserver(report);
    observer.observe(node);
    return () => observer.disconnect();
  }, [open, onWidth]);
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    <div className="map-legend" data-testid="map-legend" role="group" aria-label="Map legend" ref={ref}>
      <button type="button" className="legend-toggle ghost small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Legend {open ? '▾' : '▸'}
      </button>
      {open && (
        <>
          <div className="legend-row">
            <span className="swatch-size small" aria-hidden />
            <span className="swatch-size big" aria-hidden />
            <span>Circle: sign-ins at one place; area grows with their number</span>
          </div>
          <div className="legend-row">
            <span className="swatch pie" aria-hidden />
            <span>
              Pie: share of <span className="swatch success" aria-hidden /> success, <span className="swatch failure" aria-hidden /> failure,{' '}
              <span className="swatch interrupted" aria-hidden /> interrupted
            </span>
          </div>
          <div className="legend-row">
            <span className="swatch cluster" aria-hidden>
              12
            </span>
            <span>Numbered: nearby places grouped, with their sign-ins; click to zoom in</span>
          </div>
          {showTravel && (
            <>
              <div className="legend-row">
                <span className="swatch-line plausible" aria-hidden />
                <span>Plausible travel{thresholds ? ` (under ${n(thresholds.fastKmh)} km/h)` : ''}</span>
              </div>
              <div className="legend-row">
                <span className="swatch-line fast" aria-hidden />
                <span>Fast: needs a flight{thresholds ? ` (≥ ${n(thresholds.fastKmh)} km/h)` : ''}</span>
              </div>
              <div className="legend-row">
                <span className="swatch-line impossible" aria-hidden />
                <span>Impossible{thresholds ? ` (≥ ${n(thresholds.impossibleKmh)} km/h over ≥ ${n(thresholds.minKm)} km)` : ''}</span>
              </div>
              <div className="legend-row muted-line">Dot: where a leg starts; arrow: where it ends. Speeds count the locations' uncertainty.</div>
            </>
          )}
        </>
      )}
    </div>
  );
}
