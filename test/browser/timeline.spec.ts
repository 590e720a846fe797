// The Timeline view end to end: a generated tenant with planted attacks, its detections run, some
// sign-ins tagged and bookmarked, plus sign-ins whose user agent and UPN carry HTML, served by
// `sightline serve` and driven in Debian's Chromium. Brushing the band narrows the shared filter (the
// grid count then matches `sightline query` for the chips' range); items open their details; lanes
// group by user; log text stays text. Saves the README screenshot (test-results/browser/timeline.png).
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, serve, type Served } from './serve';

const UA = '<img src=x onerror="window.__pwned=1">Mozilla/5.0';
const UPN = 'eve<b>bold</b>@contoso.example';
let dir: string;
let casePath: string;
let served: Served;
let total = 0;

/** Two Graph sign-ins whose text carries HTML (tagged below, so they show in the lanes). */
function payloadFile(file: string): string[] {
  const ids = ['0f0f0f0f-0000-4000-8000-000000000001', '0f0f0f0f-0000-4000-8000-000000000002'];
  const value = ids.map((id, i) => ({
    id,
    createdDateTime: new Date(Date.UTC(2026, 9, 3, 12, i)).toISOString(),
    userPrincipalName: UPN,
    userDisplayName: 'Eve',
    userId: '0f0f0f0f-0000-4000-8000-0000000000ee',
    appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    appDisplayName: 'OfficeHome',
    ipAddress: '203.0.113.66',
    clientAppUsed: 'Browser',
    userAgent: UA,
    isInteractive: true,
    signInEventTypes: ['interactiveUser'],
    status: { errorCode: 0 },
    location: { city: 'Lisbon', countryOrRegion: 'PT' },
  }));
  fs.writeFileSync(file, JSON.stringify({ value }));
  return ids;
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-timeline-'));
  casePath = path.join(dir, 'tenant.sightline');
  const gen = await run(['generate', '--out', path.join(dir, 'gen'), '--rows', '3000', '--users', '40', '--attacks', 'all']);
  expect(gen.code, gen.stderr).toBe(0);
  const ids = payloadFile(path.join(dir, 'graph-payload.json'));
  const files = [...fs.readdirSync(path.join(dir, 'gen')).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir, 'gen', f)), path.join(dir, 'graph-payload.json')];
  const imported = await run(['import', casePath, ...files, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  total = JSON.parse(imported.stdout).totals.inserted;
  for (const args of [
    ['detect', casePath],
    ['tag', casePath, 'suspicious', ...ids.flatMap((id) => ['--id', id])],
    ['tag', casePath, 'compromised', '--status', 'failure', '--error-code', '50126', '--type', 'interactiveUser'],
    ['bookmark', casePath, '--status', 'interrupted', '--type', 'interactiveUser'],
    ['note', casePath, 'Eve signed in from a hosting network', '--id', ids[1]!],
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

async function openTimeline(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.open);
  await expect(page.getByTestId('row-count')).toContainText(`${total.toLocaleString('en-US')} sign-ins`);
  await page.getByTestId('nav-timeline').click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('timeline-range')).toContainText(`${total.toLocaleString('en-US')} sign-ins in view`);
  await expect(page.getByTestId('timeline-lanes')).toContainText('Findings');
  return errors;
}

test('the timeline: the band over the whole case, lanes for findings, tags, bookmarks, notes and evidence (README screenshot)', async ({ page }, testInfo) => {
  const errors = await openTimeline(page);
  const lanes = page.getByTestId('timeline-lanes');
  for (const lane of ['Findings', 'Tagged sign-ins', 'Bookmarked sign-ins', 'Notes', 'Evidence (span of each file)']) await expect(lanes).toContainText(lane);
  // The band is drawn (uPlot's canvas has bars on it).
  // Polled: the band is drawn when its counts arrive, which may be after the lanes.
  const painted = () =>
    page.getByTestId('timeline-density').locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
  await expect.poll(painted, { timeout: 20_000 }).toBeGreaterThan(1000);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: testInfo.outputPath('timeline.png') });
  // Kept beside the other artifacts; docs/timeline.png is refreshed from it by hand (a test run never edits a tracked file).
  fs.copyFileSync(testInfo.outputPath('timeline.png'), path.join(testInfo.project.outputDir, 'timeline.png'));
  expect(errors).toEqual([]);
});

test('brushing a range on the band filters the grid to it', async ({ page }) => {
  await openTimeline(page);
  const band = page.getByTestId('timeline-density').locator('.u-over');
  const box = (await band.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('timeline-clear-range')).toBeVisible();
  await expect(page.getByTestId('timeline-range')).toContainText('filtered to');
  // About 15% of two weeks of sign-ins: fewer than all, more than none.
  await page.getByTestId('nav-signins').click();
  await expect(page.getByTestId('chip-from')).toBeVisible();
  await expect(page.getByTestId('chip-to')).toBeVisible();
  await expect(page.getByTestId('row-count')).toContainText(`(filtered from ${total.toLocaleString('en-US')})`);
  const shown = Number(/^([\d,]+) sign-in/.exec(((await page.getByTestId('row-count').textContent()) ?? '').trim())![1]!.replace(/,/g, ''));
  expect(shown).toBeGreaterThan(total * 0.05);
  expect(shown).toBeLessThan(total * 0.3);
  // Back on the timeline, the range is shaded and can be cleared.
  await page.getByTestId('nav-timeline').click();
  await page.getByTestId('timeline-clear-range').click();
  await expect(page.getByTestId('timeline-range')).not.toContainText('filtered to');
  await page.getByTestId('nav-signins').click();
  await expect(page.getByTestId('chip-from')).toHaveCount(0);
});

test('clicking a finding opens its panel; a sign-in opens the details pane; log text stays text', async ({ page }) => {
  const errors = await openTimeline(page);
  await page.getByTestId('timeline-list-toggle').click();
  const list = page.getByTestId('timeline-list');
  await expect(list.getByTestId('timeline-list-item').first()).toBeVisible();
  // The payload sign-ins: the UPN shown literally, never as markup (found with the list's find box).
  await page.getByTestId('timeline-list-find').fill('eve<b>');
  // Its two tagged sign-ins and the note, and any finding about Eve.
  await expect(list.getByTestId('timeline-list-item').filter({ hasText: 'suspicious · ' })).toHaveCount(2);
  await expect(list.getByTestId('timeline-list-item').filter({ hasText: 'Note: Eve signed in from a hosting network' })).toHaveCount(1);
  await expect(list.getByText(`suspicious · ${UPN.toLowerCase()}`).first()).toBeVisible();
  expect(await page.locator('.timeline-view b').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // A finding opens its panel with the explanation and its sign-ins.
  await page.getByTestId('timeline-list-find').fill('');
  await list.getByTestId('timeline-list-item').filter({ hasText: /spray|brute|fatigue|travel|without a device/i }).first().click();
  const panel = page.getByTestId('timeline-panel');
  await expect(panel).toContainText('Explanation');
  await expect(panel).toContainText('Severity');
  // A sign-in opens the details pane.
  await page.getByTestId('timeline-list-find').fill('eve<b>');
  await list.getByText(`suspicious · ${UPN.toLowerCase()}`).first().click();
  await expect(page.getByTestId('details')).toBeVisible();
  await expect(page.getByTestId('details')).toContainText('203.0.113.66');
  expect(errors).toEqual([]);
});

test('a finding’s sign-ins open in the grid from its panel', async ({ page }) => {
  await openTimeline(page);
  await page.getByTestId('timeline-list-toggle').click();
  await page.getByTestId('timeline-list').getByTestId('timeline-list-item').filter({ hasText: /spray|brute|fatigue|travel|without a device/i }).first().click();
  const count = Number(((await page.getByTestId('timeline-panel').locator('dt', { hasText: /^Sign-ins$/ }).locator('xpath=following-sibling::dd').textContent()) ?? '').replace(/,/g, ''));
  expect(count).toBeGreaterThan(0);
  await page.getByTestId('timeline-finding-signins').click();
  await expect(page.getByTestId('chip-finding')).toBeVisible();
  await expect(page.getByTestId('row-count')).toContainText(`${count.toLocaleString('en-US')} sign-in`);
});

test('zoom, pan and group lanes by user', async ({ page }) => {
  await openTimeline(page);
  const range = page.getByTestId('timeline-range');
  const whole = await range.textContent();
  await page.getByTestId('timeline-zoom-in').click();
  await expect(range).not.toHaveText(whole!);
  // The band's counts follow the zoom (fetched again for the new range).
  await expect.poll(async () => Number(/([\d,]+) sign-ins in view/.exec((await range.textContent())!)?.[1]?.replace(/,/g, '') ?? total)).toBeLessThan(total * 0.75);
  // The wheel over the lanes zooms back out; "Whole case" restores the extent.
  await page.getByTestId('timeline-reset').click();
  await expect(range).toHaveText(whole!);
  await page.getByTestId('timeline-group-by-user').check();
  const labels = page.locator('.timeline-lane-label');
  await expect(labels.first()).toContainText('@contoso.example');
  await page.getByTestId('timeline-group-by-user').uncheck();
  await expect(labels.first()).toContainText('Findings');
});

test('zooming in and panning draw from the items already here; a tag added meanwhile shows without a move', async ({ page }) => {
  const errors = await openTimeline(page);
  const itemRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/rpc/timeline.items')) itemRequests.push(r.postData() ?? '');
  });
  const listToggle = page.getByTestId('timeline-list-toggle');
  const inView = async () => Number(/Items in view \(([\d,]+)/.exec((await listToggle.textContent()) ?? '')![1]!.replace(/,/g, ''));
  const before = await inView();
  expect(before).toBeGreaterThan(10);
  // Zoom in twice and drag the lanes: the band is asked again, the lanes are not (the whole case's items are here).
  const range = page.getByTestId('timeline-range');
  const whole = await range.textContent();
  await page.getByTestId('timeline-zoom-in').click();
  await page.getByTestId('timeline-zoom-in').click();
  await expect(range).not.toHaveText(whole!);
  const lanes = (await page.getByTestId('timeline-canvas').boundingBox())!;
  await page.mouse.move(lanes.x + lanes.width * 0.6, lanes.y + 10);
  await page.mouse.down();
  await page.mouse.move(lanes.x + lanes.width * 0.4, lanes.y + 10, { steps: 6 });
  await page.mouse.up();
  // The list and the lane labels count what is in view now.
  await expect.poll(inView).toBeLessThan(before);
  expect(itemRequests).toEqual([]);

  // A bookmarked sign-in opens the details pane; tagging it there refreshes the lanes at once.
  await listToggle.click();
  await page.getByTestId('timeline-reset').click();
  await expect.poll(inView).toBe(before);
  await page.getByTestId('timeline-list-find').fill('Bookmarked');
  await page.getByTestId('timeline-list').getByTestId('timeline-list-item').first().click();
  await expect(page.getByTestId('details')).toBeVisible();
  await page.getByTestId('details-annotations').getByTestId('tag-button').click();
  await page.getByTestId('tag-picker').getByTestId('tag-preset-benign').click();
  await expect(page.getByTestId('details-annotations').getByTestId('tag-chip').filter({ hasText: 'benign' })).toHaveCount(1);
  await page.getByTestId('timeline-list-find').fill('benign');
  await expect(page.getByTestId('timeline-list').getByTestId('timeline-list-item').filter({ hasText: ' · benign · ' })).toHaveCount(1);
  expect(itemRequests).toHaveLength(1);
  expect(errors).toEqual([]);
});
