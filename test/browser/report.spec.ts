// The Report view end to end in web mode: the status says detections never ran; the report button
// downloads the report (HTML, then PDF) made by the same handlers as the CLI; the preview shows the
// document in a sandboxed frame. Saves the README screenshot of a report page
// (test-results/browser/report.png) and of the view (report-view.png).
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, serve, type Served } from './serve';

let dir: string;
let served: Served;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-report-'));
  const casePath = path.join(dir, 'tenant.sightline');
  const gen = await run(['generate', '--out', path.join(dir, 'gen'), '--rows', '2000', '--users', '30', '--attacks', 'password-spray,brute-force-then-success,impossible-travel,mfa-fatigue,token-replay']);
  expect(gen.code, gen.stderr).toBe(0);
  const files = fs.readdirSync(path.join(dir, 'gen')).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir, 'gen', f));
  const imported = await run(['import', casePath, ...files]);
  expect(imported.code, imported.stderr).toBe(0);
  for (const args of [
    ['case', casePath, '--name', 'Contoso password spray', '--number', 'IR-2026-041', '--analyst', 'Dana Analyst', '--client', 'Contoso Ltd', '--time-zone', 'Europe/Berlin'],
    ['tag', casePath, 'compromised', '--status', 'failure', '--error-code', '50126', '--type', 'interactiveUser'],
  ]) {
    const r = await run(args);
    expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
  }
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the report button downloads the report; detections run first; the preview shows it (README screenshots)', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.open);
  await page.getByTestId('nav-report').click();
  const status = page.getByTestId('report-status');
  await expect(status).toContainText('Detections have never run on this case: the report runs them first');
  await expect(status).toContainText('PDF: Chromium at');

  // HTML first.
  await page.getByLabel(/HTML \(one self-contained file\)/).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-button').click()]);
  expect(download.suggestedFilename()).toMatch(/^Contoso-password-spray-report-\d{4}-\d{2}-\d{2}\.html$/);
  const htmlFile = testInfo.outputPath('report.html');
  await download.saveAs(htmlFile);
  const html = fs.readFileSync(htmlFile, 'utf8');
  expect(html).toContain('Detections had never been run on this case, so this report ran them first');
  expect(html).toContain('Contoso password spray');
  await expect(page.getByTestId('report-result')).toContainText('Detections had never run on this case: the report ran them first.');
  await expect(page.getByTestId('report-verification')).toContainText('passed');
  await expect(status).toContainText('Detections have run');

  // Then the PDF (printed by Chromium on the server side).
  await page.getByLabel(/PDF \(page numbers/).check();
  const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('report-button').click()]);
  const pdfFile = testInfo.outputPath('report.pdf');
  await pdf.saveAs(pdfFile);
  expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');

  // The preview: the document in a frame that runs no script.
  await page.getByTestId('report-preview-button').click();
  const frame = page.getByTestId('report-preview');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(page.frameLocator('[data-testid="report-preview"]').getByRole('heading', { name: 'Executive summary' })).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: testInfo.outputPath('report-view.png') });
  fs.copyFileSync(testInfo.outputPath('report-view.png'), path.join(testInfo.project.outputDir, 'report-view.png'));

  // A page of the report itself, as a reader sees it (README screenshot; docs/report.png is refreshed from it by hand).
  const reader = await page.context().newPage();
  await reader.setViewportSize({ width: 1100, height: 1400 });
  await reader.goto(`file://${htmlFile}`);
  await reader.locator('#summary').scrollIntoViewIfNeeded();
  await reader.screenshot({ path: testInfo.outputPath('report.png') });
  fs.copyFileSync(testInfo.outputPath('report.png'), path.join(testInfo.project.outputDir, 'report.png'));
  await reader.close();
  expect(errors).toEqual([]);
});
