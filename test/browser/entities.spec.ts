// Entities end to end in Chromium against `sightline serve`: pivots from a grid cell and a details
// field to a profile, a profile's numbers to the filtered grid, the baseline's "new" mark, the scope of
// a password spray (checked against `sightline scope --json`), adding indicators from anywhere, and
// log text rendered as text.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, serve, type Served } from './serve';

type Incident = { kind: string; users: string[]; ips: string[]; from: string; requestIds: string[] };

let dir: string;
let casePath: string;
let served: Served;
let incidents: Incident[];
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-entities-'));
  casePath = path.join(dir, 'entities.sightline');
  const out = path.join(dir, 'graph');
  const gen = await run(['generate', '--out', out, '--rows', '3000', '--users', '60', '--seed', '5', '--attacks', 'password-spray,new-country', '--format', 'graph-json']);
  expect(gen.code, gen.stderr).toBe(0);
  incidents = JSON.parse(fs.readFileSync(path.join(out, 'truth.json'), 'utf8')).incidents;
  // One more sign-in whose user agent and display name are markup: they must show as text.
  const interactive = fs.readdirSync(out).find((f) => f.includes('interactiveUser') && !f.includes('non'))!;
  const record = { ...JSON.parse(fs.readFileSync(path.join(out, interactive), 'utf8')).value[0] };
  Object.assign(record, { id: '0badc0de-0000-4000-8000-000000000001', userAgent: HOSTILE, userDisplayName: `Mallory ${HOSTILE}`, userPrincipalName: 'mallory@contoso.example', ipAddress: '203.0.113.66' });
  fs.writeFileSync(path.join(out, 'GraphSignIns_interactiveUser_extra.json'), JSON.stringify({ value: [record] }));
  const imported = await run(['import', casePath, out, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function rowCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('row-count').textContent()) ?? '';
  const m = /^([\d,]+) sign-in/.exec(text.trim());
  return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
}

const num = async (loc: ReturnType<Page['locator']>) => Number(((await loc.textContent()) ?? '').replace(/,/g, ''));

async function open(page: Page) {
  await page.goto(served.open);
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="createdDateTime"]')).toHaveText(/^2026-/);
}

test('grid cell -> profile -> click a number -> the grid filtered to exactly those sign-ins', async ({ page }) => {
  await open(page);
  const cell = page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="ipAddress"]');
  const ip = ((await cell.textContent()) ?? '').trim();
  expect(ip).toMatch(/[.:]/);
  await cell.click({ button: 'right' });
  await page.getByTestId('menu-open-profile').click();
  const profile = page.getByTestId('entity-profile');
  await expect(profile).toContainText(`IP address ${ip}`);
  const total = await num(profile.locator('.entity-total'));
  expect(total).toBeGreaterThan(0);
  await profile.locator('.entity-total').click();
  await expect(page.getByTestId('chip-ip')).toContainText(ip);
  await expect.poll(() => rowCount(page)).toBe(total);

  // A related account's successes: that account on that IP, successful only.
  const user = profile.getByTestId('entity-related-user').locator('tbody tr').first();
  const ok = user.locator('td').nth(2);
  const okCount = await num(ok);
  if (okCount > 0) {
    await ok.locator('button').click();
    await expect(page.getByTestId('chip-status')).toContainText('Success');
    await expect(page.getByTestId('chip-user')).toBeVisible();
    await expect.poll(() => rowCount(page)).toBe(okCount);
  }
  await page.screenshot({ path: path.join(test.info().outputDir, 'entity-profile-ip.png') });
});

test('details pane field -> profile; a user profile marks the new country; its failures filter the grid', async ({ page }) => {
  await open(page);
  await page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="appDisplayName"]').click();
  await page.screenshot({ path: path.join(test.info().outputDir, 'details-pivots.png') });
  await page.getByTestId('details-basic').getByTestId('pivot-profile').first().click();
  await expect(page.getByTestId('entity-profile')).toContainText(/^User |^Application /);

  const incident = incidents.find((i) => i.kind === 'new-country')!;
  await page.getByTestId('nav-entities').click();
  await page.getByTestId('entity-kind').selectOption('user');
  await page.getByTestId('entity-input').fill(incident.users[0]!.toUpperCase());
  await page.getByRole('button', { name: 'Open profile' }).click();
  const profile = page.getByTestId('entity-profile');
  await expect(profile).toContainText(`User ${incident.users[0]}`);
  const countries = profile.getByTestId('entity-related-country');
  const marked = countries.locator('tr', { has: page.getByTestId('baseline-new') });
  await expect(marked).toHaveCount(1);
  await expect(marked.getByTestId('baseline-new')).toContainText(incident.from.slice(0, 10));
  const cli = await run(['entity', casePath, 'user', incident.users[0]!, '--json']);
  const p = JSON.parse(cli.stdout);
  await expect(profile.locator('.entity-total')).toHaveText(p.total.toLocaleString('en-US'));
  if (p.byStatus.failure > 0) {
    await profile.locator('.entity-statuses .status-failure button').click();
    await expect(page.getByTestId('chip-user')).toContainText(incident.users[0]!);
    await expect.poll(() => rowCount(page)).toBe(p.byStatus.failure);
  }
  await page.screenshot({ path: path.join(test.info().outputDir, 'entity-profile-user.png') });
});

test('scope of a password spray: the accounts the CLI lists, in its order; a matched value filters the grid', async ({ page }) => {
  const spray = incidents.find((i) => i.kind === 'password-spray')!;
  const cli = await run(['scope', casePath, ...spray.ips.flatMap((ip) => ['--ip', ip]), '--json']);
  expect(cli.code, cli.stderr).toBe(0);
  const expected = JSON.parse(cli.stdout).accounts as { user: string; failures: number; matched: { value: string }[] }[];
  expect(new Set(expected.map((a) => a.user))).toEqual(new Set(spray.users));

  await open(page);
  await page.getByTestId('nav-entities').click();
  await page.getByTestId('scope-input').fill(`# spray\n${spray.ips.join(', ')}\n45.155.205.999\n`);
  await page.getByTestId('scope-run').click();
  const results = page.getByTestId('scope-results');
  await expect(page.getByTestId('scope-count')).toHaveText(`${expected.length} accounts touched 3 indicators`);
  await expect(page.getByTestId('scope-rejected')).toContainText('not an IP address: "45.155.205.999"');
  const users = await results.getByTestId('scope-account').locator('td:first-child button').allTextContents();
  expect(users).toEqual(expected.map((a) => a.user));
  await page.screenshot({ path: path.join(test.info().outputDir, 'scope.png') });

  const single = expected.find((a) => a.matched.length === 1)!;
  const row = results.getByTestId('scope-account').filter({ hasText: single.user });
  await row.locator('td').nth(2).locator('button').click();
  await expect(page.getByTestId('chip-ip')).toContainText(single.matched[0]!.value);
  await expect(page.getByTestId('chip-status')).toContainText('Failure');
  await expect.poll(() => rowCount(page)).toBe(single.failures);
});

test('add to indicators from the grid; hostile log text stays text', async ({ page }) => {
  await open(page);
  await page.getByTestId('search').fill('mallory');
  await expect.poll(() => rowCount(page)).toBe(1);
  const cell = page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="ipAddress"]');
  await cell.click({ button: 'right' });
  await page.getByTestId('menu-add-indicator').click();
  await page.getByTestId('nav-entities').click();
  await expect(page.getByTestId('scope-input')).toHaveValue('203.0.113.66\n');

  await page.getByTestId('scope-run').click();
  await expect(page.getByTestId('scope-results')).toContainText('mallory@contoso.example');
  await page.getByTestId('scope-results').getByRole('button', { name: 'mallory@contoso.example' }).click();
  const profile = page.getByTestId('entity-profile');
  await expect(profile).toContainText(`Mallory ${HOSTILE}`);
  await expect(profile.getByTestId('entity-related-user-agent')).toContainText(HOSTILE);
  await expect(profile.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
