// Native dialogs: what they ask for, and what a pick or a cancel turns into.
import type { BaseWindow, Dialog } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDialogs, evidenceDialogOptions, newCaseDialogOptions, openCaseDialogOptions, withCaseExtension } from '../../../main/app/dialogs';
import { dialog, fake } from '../fakes/electron';

beforeEach(() => fake.reset());

const asDialog = dialog as unknown as Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
const win = { id: 1 } as unknown as BaseWindow;

describe('dialog options', () => {
  it('cases are *.sightline; a new case never confirms an overwrite', () => {
    expect(newCaseDialogOptions.filters).toEqual([{ name: 'Sightline case', extensions: ['sightline'] }]);
    expect(openCaseDialogOptions.filters).toEqual([{ name: 'Sightline case', extensions: ['sightline'] }]);
    expect(newCaseDialogOptions.properties).not.toContain('showOverwriteConfirmation');
    expect(openCaseDialogOptions.properties).toContain('openFile');
    expect(openCaseDialogOptions.properties).not.toContain('multiSelections');
  });

  it('evidence: several files of the export formats', () => {
    expect(evidenceDialogOptions.properties).toEqual(expect.arrayContaining(['openFile', 'multiSelections']));
    expect(evidenceDialogOptions.filters?.[0]?.extensions.sort()).toEqual(['csv', 'json', 'jsonl', 'log', 'txt']);
  });

  it.each([
    ['/c/acme', '/c/acme.sightline'],
    ['/c/acme.sightline', '/c/acme.sightline'],
    ['/c/acme.SIGHTLINE', '/c/acme.SIGHTLINE'],
    ['/c/acme.csv', '/c/acme.csv.sightline'],
  ])('withCaseExtension(%s) = %s', (input, expected) => {
    expect(withCaseExtension(input)).toBe(expected);
  });
});

describe('createDialogs', () => {
  it('new case: save dialog on the window; cancel is null; the extension is added', async () => {
    const d = createDialogs(asDialog, () => win);
    expect(await d.pickCasePath(true)).toBeNull();
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(win, newCaseDialogOptions);
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/cases/acme', filePaths: [] });
    expect(await d.pickCasePath(true)).toBe('/cases/acme.sightline');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '', filePaths: [] });
    expect(await d.pickCasePath(true)).toBeNull();
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('open case: open dialog; the picked file or null', async () => {
    const d = createDialogs(asDialog, () => null);
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/cases/acme.sightline'] });
    expect(await d.pickCasePath(false)).toBe('/cases/acme.sightline');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(openCaseDialogOptions);
    expect(await d.pickCasePath(false)).toBeNull();
  });

  it('evidence: all picked files, or null when cancelled or empty', async () => {
    const d = createDialogs(asDialog, () => win);
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/e/a.csv', '/e/b.json'] });
    expect(await d.pickEvidenceFiles()).toEqual(['/e/a.csv', '/e/b.json']);
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(win, evidenceDialogOptions);
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [] });
    expect(await d.pickEvidenceFiles()).toBeNull();
    expect(await d.pickEvidenceFiles()).toBeNull();
  });
});
