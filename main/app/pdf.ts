// The desktop app's PDF printer for reports: the report's self-contained HTML file loaded in a hidden,
// sandboxed window with JavaScript off, printed with Chromium's printToPDF (the document's own @page
// rules: A4, page numbers in the margin boxes), then the window is destroyed. Handed to the handlers
// as ctx.printPdf; web mode and the CLI print with Chromium instead (main/report/pdf.ts).
import fs from 'node:fs';

/** What printing needs of a BrowserWindow (a fake stands in for it in tests). */
export type PrintWindow = {
  loadFile(file: string): Promise<void>;
  webContents: { printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean; generateDocumentOutline: boolean }): Promise<Buffer> };
  destroy(): void;
};

export function electronPdfPrinter(createWindow: () => PrintWindow): (htmlFile: string, pdfFile: string) => Promise<void> {
  return async (htmlFile, pdfFile) => {
    const win = createWindow();
    try {
      await win.loadFile(htmlFile);
      const data = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, generateDocumentOutline: true });
      fs.writeFileSync(pdfFile, data);
    } finally {
      win.destroy();
    }
  };
}

/** The hidden window's settings: nothing of the app is exposed to the report, and no script runs. */
export const PRINT_WINDOW_OPTIONS = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
} as const;
