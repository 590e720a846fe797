// The slice end to end: a case made by the CLI from the real sample, served by `sightline serve`,
// shown by the real renderer in Debian's Chromium.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, samples, serve, type Served } from './serve';

const sample = path.join(samples, 'sentinel-training-lab/sign-in_adelete.csv');
let dir: string;
let served: Served;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-browser-'));
  const casePath = path.join(dir, 'lab.sightline');
  const imported = await run(['import', casePath, sample, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  expect(JSON.parse(imported.stdout).totals.inserted).toBe(56);
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('serve prints exactly one JSON line with url, token and the link to open', () => {
  const lines = served.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(served.open).toBe(`${served.url}/#token=${served.token}`);
});

test('the grid shows the 56 sign-ins of the sample', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.open);
  await expect(page.getByTestId('row-count')).toHaveText('56 sign-ins');
  const grid = page.getByTestId('grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  await expect(grid.getByText('adelev@m365x816222.onmicrosoft.com').first()).toBeVisible();
  await expect(grid.getByText('175.45.176.99').first()).toBeVisible();
  // The sample's newest sign-in comes first (newest-first default sort).
  await expect(grid.locator('.ag-row[row-index="0"] [col-id="createdDateTime"]')).toHaveText('2021-04-28 15:19:08Z');
  for (const header of ['Date (UTC)', 'User', 'Application', 'Status', 'IP address', 'Location']) {
    await expect(grid.locator('.ag-header-cell-text', { hasText: new RegExp(`^${header.replace(/[()]/g, '\\$&')}$`) })).toBeVisible();
  }
  // The token left the address bar once the page took it.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: testInfo.outputPath('signins.png') });
  fs.copyFileSync(testInfo.outputPath('signins.png'), path.join(testInfo.project.outputDir, 'signins.png'));
  expect(errors).toEqual([]);
});

test('selecting a sign-in opens its details with the raw record and provenance', async ({ page }) => {
  await page.goto(served.open);
  const row = page.getByTestId('grid').locator('.ag-row[row-index="0"]');
  // Wait for the page of rows to arrive (the infinite model first shows loading placeholders).
  await expect(row.locator('[col-id="createdDateTime"]')).toHaveText('2021-04-28 15:19:08Z');
  await row.locator('[col-id="appDisplayName"]').click();
  const details = page.getByTestId('details');
  await expect(details).toBeVisible();
  await expect(details.getByText('3b50929d-3d7e-420d-a2bf-cf8189a36c01')).toBeVisible();
  await details.getByRole('tab', { name: 'Provenance' }).click();
  await expect(details.getByText('sign-in_adelete.csv')).toBeVisible();
  await expect(details.getByText('290764c77138541a8d053a68f8899cc442c0094988e5653dcb725305b46ce37f')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
});

test('the API refuses a request without the token', async ({ request }) => {
  const res = await request.post(`${served.url}/rpc/case.current`, { data: {} });
  expect(res.status()).toBe(401);
});

test.describe('importing from the browser', () => {
  let emptyDir: string;
  let empty: Served;
  test.beforeAll(async () => {
    emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-browser-empty-'));
    empty = await serve(path.join(emptyDir, 'new.sightline'));
  });
  test.afterAll(async () => {
    await empty?.stop();
    fs.rmSync(emptyDir, { recursive: true, force: true });
  });

  test('an empty case says what to do; Import uploads the file and the grid fills', async ({ page }) => {
    await page.goto(empty.open);
    await expect(page.getByText('This case has no sign-ins yet')).toBeVisible();
    await expect(page.getByTestId('row-count')).toHaveText('0 sign-ins');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(sample);
    await expect(page.getByTestId('row-count')).toHaveText('56 sign-ins');
    await expect(page.getByRole('status')).toContainText('Imported 1 file: 56 new sign-ins.');
    await expect(page.getByTestId('grid').locator('.ag-row').first()).toBeVisible();
    await page.getByTestId('nav-evidence').click();
    await expect(page.getByTestId('evidence-table')).toContainText('sign-in_adelete.csv');
  });

  test('a rejected file is reported with its reason and nothing changes', async ({ page }) => {
    await page.goto(empty.open);
    await expect(page.getByTestId('row-count')).toHaveText('56 sign-ins');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(path.join(samples, 'sentinel-training-lab/signinLogs.csv'));
    await expect(page.getByRole('alert')).toContainText('is a Log Analytics query result, not a sign-in log export');
    await expect(page.getByTestId('row-count')).toHaveText('56 sign-ins');
    const evidence = await page.request.post(`${empty.url}/rpc/evidence.list`, { headers: { authorization: `Bearer ${empty.token}` }, data: {} });
    expect((await evidence.json()).value).toHaveLength(1);
  });

  test('the Evidence view lists a file\'s warnings and its rejected rows with their lines', async ({ page }) => {
    const file = path.join(emptyDir, 'AADNonInteractiveUserSignInLogs_partial.csv');
    fs.writeFileSync(
      file,
      [
        'TimeGenerated [UTC],Id,CreatedDateTime [UTC],UserPrincipalName,ResultType,IPAddress,Type',
        '"10/7/2026, 9:41:00.000 AM",nb-1,"10/7/2026, 9:40:00.000 AM",eve@contoso.example,0,198.51.100.9,AADNonInteractiveUserSignInLogs',
        '"10/7/2026, 9:42:00.000 AM",nb-2,not a date,eve@contoso.example,0,198.51.100.9,AADNonInteractiveUserSignInLogs',
      ].join('\n'),
    );
    await page.goto(empty.open);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-button').click();
    await (await chooser).setFiles(file);
    await expect(page.getByRole('status')).toContainText('Imported 1 file: 1 new sign-in.');
    await page.getByTestId('nav-evidence').click();
    const table = page.getByTestId('evidence-table');
    await expect(table).toContainText('AADNonInteractiveUserSignInLogs_partial.csv');
    await table.getByText('1 rejected row').click();
    await expect(table).toContainText('line 3: unparseable date "not a date"');
  });

  test('the theme follows the choice and the time toggle switches every time shown', async ({ page }) => {
    await page.goto(empty.open);
    await expect(page.getByTestId('grid').locator('.ag-header-cell-text', { hasText: 'Date (UTC)' })).toBeVisible();
    await page.getByLabel('Theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('timezone-toggle').click();
    await expect(page.getByTestId('timezone-toggle')).toContainText('Local (UTC');
    await expect(page.getByTestId('grid').locator('.ag-header-cell-text', { hasText: 'Date (local)' })).toBeVisible();
  });
});
