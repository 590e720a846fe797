// The case in the browser: tags, notes and bookmarks from the grid and the details pane (with the
// `t` and `n` keys), the Tags / Note / Bookmark columns and the tag filter, the case details dialog
// and web mode's fixed case, the evidence view with full SHA-256, re-verification, coverage and
// removal, and the audit trail panel. Log and note text stays text.
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectPageErrors, run, samples, serve, type Served } from './serve';

const lab = path.join(samples, 'sentinel-training-lab/sign-in_adelete.csv');
const ciso = path.join(samples, 'ciso-logs-public/SigninLogs.csv');
const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
let dir: string;
let served: Served;
let labTotal: number;
let cisoTotal: number;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-case-browser-'));
  const casePath = path.join(dir, 'case.sightline');
  const imported = await run(['import', casePath, lab, ciso, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  const files = JSON.parse(imported.stdout).files as { inserted: number }[];
  [labTotal, cisoTotal] = files.map((f) => f.inserted) as [number, number];
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page) {
  const errors = collectPageErrors(page);
  await page.goto(served.open);
  await expect(page.getByTestId('row-count')).toHaveText(`${labTotal + cisoTotal} sign-ins`);
  await expect(page.getByTestId('grid').locator('.ag-row[row-index="0"] [col-id="createdDateTime"]')).toHaveText(/^\d{4}-/);
  return errors;
}

/** Scrolls the grid right so the annotation columns (after the portal's defaults) are drawn. */
async function showAnnotationColumns(page: Page) {
  await page.locator('.ag-body-horizontal-scroll-viewport').evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect(page.getByTestId('grid').locator('.ag-header-cell[col-id="annotations.tags"]')).toBeVisible();
}

const cell = (page: Page, row: number, col: string) => page.getByTestId('grid').locator(`.ag-row[row-index="${row}"] [col-id="${col}"]`);

test('tag, note and bookmark from the grid and the details pane; columns, the tag filter, keys t and n', async ({ page }, testInfo) => {
  const errors = await open(page);
  // Select the first row (opens its details), tag it from the toolbar with a preset.
  await cell(page, 0, 'appDisplayName').click();
  await expect(page.getByTestId('details')).toBeVisible();
  await page.getByTestId('selection-actions').getByTestId('tag-button').click();
  await page.getByTestId('tag-picker').getByTestId('tag-preset-suspicious').click();
  await expect(page.getByTestId('details-annotations').getByTestId('tag-chip')).toHaveText(['suspicious×']);

  // `t` on the focused row: a free tag typed in.
  await cell(page, 0, 'appDisplayName').click();
  await page.keyboard.press('t');
  const picker = page.getByTestId('tag-picker');
  await expect(picker).toBeVisible();
  await picker.getByLabel('Tag').fill('Phishing Wave 2');
  await picker.getByLabel('Tag').press('Enter');
  await expect(page.getByTestId('details-annotations').getByTestId('tag-chip')).toHaveText(['phishing wave 2×', 'suspicious×']);

  // `n`: a note with markup in it, saved with Ctrl+Enter, shown as text.
  await cell(page, 0, 'appDisplayName').click();
  await page.keyboard.press('n');
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeVisible();
  await editor.fill(`Spray source ${PAYLOAD}`);
  await editor.press('Control+Enter');
  await expect(editor).toBeHidden();
  await expect(page.getByTestId('details-annotations').getByTestId('note')).toContainText(`Spray source ${PAYLOAD}`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // The bookmark from the details pane.
  await page.getByTestId('bookmark-button').click();
  await expect(page.getByTestId('bookmark-button')).toHaveAttribute('aria-pressed', 'true');

  // The grid's columns show all three.
  await showAnnotationColumns(page);
  await expect(cell(page, 0, 'annotations.tags')).toHaveText('phishing wave 2, suspicious');
  await expect(cell(page, 0, 'annotations.note')).toHaveText(`Spray source ${PAYLOAD}`);
  await expect(cell(page, 0, 'annotations.bookmark')).toHaveText('★ Bookmarked');
  await page.screenshot({ path: testInfo.outputPath('annotations.png') });
  fs.copyFileSync(testInfo.outputPath('annotations.png'), path.join(testInfo.project.outputDir, 'annotations.png'));

  // Add three more rows to the selection (Ctrl-click), tag all four (the first has it already), filter to the tag.
  await cell(page, 1, 'annotations.tags').click({ modifiers: ['Control'] });
  await cell(page, 2, 'annotations.tags').click({ modifiers: ['Control'] });
  await cell(page, 3, 'annotations.tags').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selection-actions')).toContainText('4 selected');
  await page.getByTestId('selection-actions').getByTestId('tag-button').click();
  await page.getByTestId('tag-picker').getByTestId('tag-preset-suspicious').click();
  await expect(cell(page, 3, 'annotations.tags')).toHaveText('suspicious');
  await cell(page, 3, 'annotations.tags').click({ button: 'right' });
  await page.getByTestId('grid-menu').getByRole('menuitem', { name: /Filter to this tags/ }).click();
  await expect(page.getByTestId('row-count')).toHaveText(`4 sign-ins (filtered from ${labTotal + cisoTotal})`);
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('case details are saved in the case; web mode says its case is fixed', async ({ page }) => {
  const errors = await open(page);
  await page.getByTestId('case-menu').click();
  await expect(page.getByTestId('case-fixed')).toContainText('serves one case file');
  await page.getByTestId('case-details-button').click();
  const dialog = page.getByTestId('case-details');
  await dialog.getByTestId('case-name').fill('ACME BEC');
  await dialog.getByTestId('case-number').fill('IR-2026-041');
  await dialog.getByTestId('case-analyst').fill('Dana Analyst');
  await dialog.getByTestId('case-client').fill('ACME (m365x816222)');
  await dialog.getByTestId('case-timeZone').selectOption('Europe/Berlin');
  await dialog.getByTestId('case-description').fill('Suspected business email compromise.');
  await dialog.getByTestId('case-details-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('case-menu')).toHaveText('ACME BEC ▾');
  await page.reload();
  await page.getByTestId('case-menu').click();
  await page.getByTestId('case-details-button').click();
  await expect(page.getByTestId('case-details').getByTestId('case-number')).toHaveValue('IR-2026-041');
  await expect(page.getByTestId('case-details').getByTestId('case-timeZone')).toHaveValue('Europe/Berlin');
  expect(errors).toEqual([]);
});

test('evidence: full SHA-256, re-verification, coverage, removal with confirmation, the audit trail', async ({ page }, testInfo) => {
  const errors = await open(page);
  // One annotation of its own, so the trail below has every kind of entry whatever ran before.
  await cell(page, 0, 'appDisplayName').click();
  await page.keyboard.press('t');
  await page.getByTestId('tag-picker').getByTestId('tag-preset-benign').click();
  await expect(page.getByTestId('details-annotations').getByTestId('tag-chip').first()).toBeVisible();
  await page.getByTestId('nav-evidence').click();
  const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
  await expect(page.getByTestId('evidence-sha256')).toHaveText([sha(lab), sha(ciso)]);
  await page.getByTestId('verify-evidence').click();
  await expect(page.getByTestId('evidence-verify')).toHaveText(['✓ matches', '✓ matches']);

  await page.getByTestId('evidence-tab-coverage').click();
  await expect(page.getByTestId('coverage-rule')).toContainText('a gap is a run of whole UTC hours');
  await expect(page.getByTestId('coverage').locator('.coverage-lane').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('coverage.png') });

  // Remove the second file: the dialog says what happens first.
  await page.getByTestId('evidence-tab-files').click();
  await page.getByTestId('remove-evidence').nth(1).click();
  const dialog = page.getByTestId('remove-evidence-dialog');
  await expect(dialog).toContainText(`${cisoTotal} sign-ins only this evidence holds are removed`);
  await dialog.getByTestId('remove-evidence-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('evidence-row')).toHaveCount(1);
  await expect(page.getByTestId('row-count')).toHaveText(`${labTotal} sign-ins`);

  await page.getByTestId('evidence-tab-audit').click();
  const trail = page.getByTestId('audit-trail');
  await expect(trail).toBeVisible();
  const actions = await trail.getByTestId('audit-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  for (const a of ['evidence.import', 'annotate', 'case.update', 'evidence.remove']) expect(actions).toContain(a);
  expect(actions[0]).toBe('evidence.remove');
  await expect(trail.getByTestId('audit-entry').first().locator('td').first()).toHaveText(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  // The analyst named in the case details (set by the test before, in this case) or the OS user.
  await expect(trail.getByTestId('audit-entry').first().locator('td').nth(1)).not.toBeEmpty();
  await page.screenshot({ path: testInfo.outputPath('audit-trail.png') });
  fs.copyFileSync(testInfo.outputPath('audit-trail.png'), path.join(testInfo.project.outputDir, 'audit-trail.png'));
  expect(errors).toEqual([]);
});
