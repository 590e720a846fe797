// Importing evidence in the browser (web mode) and what the Evidence view says of it: a file dropped
// on the window; the progress of a large import and its Cancel, which leaves nothing; files refused
// whole, listed with their reasons (file names and reasons from the files themselves stay text);
// the Import options (format, date order) that go with the Import button and with a drop, shown
// while on, and the message of a file whose dates need one.
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectPageErrors, run, samples, serve, type Served } from './serve';

const lab = path.join(samples, 'sentinel-training-lab/sign-in_adelete.csv');
const queryResult = path.join(samples, 'sentinel-training-lab/signinLogs.csv');
// A file name and a header cell that would run script if they reached the page as HTML.
const NAME_PAYLOAD = '<img src=x onerror=window.__pwned=1>.csv';
const HEADER_PAYLOAD = '<img src=x onerror=window.__pwned=2>';

let dir: string;
let served: Served;
let big: string;

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/**
 * A Graph PowerShell `Export-Csv` of two sign-ins (the header of test/fixtures/powershell/
 * graph-flat-en-AU.csv): every cell quoted, CRLF, 12-hour locale dates whose day is never above 12,
 * so the file cannot tell day/month from month/day.
 */
function ambiguousPowerShellCsv(file: string, name: string, upn: string): string {
  const header = ['CreatedDateTime', 'UserPrincipalName', 'UserDisplayName', 'AppDisplayName', 'IPAddress', 'City', 'Country', 'Device', 'Browser', 'OS', 'Status', 'RiskState', 'RiskLevelDuringSignIn', 'RiskLevelAggregated', 'ConditionalAccessStatus'];
  const status = 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus';
  const rows = [
    ['3/12/2025 7:23:40 PM', upn, name, 'Office 365 Exchange Online', '198.51.100.77', 'Lagos', 'NG', '', 'Chrome 141.0.0', 'Linux', status, 'atRisk', 'medium', 'medium', 'notApplied'],
    ['5/11/2025 8:00:00 AM', upn, name, 'Microsoft Office 365 Portal', '203.0.113.24', 'Sydney', 'AU', 'LT01', 'Edge 142.0.0', 'Windows10', status, 'none', 'none', 'none', 'success'],
  ];
  fs.writeFileSync(file, [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n');
  return file;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-evidence-import-'));
  const casePath = path.join(dir, 'case.sightline');
  // Large enough that the import shows its progress for seconds (about 45 MB, 43,542 sign-ins).
  const gen = await run(['generate', '--out', path.join(dir, 'gen'), '--rows', '60000', '--users', '50', '--format', 'portal-csv']);
  expect(gen.code, gen.stderr).toBe(0);
  big = path.join(dir, 'gen', fs.readdirSync(path.join(dir, 'gen')).find((f) => f.startsWith('NonInteractiveSignIns_'))!);
  // A refused file with markup in its name and in the header its refusal quotes, offered through
  // the command line (an upload's name is made safe for the disk; a path given to the CLI is not).
  const evil = path.join(dir, NAME_PAYLOAD);
  fs.writeFileSync(evil, `"${HEADER_PAYLOAD}",b,c\n1,2,3\n`);
  const refused = await run(['import', casePath, evil, '--json']);
  expect(JSON.parse(refused.stdout).files[0]).toMatchObject({ status: 'rejected' });
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page) {
  const errors = collectPageErrors(page);
  await page.goto(served.open);
  await expect(page.getByTestId('row-count')).toHaveText(/^[\d,]+ sign-ins?$/);
  return errors;
}

const signIns = async (page: Page) => Number((await page.getByTestId('row-count').textContent())!.replace(/\D/g, ''));

async function pick(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser).setFiles(file);
}

/** The sign-in times the grid shows, sorted (the grid's own order is the analyst's choice). */
async function times(page: Page): Promise<string[]> {
  return (await page.getByTestId('grid').locator('.ag-row [col-id="createdDateTime"]').allTextContents()).sort();
}

/** A real drop: the file's bytes in a DataTransfer, dragged over the main view and dropped (it bubbles to the window's shell). */
async function drop(page: Page, file: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'text/csv' }));
      return dt;
    },
    { b64: fs.readFileSync(file).toString('base64'), name: path.basename(file) },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await expect(page.locator('.shell')).toHaveClass(/dragging/);
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

test('a file dropped on the window is imported: its evidence row and the sign-in count', async ({ page }) => {
  const errors = await open(page);
  const before = await signIns(page);
  await drop(page, lab);
  await expect(page.getByRole('status')).toContainText('Imported 1 file: 56 new sign-ins.');
  await expect(page.locator('.shell')).not.toHaveClass(/dragging/);
  await expect(page.getByTestId('row-count')).toHaveText(`${before + 56} sign-ins`);
  await expect(page.getByTestId('grid').locator('.ag-row').first()).toBeVisible();

  await page.getByTestId('nav-evidence').click();
  const row = page.getByTestId('evidence-row').filter({ hasText: 'sign-in_adelete.csv' });
  await expect(row).toHaveCount(1);
  // The bytes that arrived are the file's: same SHA-256.
  await expect(row.getByTestId('evidence-sha256')).toHaveText(sha(lab));
  await expect(row.getByTestId('evidence-status')).toHaveText('imported');
  await expect(row.locator('td').nth(2)).toHaveText('la-csv');
  await expect(row.locator('td').nth(4)).toHaveText('56');
  expect(errors).toEqual([]);
});

test('a large import shows its progress with Cancel; cancelled, it leaves nothing behind', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await open(page);
  const before = await signIns(page);
  await page.getByTestId('nav-evidence').click();
  // Counted once loaded: the refused list mounts after the evidence rows, and holds the file refused in beforeAll.
  await expect(page.getByTestId('refused-file').first()).toBeVisible();
  const rowsBefore = await page.getByTestId('evidence-row').count();
  const refusedBefore = await page.getByTestId('refused-file').count();

  await pick(page, big);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText(/Importing NonInteractiveSignIns_[\d-_]+\.csv: [\d,]+ records/, { timeout: 30_000 });
  await expect(progress.locator('progress')).toBeVisible();
  // Under way: records have been read, the bar has moved, and it is not finished.
  await expect.poll(async () => Number((await progress.locator('progress').getAttribute('value')) ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
  await progress.getByTestId('import-cancel').click();

  await expect(page.locator('.banner')).toContainText(/Import cancelled: nothing of NonInteractiveSignIns_[\d-_]+\.csv was kept\./, { timeout: 30_000 });
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('row-count')).toHaveText(`${before.toLocaleString('en-US')} sign-in${before === 1 ? '' : 's'}`);
  await expect(page.getByTestId('evidence-row')).toHaveCount(rowsBefore);
  await expect(page.getByTestId('evidence-row').filter({ hasText: 'NonInteractiveSignIns_' })).toHaveCount(0);
  // Cancelling is not a refusal.
  await expect(page.getByTestId('refused-file')).toHaveCount(refusedBefore);
  // And the server agrees: no evidence and no sign-in of that file.
  const auth = { authorization: `Bearer ${served.token}` };
  const list = await (await page.request.post(`${served.url}/rpc/evidence.list`, { headers: auth, data: {} })).json();
  expect((list.value as { name: string }[]).map((e) => e.name)).not.toContainEqual(expect.stringMatching(/^NonInteractive/));
  const count = await (await page.request.post(`${served.url}/rpc/signins.count`, { headers: auth, data: {} })).json();
  expect(count.value.total).toBe(before);
  expect(errors).toEqual([]);
});

test('refused files are listed with time, file, format, SHA-256 and reason, newest first, as text', async ({ page }, testInfo) => {
  const errors = await open(page);
  await page.getByTestId('nav-evidence').click();
  const refused = page.getByTestId('refused-files');
  const rows = refused.getByTestId('refused-file');
  // The one refused before the server started: its name and the header its reason quotes, as text.
  await expect(rows.last().getByTestId('refused-name')).toHaveText(NAME_PAYLOAD);
  await expect(rows.last().getByTestId('refused-reason')).toContainText(`unrecognised CSV header (first columns: ${HEADER_PAYLOAD}, b, c)`);
  await expect(rows.last()).toContainText('not recognised');
  const before = await rows.count();

  // Refused while the Evidence view is open: the list follows (the import changes no sign-in).
  await pick(page, queryResult);
  await expect(page.getByRole('alert')).toContainText('Refused: signinLogs.csv is a Log Analytics query result, not a sign-in log export');
  await expect(page.getByRole('alert')).toContainText('Refused files are listed in the Evidence view.');
  await expect(rows).toHaveCount(before + 1);
  const newest = rows.first();
  await expect(newest.getByTestId('refused-name')).toHaveText('signinLogs.csv');
  await expect(newest.locator('td').nth(2)).toHaveText('la-csv');
  await expect(newest.getByTestId('refused-sha256')).toHaveText(sha(queryResult));
  await expect(newest.getByTestId('refused-reason')).toHaveText(
    'signinLogs.csv is a Log Analytics query result, not a sign-in log export: it lacks the sign-in columns (Id, CreatedDateTime, UserPrincipalName, ResultType). Export the SigninLogs rows themselves.',
  );
  // Its time, in the app's time mode: UTC, then local with its offset.
  const time = newest.locator('td').first();
  await expect(time).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  await page.getByTestId('timezone-toggle').click();
  await expect(time).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
  await page.getByTestId('timezone-toggle').click();
  // Nothing of it in the evidence table.
  await expect(page.getByTestId('evidence-row').filter({ hasText: 'signinLogs.csv' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('refused-files.png'), fullPage: true });

  // The audit trail says it readably.
  await page.getByTestId('evidence-tab-audit').click();
  const entry = page.getByTestId('audit-trail').locator('[data-action="evidence.rejected"]').first();
  await expect(entry.locator('summary')).toHaveText(/^signinLogs\.csv \(la-csv\) refused: signinLogs\.csv is a Log Analytics query result/);

  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('Import options: an ambiguous PowerShell CSV is refused on Detect, then read day first (Import) or month first (drop)', async ({ page }, testInfo) => {
  const errors = await open(page);
  const dayFirst = ambiguousPowerShellCsv(path.join(dir, 'ps-export-au.csv'), 'Dayfirst Tester', 'dayfirst.tester@contoso.com');
  const monthFirst = ambiguousPowerShellCsv(path.join(dir, 'ps-export-us.csv'), 'Monthfirst Tester', 'monthfirst.tester@contoso.com');
  const before = await signIns(page);
  await expect(page.getByTestId('import-options-summary')).toHaveCount(0);

  // Detect: refused, and the message points at Import options, not at a command-line flag.
  await pick(page, dayFirst);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could be day/month or month/day');
  await expect(alert).toContainText('Choose a date order in Import options');
  await expect(alert).not.toContainText('--date-order');
  await expect(page.getByTestId('row-count')).toHaveText(`${before} sign-ins`);

  // Chosen with the keyboard: the button opens the panel on the format, Tab reaches the date order.
  await page.getByTestId('import-options-button').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('import-options-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('import-format')).toBeFocused();
  await expect(panel.getByTestId('import-format')).toHaveValue('');
  await expect(panel.getByTestId('import-format').locator('option')).toHaveText([
    'Detect automatically', /^portal-csv /, /^portal-json /, /^graph-json /, /^la-csv /, /^la-json /, /^azure-monitor-jsonl /, /^powershell-csv /, /^ual /,
  ]);
  await page.keyboard.press('Tab');
  await expect(panel.getByTestId('import-date-order')).toBeFocused();
  await panel.getByTestId('import-date-order').selectOption('dmy');
  await page.screenshot({ path: testInfo.outputPath('import-options.png') });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  // On, and visibly so.
  await expect(page.getByTestId('import-options-summary')).toHaveText(/dates day first \(dmy\)/);

  await pick(page, dayFirst);
  await expect(page.getByRole('status')).toContainText('Imported 1 file: 2 new sign-ins.');
  await expect(page.getByTestId('row-count')).toHaveText(`${before + 2} sign-ins`);
  // 3/12/2025 and 5/11/2025 read day first: 3 December and 5 November.
  await page.getByTestId('search').fill('Dayfirst');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('row-count')).toHaveText(`2 sign-ins (filtered from ${before + 2})`);
  await expect.poll(() => times(page)).toEqual(['2025-11-05 08:00:00Z', '2025-12-03 19:23:40Z']);

  // Month first, and a format, through a drop.
  await page.getByTestId('import-options-button').click();
  await panel.getByTestId('import-date-order').selectOption('mdy');
  await panel.getByTestId('import-format').selectOption('powershell-csv');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-options-summary')).toHaveText(/format powershell-csv, dates month first \(mdy\)/);
  await drop(page, monthFirst);
  await expect(page.getByRole('status')).toContainText('Imported 1 file: 2 new sign-ins.');
  await page.getByTestId('search').fill('Monthfirst');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('row-count')).toHaveText(`2 sign-ins (filtered from ${before + 4})`);
  // 3/12/2025 and 5/11/2025 read month first: 12 March and 11 May.
  await expect.poll(() => times(page)).toEqual(['2025-03-12 19:23:40Z', '2025-05-11 08:00:00Z']);

  // The evidence warning says how its dates were read, the app's way.
  await page.getByTestId('nav-evidence').click();
  await expect(page.getByTestId('evidence-table')).toContainText('dates read as day-first (D/M/YYYY) because the date order Day first (dmy) was given');
  await expect(page.getByTestId('evidence-table')).not.toContainText('--date-order');

  // Back to the defaults.
  await page.getByTestId('import-options-clear').click();
  await expect(page.getByTestId('import-options-summary')).toHaveCount(0);
  await page.getByTestId('import-options-button').click();
  await expect(panel.getByTestId('import-format')).toHaveValue('');
  await expect(panel.getByTestId('import-date-order')).toHaveValue('');
  await expect(panel.getByTestId('import-options-reset')).toBeDisabled();
  expect(errors).toEqual([]);
});
