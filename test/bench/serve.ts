// `sightline serve` for the Chromium benchmarks: started from source on a case, its one JSON line read,
// serving a renderer built from the current source (once per benchmark run): a renderer left in
// dist/ from an older build measured old code, or, lacking the marks a benchmark waits for, hung it.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

let rendererDir: string | null = null;

function freshRenderer(): string {
  if (rendererDir) return rendererDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-renderer-'));
  process.stderr.write('building the renderer for the browser benchmarks…\n');
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    env: { ...process.env, SIGHTLINE_RENDERER_DIR: dir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return (rendererDir = dir);
}

export async function serve(casePath: string): Promise<{ open: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/cli.ts'), 'serve', casePath, '--json'], {
    cwd: repoRoot,
    env: { ...process.env, SIGHTLINE_RENDERER_DIR: freshRenderer() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
