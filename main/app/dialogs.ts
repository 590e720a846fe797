// Native file dialogs for the Dialogs seam of HandlerContext. The dialog options are plain data
// (tested); createDialogs() only calls Electron's dialog module, which is passed in.
import type { BaseWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { Dialogs } from '../handlers/context';

const CASE_FILTER = { name: 'Sightline case', extensions: ['sightline'] };
export const EVIDENCE_EXTENSIONS = ['csv', 'json', 'jsonl', 'log', 'txt'];

export const newCaseDialogOptions: SaveDialogOptions = {
  title: 'New case',
  buttonLabel: 'Create case',
  defaultPath: 'case.sightline',
  filters: [CASE_FILTER],
  // No overwrite confirmation: an existing case is never replaced, it is opened (see withCaseExtension).
  properties: ['createDirectory', 'dontAddToRecent'],
};

export const openCaseDialogOptions: OpenDialogOptions = {
  title: 'Open case',
  buttonLabel: 'Open case',
  filters: [CASE_FILTER],
  properties: ['openFile', 'dontAddToRecent'],
};

export const evidenceDialogOptions: OpenDialogOptions = {
  title: 'Import evidence',
  buttonLabel: 'Import',
  filters: [{ name: 'Sign-in log exports', extensions: EVIDENCE_EXTENSIONS }],
  properties: ['openFile', 'multiSelections', 'dontAddToRecent'],
};

export function exportDialogOptions(defaultName: string, extension: string): SaveDialogOptions {
  return {
    title: 'Export sign-ins',
    buttonLabel: 'Export',
    defaultPath: defaultName,
    filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
  };
}

/**
 * A new case's file name always ends in .sightline (Linux save dialogs do not add it). Choosing a
 * file that already exists opens that case: CaseSession.open never truncates a file.
 */
export function withCaseExtension(file: string): string {
  return /\.sightline$/i.test(file) ? file : `${file}.sightline`;
}

export function createDialogs(dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>, getWindow: () => BaseWindow | null): Dialogs {
  return {
    async pickCasePath(create) {
      const win = getWindow();
      if (create) {
        const r = win ? await dialog.showSaveDialog(win, newCaseDialogOptions) : await dialog.showSaveDialog(newCaseDialogOptions);
        return r.canceled || !r.filePath ? null : withCaseExtension(r.filePath);
      }
      const r = win ? await dialog.showOpenDialog(win, openCaseDialogOptions) : await dialog.showOpenDialog(openCaseDialogOptions);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async pickSavePath(defaultName, extension) {
      const win = getWindow();
      const options = exportDialogOptions(defaultName, extension);
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async pickEvidenceFiles() {
      const win = getWindow();
      const r = win ? await dialog.showOpenDialog(win, evidenceDialogOptions) : await dialog.showOpenDialog(evidenceDialogOptions);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths;
    },
  };
}
