// Printing the report's HTML to PDF. The desktop app hands in Electron's printToPDF (main/app/pdf.ts);
// web mode and the CLI run Chromium headless, found through SIGHTLINE_CHROMIUM (default
// /usr/bin/chromium). Chromium prints with the document's own @page rules (A4, page numbers in the
// margin boxes) and no header or footer of its own; its network is shut (no proxy, every host name
// unresolvable) on top of the document's CSP, so printing cannot fetch anything.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SightlineError } from '../../preload/contract';

/** Prints an HTML file (self-contained) to a PDF file; an aborted signal stops it where the printer can (Chromium: killed). */
export type PdfPrinter = (htmlFile: string, pdfFile: string, signal?: AbortSignal) => Promise<void>;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['SIGHTLINE_CHROMIUM']?.trim() || DEFAULT_CHROMIUM;
}

/** Whether Chromium can be run from `file`, and if not, a sentence saying what to do. */
export function chromiumStatus(file = chromiumPath()): { available: boolean; detail: string } {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
    return { available: true, detail: `Chromium at ${file}` };
  } catch {
    return {
      available: false,
      detail: `PDF reports need Chromium, and there is none at ${file}: install Chromium (Debian: apt install chromium) or set SIGHTLINE_CHROMIUM to a Chromium or Chrome executable. HTML reports need nothing.`,
    };
  }
}

/** The flags of the browser tests, plus headless printing without Chromium's own header and footer. */
export function chromiumArgs(htmlFile: string, pdfFile: string, profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    '--no-proxy-server',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${profileDir}`,
    '--no-pdf-header-footer',
    '--run-all-compositor-stages-before-draw',
    `--print-to-pdf=${pdfFile}`,
    pathToFileURL(htmlFile).href,
  ];
}

export function chromiumPrinter(opts: { executable?: string; timeoutMs?: number } = {}): PdfPrinter {
  return async (htmlFile, pdfFile, signal) => {
    const executable = opts.executable ?? chromiumPath();
    const status = chromiumStatus(executable);
    if (!status.available) throw new SightlineError('unsupported', status.detail);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-print-'));
    try {
      fs.rmSync(pdfFile, { force: true });
      await new Promise<void>((resolve, reject) => {
        const child = spawn(executable, chromiumArgs(path.resolve(htmlFile), path.resolve(pdfFile), profile), { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`Chromium did not finish printing the PDF within ${Math.round((opts.timeoutMs ?? 300_000) / 1000)} s`));
        }, opts.timeoutMs ?? 300_000);
        // Killed, then settled when it has exited, so its profile folder can go.
        let cancelled = false;
        const onAbort = () => {
          cancelled = true;
          child.kill('SIGKILL');
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) onAbort();
        child.on('error', (err) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          reject(new SightlineError('unsupported', `could not start Chromium at ${executable}: ${err.message}`));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (cancelled) reject(new Error('printing the PDF was cancelled'));
          else if (code === 0 && fs.existsSync(pdfFile) && fs.statSync(pdfFile).size > 0) resolve();
          else reject(new Error(`Chromium could not print the PDF (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
        });
      });
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
}
