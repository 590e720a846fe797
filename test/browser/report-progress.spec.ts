// The Report view while a report is being made (web mode): the steps show as they happen and Cancel
// stops it: no download, nothing on the audit trail, and the detections the report had started are
// rolled back (the view still says they never ran). Then a report made to the end downloads.
// The server runs with the TEST-ONLY hook SIGHTLINE_TEST_REPORT_STEP_DELAY_MS (main/report/report-worker.ts),
// which holds the report thread at every step, so there is time to watch and to press Cancel.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, serve, type Served } from './serve';

const DELAY_ENV = 'SIGHTLINE_TEST_REPORT_STEP_DELAY_MS';

let dir: string;
let casePath: string;
let served: Served;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-report-progress-'));
  casePath = path.join(dir, 'tenant.sightline');
  const gen = await run(['generate', '--out', path.join(dir, 'gen'), '--rows', '1500', '--users', '20', '--attacks', 'password-spray,impossible-travel']);
  expect(gen.code, gen.stderr).toBe(0);
  const files = fs.readdirSync(path.join(dir, 'gen')).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir, 'gen', f));
  const imported = await run(['import', casePath, ...files]);
  expect(imported.code, imported.stderr).toBe(0);
  // Only the server gets the hook (serve() passes this process's environment on); later specs do not.
  process.env[DELAY_ENV] = '250';
  try {
    served = await serve(casePath);
  } finally {
    delete process.env[DELAY_ENV];
  }
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the Report view shows the report’s steps as they happen, and Cancel stops it leaving nothing', async ({ page }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.goto(served.open);
  await page.getByTestId('nav-report').click();
  const status = page.getByTestId('report-status');
  await expect(status).toContainText('Detections have never run on this case');
  await page.getByLabel(/HTML \(one self-contained file\)/).check();

  await page.getByTestId('report-button').click();
  const progress = page.getByTestId('report-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('report-button')).toBeDisabled();
  // The detections, one by one, with the step count.
  // (The report thread starts in a few seconds under tsx on a busy machine.)
  // Any detection may be the first one seen (a step can pass between two looks); a later one must follow.
  await expect(progress).toContainText(/running detections \d+\/\d+: [a-z-]+… \(step 1 of 8\)/, { timeout: 30_000 });
  const detectionNumber = async () => Number(/running detections (\d+)\//.exec((await progress.textContent()) ?? '')?.[1] ?? NaN);
  const first = await detectionNumber();
  await expect.poll(detectionNumber, { timeout: 30_000 }).toBeGreaterThan(first);
  // The app keeps answering while the report is made: another view loads; back in the Report view,
  // the report still in the making shows by its progress, with its Cancel button.
  await page.getByTestId('nav-findings').click();
  await expect(page.getByTestId('findings')).toBeVisible();
  await page.getByTestId('nav-report').click();
  await expect(progress).toContainText(/running detections \d+\/\d+/);

  await page.getByTestId('report-cancel').click();
  await expect(page.locator('.banner')).toContainText('Report cancelled: nothing was written.');
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('report-button')).toBeEnabled();
  expect(downloads).toEqual([]);
  // Rolled back: detections still never ran, and no report is on the audit trail.
  await expect(status).toContainText('Detections have never run on this case');
  await expect(status).not.toContainText('Last report:');
  // Nothing was left beside the case by the server (its reports are made in a temp folder), and the case holds no run.
  expect(fs.readdirSync(dir).filter((f) => !f.startsWith('tenant.sightline')).sort()).toEqual(['gen']);

  // Made to the end, it downloads, with the evidence step counted file by file on the way.
  // (The view was opened again above, so its format is back to its default.)
  await page.getByLabel(/HTML \(one self-contained file\)/).check();
  const downloaded = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('report-button').click();
  await expect(progress).toContainText(/re-verifying evidence \d+\/\d+… \(step 6 of 8\)/, { timeout: 90_000 });
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/-report-\d{4}-\d{2}-\d{2}\.html$/);
  await expect(page.getByTestId('report-result')).toContainText('Detections had never run on this case: the report ran them first.');
  await expect(status).toContainText('Last report:');
  expect(errors).toEqual([]);
});
