// The benchmark harness: each benchmark returns named figures; the runner prints readable lines,
// or with --json exactly one JSON object, so numbers compare from run to run.
export type Figure = { name: string; value: number; unit: string; goal?: string };
export type Benchmark = { id: string; title: string; run(): Promise<Figure[]> };

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Samples process RSS every 20 ms while `work` runs; returns the peak in MB. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssMb: Math.round(peak / 1e6) };
  } finally {
    clearInterval(timer);
  }
}
