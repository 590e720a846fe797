// `sightline serve` for the Chromium benchmarks: started from source on a case, its one JSON line read.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function serve(casePath: string): Promise<{ open: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/cli.ts'), 'serve', casePath, '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  return { open: (JSON.parse(line) as { open: string }).open, stop: () => child.kill('SIGTERM') };
}
