import { defineConfig } from '@playwright/test';

// The Electron smoke test. Where no Electron binary (or no display) exists it is skipped, and says
// so in words; it never downloads anything.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
});
