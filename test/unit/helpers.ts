// Shared test plumbing: temp dirs and the paths of the real samples.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const samplesDir = path.resolve(repoRoot, '../shared/samples');
export const sample = (rel: string) => path.join(samplesDir, rel);
export const fixture = (rel: string) => path.join(repoRoot, 'test/fixtures', rel);

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-test-'));
  dirs.push(dir);
  return dir;
}

export function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

export type CliRun = { code: number; stdout: string; stderr: string };

/**
 * Runs `npm run --silent sightline -- ARGS` as people script it: through npm, from `cwd` (npm sets
 * INIT_CWD to it). A killed run reports 137.
 */
export function runSightline(
  args: string[],
  cwd: string,
  opts: { env?: Record<string, string>; detached?: boolean; onStderr?: (text: string) => void; onSpawn?: (pid: number) => void } = {},
): Promise<CliRun> {
  const child = spawn('npm', ['run', '--silent', '--prefix', repoRoot, 'sightline', '--', ...args], {
    cwd,
    env: { ...process.env, INIT_CWD: cwd, ...opts.env },
    detached: opts.detached ?? false,
  });
  opts.onSpawn?.(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    opts.onStderr?.(stderr);
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 137 : 1), stdout, stderr })));
}
