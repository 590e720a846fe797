// The Findings view end to end: a generated tenant with planted attacks (and a sign-in whose user agent
// is an HTML payload) made by the CLI, served by `sightline serve`, in Debian's Chromium: run the
// detections with progress, read, filter, triage and open a finding, show its sign-ins in the grid,
// copy its KQL, and change a parameter in the settings.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, serve, type Served } from './serve';

let dir: string;
let served: Served;
const PAYLOAD = 'python-requests/2.31 <img src=x onerror="window.__pwned=1">';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-findings-'));
  const out = path.join(dir, 'export');
  const gen = await run(['generate', '--out', out, '--rows', '1500', '--users', '25', '--days', '10', '--attacks', 'password-spray,mfa-fatigue,legacy-auth', '--format', 'portal-csv']);
  expect(gen.code, gen.stderr).toBe(0);
  // Two hand-made Graph sign-ins whose user agent is an HTML payload (suspicious-client raises them).
  const t = Date.parse('2026-10-02T10:00:00.000Z');
  const hostile = [0, 1].map((i) => ({
    id: `0000000${i}-aaaa-4bbb-8ccc-000000000001`, createdDateTime: new Date(t + i * 60_000).toISOString(), userPrincipalName: 'mallory@contoso.example',
    userDisplayName: 'Mallory <b>bold</b>', userId: '0000000a-aaaa-4bbb-8ccc-000000000001', appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', appDisplayName: 'Microsoft Office',
    ipAddress: '45.77.9.9', userAgent: PAYLOAD, clientAppUsed: 'Mobile Apps and Desktop clients', isInteractive: true, signInEventTypes: ['interactiveUser'],
    status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' }, location: { city: 'Piscataway', state: 'New Jersey', countryOrRegion: 'US' },
  }));
  fs.writeFileSync(path.join(dir, 'hostile.json'), JSON.stringify({ value: hostile }));
  const casePath = path.join(dir, 'tenant.sightline');
  const imported = await run(['import', casePath, out, path.join(dir, 'hostile.json'), '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  // Findings exist before any test (each test stands alone); the first test runs them again from the UI.
  const detected = await run(['detect', casePath, '--json']);
  expect(detected.code, detected.stderr).toBe(0);
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Filters the list to one detection and waits until only its findings show. */
async function only(page: Page, detection: string, title: RegExp) {
  await page.getByTestId('findings-detection').selectOption(detection);
  await expect.poll(() => page.getByTestId('finding-item').evaluateAll((items, source) => items.length > 0 && items.every((i) => new RegExp(source).test(i.textContent ?? '')), title.source)).toBe(true);
}

async function openFindings(page: Page) {
  await page.goto(served.open);
  await page.getByTestId('nav-findings').click();
  await expect(page.getByTestId('findings')).toBeVisible();
}

test('run detections: findings listed by severity, "not evaluable" said, filters by severity and detection', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openFindings(page);
  await page.getByTestId('run-detections').click();
  // Progress shows while it runs, then the list fills.
  await expect(page.getByTestId('finding-item').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('detect-progress')).toHaveCount(0);
  await expect(page.getByTestId('run-detections')).toBeEnabled();
  const severities = await page.getByTestId('finding-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-severity')));
  const rank: Record<string, number> = { high: 0, medium: 1, low: 2 };
  const ranks = severities.map((s) => rank[s ?? ''] ?? 3);
  expect(severities.length).toBeGreaterThan(3);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  // The admin center CSV has no risk columns: said, with a count.
  await expect(page.getByTestId('not-evaluable')).toContainText(/Identity Protection flagged the sign-in for [\d,]+ sign-ins/);

  await page.getByTestId('findings-severity-high').check();
  await expect.poll(() => page.getByTestId('finding-item').evaluateAll((items) => [...new Set(items.map((i) => i.getAttribute('data-severity')))])).toEqual(['high']);
  await page.getByTestId('findings-severity-high').uncheck();
  await only(page, 'legacy-auth', /Legacy authentication/);
  await page.screenshot({ path: testInfo.outputPath('findings.png') });
  fs.copyFileSync(testInfo.outputPath('findings.png'), path.join(testInfo.project.outputDir, 'findings.png'));
  expect(errors).toEqual([]);
});

test('a finding opens its explanation and KQL; one click shows its sign-ins in the grid, or on the map', async ({ page }, testInfo) => {
  await openFindings(page);
  await only(page, 'password-spray', /Password spray from one IP/);
  await page.getByTestId('finding-item').first().click();
  await expect(page.getByTestId('finding-explanation')).toContainText(/failed to sign in to \d+ accounts/);
  await expect(page.getByTestId('finding-copy-kql')).toHaveText('Copy KQL (not run by Sightline)');
  await expect(page.getByTestId('finding-kql')).toContainText('SigninLogs');
  await expect(page.getByTestId('finding-evidence').locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('finding-detail.png') });
  fs.copyFileSync(testInfo.outputPath('finding-detail.png'), path.join(testInfo.project.outputDir, 'finding-detail.png'));
  const label = (await page.getByTestId('finding-show-signins').textContent()) ?? '';
  const n = Number(/Show the ([\d,]+) sign-ins/.exec(label)![1]!.replace(/,/g, ''));
  expect(n).toBeGreaterThan(5);
  await page.getByTestId('finding-show-signins').click();
  await expect(page.getByTestId('chip-finding')).toBeVisible();
  await expect(page.getByTestId('row-count')).toContainText(`${n.toLocaleString('en-US')} sign-in`);
  // The same filter places them on the map.
  await page.getByTestId('nav-findings').click();
  await page.getByTestId('finding-item').first().click();
  await page.getByTestId('finding-show-map').click();
  await expect(page.getByTestId('map')).toBeVisible();
  await expect(page.getByTestId('chip-finding')).toBeVisible();
});

test('triage with a note is kept; a false positive can suppress the detection for an IP (reversible)', async ({ page }) => {
  await openFindings(page);
  await only(page, 'legacy-auth', /Legacy authentication/);
  const item = page.getByTestId('finding-item').first();
  const title = (await item.locator('.title').textContent())!;
  await item.click();
  await page.getByTestId('finding-triage').selectOption('confirmed');
  await page.getByTestId('finding-note').fill('IMAP from OVH: not our mail gateway');
  await page.getByTestId('finding-save-triage').click();
  await expect(page.getByTestId('finding-item').filter({ hasText: title })).toContainText('Confirmed');
  await page.reload();
  await page.getByTestId('nav-findings').click();
  await page.getByTestId('findings-triage').selectOption('confirmed');
  await page.getByTestId('finding-item').filter({ hasText: title }).click();
  await expect(page.getByTestId('finding-note')).toHaveValue('IMAP from OVH: not our mail gateway');

  // False positive + suppression: the finding leaves the list; the settings list the suppression; removing it brings it back.
  await page.getByTestId('findings-triage').selectOption('');
  await page.getByTestId('finding-triage').selectOption('false_positive');
  await page.getByTestId('finding-suppress').check();
  await page.getByRole('combobox', { name: 'Suppress for' }).selectOption({ index: 1 });
  await page.getByTestId('finding-save-triage').click();
  await expect(page.getByTestId('finding-item').filter({ hasText: title })).toHaveCount(0);
  await page.getByTestId('detection-settings-toggle').click();
  const suppressions = page.getByTestId('suppressions');
  await expect(suppressions).toContainText('legacy-auth');
  await suppressions.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('finding-item').filter({ hasText: title })).toHaveCount(1);
});

test('the settings panel shows every parameter with its default, and saves a change for the case', async ({ page }) => {
  await openFindings(page);
  await page.getByTestId('detection-settings-toggle').click();
  const spray = page.getByTestId('settings-password-spray');
  await spray.locator('summary').click();
  await expect(spray).toContainText('Default: 5');
  await spray.getByLabel('minUsers').fill('7');
  await page.getByTestId('settings-save-password-spray').click();
  await expect(page.getByRole('status')).toContainText('settings saved');
  await expect(spray.locator('summary')).toContainText('1 changed');
  await spray.getByRole('button', { name: 'Restore defaults' }).click();
  await expect(spray.locator('summary')).not.toContainText('changed');
});

test('finding text from the logs is rendered as text, never as HTML', async ({ page }) => {
  await openFindings(page);
  await only(page, 'suspicious-client', /Hacking, automation or risky third-party client/);
  const item = page.getByTestId('finding-item').filter({ hasText: 'mallory@contoso.example' });
  await item.first().click();
  await expect(page.getByTestId('finding-explanation')).toContainText(PAYLOAD);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('.finding-detail img').count()).toBe(0);
});
