// The investigation grid end to end: a generated tenant (the same sign-ins as a portal CSV and as
// Graph JSON, merged by the import) served by `sightline serve`, driven in Debian's Chromium. Counts
// the UI shows are checked against `sightline query --json` / `summary --json` for the same filter.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { FILTERS } from '../../preload/contract';
import { collectPageErrors, run, serve, type Served } from './serve';

let dir: string;
let casePath: string;
let served: Served;

/** `sightline query --json` totals, keyed by a name, for the filters the UI applies below. */
const CLI_QUERIES: Record<string, string[]> = {
  all: [],
  failure: ['--status', 'failure'],
  interrupted: ['--status', 'interrupted'],
  user: ['--user', 'ana'],
  ipPrefix: ['--ip', '81.149.221.'],
  errorCodes: ['--error-code', '50126,50053'],
  clientApp: ['--client-app', 'IMAP4'],
  notCompliant: ['--compliant', 'no'],
  range: ['--from', '2026-10-01', '--to', '2026-10-03T12:00:00Z'],
  failureAndUser: ['--status', 'failure', '--user', 'ana'],
  interactive: ['--type', 'interactiveUser'],
  nonInteractive: ['--type', 'nonInteractiveUser'],
  servicePrincipal: ['--type', 'servicePrincipal'],
  managedIdentity: ['--type', 'managedIdentity'],
  search: ['--search', 'OfficeHome'],
  failureTop: ['--status', 'failure', '--error-code', '50126', '--failure-reason', 'Error validating credentials due to invalid username or password.'],
};
const totals: Record<string, number> = {};

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-grid-'));
  casePath = path.join(dir, 'tenant.sightline');
  const csv = path.join(dir, 'csv');
  const graph = path.join(dir, 'graph');
  for (const [out, format] of [[csv, 'portal-csv'], [graph, 'graph-json']] as const) {
    const gen = await run(['generate', '--out', out, '--rows', '3000', '--users', '40', '--attacks', 'all', '--format', format]);
    expect(gen.code, gen.stderr).toBe(0);
  }
  const files = [
    ...fs.readdirSync(csv).filter((f) => f.endsWith('.csv')).map((f) => path.join(csv, f)),
    ...fs.readdirSync(graph).filter((f) => f.startsWith('GraphSignIns')).map((f) => path.join(graph, f)),
  ];
  const imported = await run(['import', casePath, ...files, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  // The same 3,000 sign-ins from two formats are one sign-in each, merged.
  expect(JSON.parse(imported.stdout).totals.inserted).toBe(3000);
  await Promise.all(
    Object.entries(CLI_QUERIES).map(async ([name, args]) => {
      const r = await run(['query', casePath, ...args, '--limit', '1', '--json']);
      expect(r.code, r.stderr).toBe(0);
      totals[name] = JSON.parse(r.stdout).total;
    }),
  );
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The number the status bar shows first ("1,298 sign-ins (filtered from 3,000)"). */
async function rowCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('row-count').textContent()) ?? '';
  const m = /^([\d,]+) sign-in/.exec(text.trim());
  return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
}

async function expectCount(page: Page, n: number) {
  await expect.poll(() => rowCount(page), { message: `row count should be ${n}` }).toBe(n);
}

async function open(page: Page) {
  const errors = collectPageErrors(page);
  await page.goto(served.open);
  await expectCount(page, 3000);
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="createdDateTime"]')).toHaveText(/^2026-/);
  return errors;
}

/** Opens "+ filter", lets `edit` set controls, applies. */
async function filterWith(page: Page, edit: () => Promise<void>) {
  await page.getByTestId('add-filter').click();
  await expect(page.getByTestId('filter-panel')).toBeVisible();
  await edit();
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('filter-panel')).toBeHidden();
}

test('the grid with filters and the summary (the README screenshot)', async ({ page }, testInfo) => {
  const errors = await open(page);
  await expect(page.getByTestId('summary')).toBeVisible();
  await filterWith(page, async () => {
    await page.getByTestId('filter-status').getByLabel('Failure').check();
    await page.getByTestId('filter-status').getByLabel('Interrupted').check();
  });
  await page.getByTestId('type-tabs').getByRole('tab', { name: 'Interactive', exact: true }).click();
  await expect(page.getByTestId('chip-status')).toContainText('Status: Failure, Interrupted');
  await expect(page.getByTestId('chip-type')).toContainText('Sign-in type: Interactive');
  await expect(page.getByTestId('row-count')).toContainText('(filtered from 3,000)');
  await expect(page.getByTestId('summary').getByTestId('summary-failures')).toContainText('50126');
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="outcome"]')).toHaveText(/Failure|Interrupted/);
  for (const header of ['Date (UTC)', 'User', 'Application', 'Status', 'IP address', 'Location', 'Client app', 'Authentication requirement']) {
    await expect(page.getByTestId('grid').locator('.ag-header-cell-text', { hasText: new RegExp(`^${header.replace(/[()]/g, '\\$&')}$`) })).toBeVisible();
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: testInfo.outputPath('grid.png') });
  // Kept beside the other artifacts; docs/screenshot.png is refreshed from it by hand, so a test run never edits a tracked file.
  fs.copyFileSync(testInfo.outputPath('grid.png'), path.join(testInfo.project.outputDir, 'grid.png'));
  expect(errors).toEqual([]);
});

test('"+ filter" has a control for every entry of the contract\'s FILTERS list', async ({ page }) => {
  await open(page);
  await page.getByTestId('add-filter').click();
  const panel = page.getByTestId('filter-panel');
  for (const f of FILTERS) await expect(panel.getByTestId(`filter-${f.flag}`), f.flag).toBeAttached();
  await expect(panel.locator('.filter-row')).toHaveCount(FILTERS.length);
  // Legacy client apps are marked as such.
  await expect(panel.locator('[data-flag="client-app"]')).toContainText('IMAP4 legacy');
  // A bad value is refused with a reason, nothing is applied.
  await panel.getByTestId('filter-error-code').fill('50126, abc');
  await panel.getByTestId('filter-apply').click();
  await expect(panel.locator('[data-flag="error-code"]')).toContainText('whole numbers separated by commas');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('chip-error-code')).toHaveCount(0);
  // `f` opens it too.
  await page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="appDisplayName"]').click();
  await page.keyboard.press('f');
  await expect(panel).toBeVisible();
});

test('representative filters give the same totals as `sightline query`', async ({ page }) => {
  await open(page);
  const cases: [string, () => Promise<void>][] = [
    ['failure', () => page.getByTestId('filter-status').getByLabel('Failure').check()],
    ['user', () => page.getByTestId('filter-user').fill('ana')],
    ['ipPrefix', () => page.getByTestId('filter-ip').fill('81.149.221.')],
    ['errorCodes', () => page.getByTestId('filter-error-code').fill('50126, 50053')],
    ['clientApp', () => page.getByTestId('filter-client-app').fill('IMAP4')],
    ['notCompliant', async () => void (await page.getByTestId('filter-compliant').selectOption('no'))],
    [
      'range',
      async () => {
        await page.getByTestId('filter-from').fill('2026-10-01');
        await page.getByTestId('filter-to').fill('2026-10-03 12:00');
      },
    ],
  ];
  for (const [name, edit] of cases) {
    await filterWith(page, edit);
    await expectCount(page, totals[name]!);
    expect(totals[name]).toBeGreaterThan(0);
    expect(totals[name]).toBeLessThan(3000);
    await page.getByTestId('filter-clear').click();
    await expectCount(page, 3000);
  }
  // Two filters combine with AND.
  await filterWith(page, async () => {
    await page.getByTestId('filter-status').getByLabel('Failure').check();
    await page.getByTestId('filter-user').fill('ana');
  });
  await expectCount(page, totals['failureAndUser']!);
  await expect(page.getByTestId('chip-from')).toHaveCount(0);
});

test('the sign-in type tabs set the type filter', async ({ page }) => {
  await open(page);
  const tabs = page.getByTestId('type-tabs');
  await expect(tabs.getByRole('tab', { name: 'All' })).toHaveAttribute('aria-selected', 'true');
  for (const [tab, name, chip] of [
    ['Interactive', 'interactive', 'Interactive'],
    ['Non-interactive', 'nonInteractive', 'Non-interactive'],
    ['Service principal', 'servicePrincipal', 'Service principal'],
  ] as const) {
    await tabs.getByRole('tab', { name: tab, exact: true }).click();
    await expect(tabs.getByRole('tab', { name: tab, exact: true })).toHaveAttribute('aria-selected', 'true');
    await expectCount(page, totals[name]!);
    await expect(page.getByTestId('chip-type')).toHaveText(`Sign-in type: ${chip}×`);
  }
  await tabs.getByRole('tab', { name: 'Managed identity' }).click();
  expect(totals['managedIdentity']).toBe(0);
  await expect(page.getByTestId('row-count')).toHaveText('0 sign-ins (filtered from 3,000)');
  await tabs.getByRole('tab', { name: 'All' }).click();
  await expectCount(page, 3000);
  await expect(page.getByTestId('chip-type')).toHaveCount(0);
});

test('the portal grouping: non-interactive sign-ins as groups with counts, expandable to their members', async ({ page }) => {
  await open(page);
  // Not on the interactive tab: the portal does not group those.
  await page.getByTestId('type-tabs').getByRole('tab', { name: 'Interactive', exact: true }).click();
  await expect(page.getByTestId('group-select')).toHaveCount(0);
  await page.getByTestId('type-tabs').getByRole('tab', { name: 'Non-interactive', exact: true }).click();
  await page.getByTestId('group-select').selectOption('1h');
  // The same grouping through the contract, to compare with what the view shows.
  const rpc = await page.request.post(`${served.url}/rpc/signins.groups`, {
    headers: { authorization: `Bearer ${served.token}` },
    data: { filter: { type: ['nonInteractiveUser'] }, aggregate: '1h', limit: 5000 },
  });
  const { value } = (await rpc.json()) as { value: { total: number; rows: { count: number }[] } };
  expect(value.total).toBeGreaterThan(1);
  expect(value.rows.reduce((n, g) => n + g.count, 0)).toBe(totals['nonInteractive']);
  await expect(page.getByTestId('group-count')).toContainText(`${value.total.toLocaleString('en-US')} group`);
  const first = page.getByTestId('groups-grid').locator('.ag-row[row-index="0"]');
  await expect(first.locator('[col-id="count"]')).toHaveText(String(value.rows[0]!.count));
  await first.locator('[col-id="app"]').click();
  await expect(page.getByTestId('group-members')).toContainText(`${value.rows[0]!.count} sign-ins`);
  await expect(page.getByTestId('group-member')).toHaveCount(Math.min(100, value.rows[0]!.count));
  await page.getByTestId('group-member').first().click();
  await expect(page.getByTestId('details')).toBeVisible();
  // Off again: the plain grid returns.
  await page.getByTestId('group-select').selectOption('off');
  await expect(page.getByTestId('grid')).toBeVisible();
  await expectCount(page, totals['nonInteractive']!);
});

test('free-text search: `/` focuses it, it filters like --search, and its chip clears it', async ({ page }) => {
  await open(page);
  await page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="appDisplayName"]').click();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type('OfficeHome');
  await page.keyboard.press('Enter');
  await expectCount(page, totals['search']!);
  await expect(page.getByTestId('chip-search')).toContainText('Search: OfficeHome');
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="appDisplayName"]')).toHaveText('OfficeHome');
  await page.getByTestId('chip-search').getByRole('button', { name: 'Remove the Search filter' }).click();
  await expectCount(page, 3000);
  await expect(page.getByTestId('search')).toHaveValue('');
});

test('chips: each removable, editable from the chip, and every change undoable', async ({ page }) => {
  await open(page);
  await filterWith(page, async () => {
    await page.getByTestId('filter-status').getByLabel('Failure').check();
    await page.getByTestId('filter-user').fill('ana');
  });
  await expectCount(page, totals['failureAndUser']!);
  await expect(page.getByTestId('chip-status')).toContainText('Status: Failure');
  await expect(page.getByTestId('chip-user')).toContainText('User: ana');
  await page.getByTestId('chip-user').getByRole('button', { name: 'Remove the User filter' }).click();
  await expectCount(page, totals['failure']!);
  await expect(page.getByTestId('chip-user')).toHaveCount(0);
  await page.getByTestId('filter-undo').click();
  await expectCount(page, totals['failureAndUser']!);
  // Clicking a chip opens its control; emptying it removes the filter.
  await page.getByTestId('chip-user').getByRole('button', { name: /User: ana/ }).click();
  await expect(page.getByTestId('filter-user')).toBeFocused();
  await page.getByTestId('filter-user').fill('');
  await page.keyboard.press('Enter');
  await expectCount(page, totals['failure']!);
  await page.getByTestId('chip-status').getByRole('button', { name: 'Remove the Status filter' }).click();
  await expectCount(page, 3000);
});

test('date quick picks are relative to the newest sign-in and shown in the chosen zone', async ({ page }) => {
  await open(page);
  await page.getByTestId('date-range').click();
  await expect(page.getByText('Relative to the newest sign-in, 2026-10-06')).toBeVisible();
  await page.getByRole('menuitem', { name: 'Last 24 hours' }).click();
  const newest = JSON.parse((await run(['query', casePath, '--limit', '1', '--json'])).stdout).rows[0].createdDateTime as string;
  const from = new Date(Date.parse(newest) - 86_400_000).toISOString();
  const expected = JSON.parse((await run(['query', casePath, '--from', from, '--limit', '1', '--json'])).stdout).total as number;
  await expectCount(page, expected);
  await expect(page.getByTestId('chip-from')).toContainText(`From: ${from.slice(0, 10)} ${from.slice(11, 19)}Z`);
  // Another zone: every time shown moves, with its offset.
  await page.getByTestId('timezone-zone').selectOption('Asia/Tokyo');
  await expect(page.getByTestId('timezone-toggle')).toHaveText('Asia/Tokyo (UTC+09:00)');
  await expect(page.getByTestId('chip-from')).toContainText('+09:00');
  await expect(page.getByTestId('grid').locator('.ag-header-cell-text', { hasText: 'Date (Asia/Tokyo)' })).toBeVisible();
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="createdDateTime"]')).toHaveText(/ \+09:00$/);
  await page.getByTestId('timezone-toggle').click();
  await expect(page.getByTestId('grid').locator('.ag-header-cell-text', { hasText: 'Date (UTC)' })).toBeVisible();
  await page.getByTestId('date-range').click();
  await page.getByRole('menuitem', { name: 'Whole case' }).click();
  await expectCount(page, 3000);
});

test('the details pane: every tab shows its content; Esc closes it', async ({ page }) => {
  await open(page);
  await filterWith(page, () => page.getByTestId('filter-status').getByLabel('Interrupted').check());
  await page.getByTestId('type-tabs').getByRole('tab', { name: 'Interactive', exact: true }).click();
  const first = page.getByTestId('grid').locator('.ag-row[row-index="0"]');
  await expect(first.locator('[col-id="outcome"]')).toHaveText(/^Interrupted/);
  await first.locator('[col-id="appDisplayName"]').click();
  const details = page.getByTestId('details');
  await expect(details).toBeVisible();
  const basic = details.getByTestId('details-basic');
  await expect(basic).toContainText('Interrupted');
  // The error code with its meaning from the reference table.
  await expect(basic).toContainText(/5007[24]/);
  await expect(basic).toContainText('(interrupt)');
  await expect(basic).toContainText('The portal shows this code as Interrupted');
  const tab = (name: string) => details.getByRole('tab', { name, exact: true }).click();
  await tab('Location');
  await expect(details.getByTestId('details-location')).toContainText('Latitude');
  await expect(details.getByTestId('details-location')).toContainText(/sign-in record's geoCoordinates|none: the record carries no coordinates/);
  await expect(details.getByTestId('details-location')).toContainText('ASN');
  await tab('Device');
  await expect(details.getByTestId('details-device')).toContainText('Operating system');
  await tab('Authentication details');
  await expect(details.getByTestId('auth-steps')).toContainText('Primary authentication');
  await tab('Conditional Access');
  await expect(details.getByTestId('ca-policies')).toContainText('Require multifactor authentication');
  await tab('Risk');
  await expect(details.getByTestId('details-risk')).toContainText('Risk during sign-in');
  await tab('Raw');
  await expect(details.getByTestId('details-raw')).toContainText('"createdDateTime"');
  await tab('Provenance');
  const provenance = details.getByTestId('details-provenance');
  await expect(provenance).toContainText('(portal-csv)');
  await expect(provenance).toContainText('(graph-json)');
  await expect(provenance).toContainText('SHA-256');
  await tab('Related');
  const related = details.getByTestId('details-related');
  await expect(related).toContainText('Same correlation ID (');
  await expect(related).toContainText('Same session ID (');
  await expect(related).toContainText('Same user within ±10 minutes (');
  await expect(related).toContainText('(this one)');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  // Keyboard: arrows move in the grid, Enter opens the focused sign-in.
  await page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="appDisplayName"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="1"] [col-id="appDisplayName"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(details).toBeVisible();
  const second = (await page.getByTestId('grid').locator('.ag-row[row-index="1"] [col-id="userPrincipalName"]').textContent())!;
  await expect(details.getByTestId('details-basic')).toContainText(second);
});

test('the summary follows the filter and each item narrows it', async ({ page }) => {
  await open(page);
  const summary = page.getByTestId('summary');
  await expect(summary.locator('canvas').first()).toBeVisible();
  await expect(summary.getByTestId('summary-status')).toContainText('Status · 3,000');
  const cli = JSON.parse((await run(['summary', casePath, '--json'])).stdout);
  await summary.getByTestId('summary-status').getByRole('button', { name: /^Failure/ }).click();
  await expect(page.getByTestId('chip-status')).toContainText('Status: Failure');
  await expectCount(page, cli.byStatus.failure);
  // It follows the filter.
  await expect(summary.getByTestId('summary-status')).toContainText(`Status · ${cli.byStatus.failure.toLocaleString('en-US')}`);
  await summary.getByTestId('summary-failures').getByTestId('summary-item').first().click();
  await expect(page.getByTestId('chip-error-code')).toContainText('Error code: 50126');
  await expectCount(page, totals['failureTop']!);
  await page.getByTestId('filter-clear').click();
  await summary.getByTestId('summary-countries').getByTestId('summary-item').first().click();
  await expect(page.getByTestId('chip-country')).toBeVisible();
  await summary.getByTestId('summary-ips').getByTestId('summary-item').first().click();
  await expect(page.getByTestId('chip-ip')).toBeVisible();
  const ip = (await page.getByTestId('chip-ip').textContent())!.replace(/^IP address: /, '').replace(/×$/, '').trim();
  const country = (await page.getByTestId('chip-country').textContent())!.replace(/^Country: /, '').replace(/×$/, '').trim();
  const expected = JSON.parse((await run(['query', casePath, '--ip', ip, '--country', country, '--limit', '1', '--json'])).stdout).total;
  await expectCount(page, expected);
  // A bar of the chart narrows to its time bucket (once the summary has caught up with the cleared filter).
  await page.getByTestId('filter-clear').click();
  await expect(summary.getByTestId('summary-status')).toContainText('Status · 3,000');
  const plot = summary.getByTestId('overtime-chart').locator('.u-over');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
  await expect(summary.getByTestId('overtime-readout')).toContainText('click to filter');
  await page.mouse.click(box.x + box.width - 3, box.y + box.height - 3);
  await expect(page.getByTestId('chip-from')).toBeVisible();
  await expect(page.getByTestId('chip-to')).toBeVisible();
  await expect.poll(() => rowCount(page)).toBeLessThan(3000);
  // It can be folded away.
  await page.getByTestId('summary-toggle').click();
  await expect(summary).toBeHidden();
  await page.getByTestId('summary-toggle').click();
  await expect(page.getByTestId('summary')).toBeVisible();
});

test('export downloads a CSV of the filtered rows, as many as the CLI counts', async ({ page }) => {
  await open(page);
  await filterWith(page, () => page.getByTestId('filter-status').getByLabel('Failure').check());
  await expectCount(page, totals['failure']!);
  await page.getByTestId('export-button').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('sign-ins.csv');
  const saved = path.join(dir, 'export.csv');
  await file.saveAs(saved);
  const text = fs.readFileSync(saved, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.data[0]).toContain('Date (UTC)');
  expect(parsed.data.length - 1).toBe(totals['failure']);
  const status = parsed.data[0]!.indexOf('Status');
  expect(new Set(parsed.data.slice(1).map((r) => r[status]))).toEqual(new Set(['Failure']));
  await expect(page.getByRole('status')).toContainText('Exported the filtered sign-ins to sign-ins.csv');
});

test('copy: Ctrl+C copies the cell, the context menu the row as tab-separated text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url });
  await open(page);
  const cell = page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="ipAddress"]');
  const ip = (await cell.textContent())!;
  await cell.click();
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(ip);
  await cell.click({ button: 'right' });
  const menu = page.getByTestId('grid-menu');
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: /^Copy row/ }).click();
  await expect(menu).toBeHidden();
  const row = await page.evaluate(() => navigator.clipboard.readText());
  const cells = row.split('\t');
  // The portal's 11 default columns, then the analyst's Tags, Note and Bookmark.
  expect(cells).toHaveLength(14);
  expect(cells).toContain(ip);
  expect(cells[0]).toMatch(/^2026-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  // "Filter to this value" from the menu.
  await cell.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Filter to this ip address' }).click();
  await expect(page.getByTestId('chip-ip')).toContainText(`IP address: ${ip}`);
});

test('the column chooser adds a column; column state persists across a reload', async ({ page }) => {
  await open(page);
  const grid = page.getByTestId('grid');
  // Sort by application; the sort is part of the saved state too.
  await grid.locator('.ag-header-cell[col-id="appDisplayName"] .ag-header-cell-label').click();
  await expect(grid.locator('.ag-header-cell[col-id="appDisplayName"]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.locator('.ag-row[row-index="0"] [col-id="appDisplayName"]')).toHaveText(/^A/);
  await page.getByTestId('column-chooser').click();
  const panel = page.getByTestId('column-panel');
  await panel.getByLabel('Find a column').fill('user agent');
  await panel.getByTestId('column-userAgent').check();
  await panel.getByLabel('Find a column').fill('risk');
  await panel.getByTestId('column-riskLevelDuringSignIn').uncheck();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  // The new column is scrolled into view, with the row's user agent in it.
  await expect(grid.locator('.ag-header-cell[col-id="userAgent"]')).toBeVisible();
  await expect(grid.locator('.ag-row[row-index="0"] [col-id="userAgent"]')).toHaveText(/Mozilla|\S/);
  await expect(grid.locator('.ag-header-cell[col-id="riskLevelDuringSignIn"]')).toHaveCount(0);
  await page.waitForTimeout(600); // the state is saved after a short pause
  await page.reload();
  await expectCount(page, 3000);
  await expect(grid.locator('.ag-header-cell[col-id="appDisplayName"]')).toHaveAttribute('aria-sort', 'ascending');
  // Scrolled right (the grid renders only the columns in view).
  await expect(async () => {
    await grid.locator('.ag-body-horizontal-scroll-viewport').evaluate((e) => (e.scrollLeft = e.scrollWidth));
    await expect(grid.locator('.ag-header-cell[col-id="userAgent"]')).toBeVisible({ timeout: 500 });
  }).toPass();
  await expect(grid.locator('.ag-header-cell[col-id="riskLevelDuringSignIn"]')).toHaveCount(0);
  await page.getByTestId('column-chooser').click();
  await expect(panel.getByTestId('column-userAgent')).toBeChecked();
  await expect(panel.getByTestId('column-riskLevelDuringSignIn')).not.toBeChecked();
  const saved = await page.request.post(`${served.url}/rpc/settings.get`, { headers: { authorization: `Bearer ${served.token}` }, data: { key: 'grid.columns' } });
  const state = (await saved.json()).value.value.state as { colId: string; hide: boolean }[];
  expect(state.find((c) => c.colId === 'userAgent')?.hide).toBe(false);
  expect(state.find((c) => c.colId === 'riskLevelDuringSignIn')?.hide).toBe(true);
  // Back to the default for the other tests.
  await panel.getByRole('button', { name: 'Reset to default' }).click();
  await expect(panel.getByTestId('column-userAgent')).not.toBeChecked();
  await expect(panel.getByTestId('column-riskLevelDuringSignIn')).toBeChecked();
  await page.keyboard.press('Escape');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(grid.locator('.ag-header-cell[col-id="appDisplayName"]')).not.toHaveAttribute('aria-sort', 'ascending');
});

test('a saved view restores its filter (and survives a reload)', async ({ page }) => {
  await open(page);
  await filterWith(page, async () => {
    await page.getByTestId('filter-status').getByLabel('Failure').check();
    await page.getByTestId('filter-user').fill('ana');
  });
  await expectCount(page, totals['failureAndUser']!);
  await page.getByTestId('views-button').click();
  await page.getByTestId('view-name').fill('Ana failing');
  await page.getByTestId('view-save').click();
  await page.reload();
  await expectCount(page, 3000);
  await page.getByTestId('views-button').click();
  await page.getByTestId('view-item').filter({ hasText: 'Ana failing' }).click();
  await expectCount(page, totals['failureAndUser']!);
  await expect(page.getByTestId('chip-status')).toContainText('Status: Failure');
  await expect(page.getByTestId('chip-user')).toContainText('User: ana');
});

test.describe('attacker-controlled text', () => {
  const PAYLOADS = {
    img: '<img src=x onerror="window.__xss=1">',
    script: '<script>window.__xss=2</script>',
    svg: '"><svg onload=window.__xss=3>',
  };
  let xdir: string;
  let xserved: Served;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    xdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-xss-'));
    const gen = await run(['generate', '--out', path.join(xdir, 'gen'), '--rows', '60', '--users', '5', '--format', 'graph-json']);
    expect(gen.code, gen.stderr).toBe(0);
    const source = fs.readdirSync(path.join(xdir, 'gen')).find((f) => f.startsWith('GraphSignIns_interactiveUser'))!;
    const page = JSON.parse(fs.readFileSync(path.join(xdir, 'gen', source), 'utf8')) as { value: Record<string, unknown>[] };
    const records = page.value.slice(0, 12).map((r, i) => ({
      ...r,
      id: `0000000${i}-bad0-4bad-8bad-00000000000${i}`,
      createdDateTime: `2026-10-08T10:0${i % 10}:0${Math.floor(i / 10)}.000Z`,
      userPrincipalName: `${PAYLOADS.img}@evil.example`,
      userDisplayName: PAYLOADS.script,
      appDisplayName: `${PAYLOADS.svg} app`,
      userAgent: `${PAYLOADS.img} ${PAYLOADS.script}`,
      location: { city: PAYLOADS.img, state: PAYLOADS.script, countryOrRegion: 'RU', geoCoordinates: { latitude: 55.75, longitude: 37.61 } },
      status: { errorCode: 50126, failureReason: PAYLOADS.svg, additionalDetails: PAYLOADS.script },
    }));
    const file = path.join(xdir, 'payloads.json');
    fs.writeFileSync(file, JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value: records }));
    const casePath = path.join(xdir, 'xss.sightline');
    const imported = await run(['import', casePath, file, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).totals.inserted).toBe(12);
    xserved = await serve(casePath);
  });

  test.afterAll(async () => {
    await xserved?.stop();
    if (xdir) fs.rmSync(xdir, { recursive: true, force: true });
  });

  test('HTML and script payloads render as literal text in the grid, chips, details and summary, and never run', async ({ page }, testInfo) => {
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(xserved.open);
    await expect(page.getByTestId('row-count')).toHaveText('12 sign-ins');
    const grid = page.getByTestId('grid');
    const row = grid.locator('.ag-row[row-index="0"]');
    await expect(row.locator('[col-id="userPrincipalName"]')).toHaveText(`${PAYLOADS.img}@evil.example`);
    await expect(row.locator('[col-id="appDisplayName"]')).toHaveText(`${PAYLOADS.svg} app`);
    await expect(row.locator('[col-id="location"]')).toHaveText(`${PAYLOADS.img}, ${PAYLOADS.script}, RU`);
    // Summary: top users, apps and failure reasons.
    const summary = page.getByTestId('summary');
    await expect(summary.getByTestId('summary-users')).toContainText(`${PAYLOADS.img}@evil.example`.toLowerCase());
    // The grid's tooltip shows long text as text too (hovered once the summary has arrived and the
    // grid stopped moving under the pointer).
    await row.locator('[col-id="userPrincipalName"]').hover();
    await expect(page.locator('.ag-tooltip')).toHaveText(`${PAYLOADS.img}@evil.example`);
    await page.mouse.move(0, 0);
    await expect(summary.getByTestId('summary-apps')).toContainText(`${PAYLOADS.svg} app`);
    await expect(summary.getByTestId('summary-failures')).toContainText(PAYLOADS.svg);

    // Chips: from a summary click and from typing the payload into a filter.
    await summary.getByTestId('summary-apps').getByTestId('summary-item').first().click();
    await expect(page.getByTestId('chip-app')).toContainText(`Application: ${PAYLOADS.svg} app`);
    await filterWith(page, () => page.getByTestId('filter-failure-reason').fill(PAYLOADS.svg));
    await expect(page.getByTestId('chip-failure-reason')).toContainText(`Failure reason: ${PAYLOADS.svg}`);
    await expect(page.getByTestId('row-count')).toHaveText('12 sign-ins (filtered from 12)');

    // Details: basic, location, raw.
    await row.locator('[col-id="ipAddress"]').click();
    const details = page.getByTestId('details');
    await expect(details.getByTestId('details-basic')).toContainText(PAYLOADS.script);
    await expect(details.getByTestId('details-basic')).toContainText(`${PAYLOADS.img} ${PAYLOADS.script}`);
    await expect(details.getByTestId('details-basic')).toContainText(PAYLOADS.svg);
    await details.getByRole('tab', { name: 'Location', exact: true }).click();
    await expect(details.getByTestId('details-location')).toContainText(PAYLOADS.img);
    await details.getByRole('tab', { name: 'Raw', exact: true }).click();
    await expect(details.getByTestId('details-raw')).toContainText('<script>window.__xss=2</script>');
    await details.getByRole('tab', { name: 'Related', exact: true }).click();
    await expect(details.getByTestId('details-related')).toContainText(`${PAYLOADS.svg} app`);

    await page.screenshot({ path: testInfo.outputPath('xss.png'), fullPage: true });

    // Nothing ran, nothing was parsed into elements.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('svg[onload]')).toHaveCount(0);
    expect(await page.locator('script').evaluateAll((s) => s.filter((e) => (e.textContent ?? '').includes('__xss')).length)).toBe(0);
    expect(errors).toEqual([]);
  });
});
