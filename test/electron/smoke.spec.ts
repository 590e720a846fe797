// Smoke test of the real desktop app: launch dist/main/app.cjs with a fresh case and see the grid.
// Uses the same launch decision as `npm start` (scripts/launch.ts): where Electron cannot start
// here, the test is skipped and the reason is printed in words.
import { _electron as electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decideLaunch, gatherLaunchFacts, mainBundle, repoRoot } from '../../scripts/launch';

const facts = gatherLaunchFacts();
const decision = decideLaunch({ ...facts, mainBundleExists: true });
const skipReason = decision.launch ? null : `Electron smoke test skipped: ${explain(decision.reason)}.`;

function explain(reason: string): string {
  if (reason.startsWith('no Electron binary was downloaded')) {
    return reason.replace(
      'no Electron binary was downloaded',
      'no Electron binary (node_modules/electron/dist is missing; Electron downloads it on first use, which cannot happen here)',
    );
  }
  return reason;
}

if (skipReason) process.stderr.write(`${skipReason}\n`);

test.describe('desktop app', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('opens a case and shows the grid', async () => {
    // Electron can start here, so a missing build is a real failure, not a reason to skip.
    expect(fs.existsSync(mainBundle), 'dist/main/app.cjs is missing: run `npm run build` first').toBe(true);
    expect(fs.existsSync(path.join(repoRoot, 'dist/renderer/index.html')), 'dist/renderer is missing: run `npm run build` first').toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-electron-'));
    const casePath = path.join(dir, 'smoke.sightline');
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const app = await electron.launch({
      executablePath: decision.launch ? decision.executable : undefined,
      args: [mainBundle, casePath],
      cwd: repoRoot,
      env: env as Record<string, string>,
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveURL(/^app:\/\/sightline\//);
      await expect(window.locator('[data-testid=grid]')).toBeVisible({ timeout: 30_000 });
      // The page sees the bridge, not Node.
      expect(await window.evaluate(() => typeof (window as unknown as { sightline?: unknown }).sightline)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(fs.existsSync(casePath)).toBe(true);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
