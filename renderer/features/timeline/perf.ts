// Performance marks of the Timeline view, for the browser benchmark (test/bench/timeline-browser.ts)
// and anyone profiling it in DevTools: set in the animation frame after a drawing, so a mark's time
// is when that drawing reaches the screen.
export function markDrawn(name: 'sightline.timeline.band' | 'sightline.timeline.lanes', detail: Record<string, number>): void {
  requestAnimationFrame(() => {
    try {
      performance.mark(name, { detail });
    } catch {
      // performance.mark with options is in every browser Sightline runs in; never fail a draw over it.
    }
  });
}
