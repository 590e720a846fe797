// The desktop app's PDF printer seam (main/app/pdf.ts): loads the report file in a hidden window,
// prints with the document's own page size, writes the bytes, and always destroys the window.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronPdfPrinter, PRINT_WINDOW_OPTIONS, type PrintWindow } from '../../../main/app/pdf';
import { tempDir } from '../helpers';

function fakeWindow(fail = false) {
  const calls: string[] = [];
  const win: PrintWindow = {
    loadFile: async (f) => void calls.push(`load ${f}`),
    webContents: {
      printToPDF: async (o) => {
        calls.push(`print ${JSON.stringify(o)}`);
        if (fail) throw new Error('printing failed');
        return Buffer.from('%PDF-1.7');
      },
    },
    destroy: () => void calls.push('destroy'),
  };
  return { win, calls };
}

describe('Electron PDF printer', () => {
  it('prints the loaded report with its CSS page size and destroys the window', async () => {
    const { win, calls } = fakeWindow();
    const out = path.join(tempDir(), 'r.pdf');
    await electronPdfPrinter(() => win)('/tmp/report.html', out);
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-1.7');
    expect(calls).toEqual(['load /tmp/report.html', 'print {"printBackground":true,"preferCSSPageSize":true,"generateDocumentOutline":true}', 'destroy']);
  });

  it('destroys the window when printing fails', async () => {
    const { win, calls } = fakeWindow(true);
    await expect(electronPdfPrinter(() => win)('/tmp/report.html', path.join(tempDir(), 'r.pdf'))).rejects.toThrow('printing failed');
    expect(calls.at(-1)).toBe('destroy');
  });

  it('uses a hidden, sandboxed window without JavaScript', () => {
    expect(PRINT_WINDOW_OPTIONS).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  });
});
