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

/**
 * Runs a command to completion, sampling its resident memory (Linux /proc) every 20 ms; returns
 * its stdout and peak RSS in MB. Rejects with its stderr when it fails.
 */
export async function runMeasured(cmd: string, args: string[]): Promise<{ stdout: string; peakRssMb: number }> {
  const { spawn } = await import('node:child_process');
  const fs = await import('node:fs');
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // the process has just ended
    }
  }, 20);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr}`);
  return { stdout, peakRssMb: Math.round(peakKb / 1024) };
}
