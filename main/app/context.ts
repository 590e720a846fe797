// The HandlerContext of the desktop app: the shared factory with native dialogs and IPC push events.
// No Electron in this file: the host passes `emit` and `dialogs` in.
import type { EventSink } from '../../preload/contract';
import { RecentCases } from '../case/recent';
import type { CaseSession } from '../case/session';
import { CollectHost, type CollectHostOptions } from '../collect/host';
import { createHandlerContext, type Dialogs, type HandlerContext } from '../handlers/context';

export type AppContextOptions = {
  emit: EventSink;
  dialogs: Dialogs;
  /** A case opened at start, e.g. from the command line. */
  session?: CaseSession | null;
  /** What live collection may use of the desktop: the system browser, the clipboard. */
  collect?: CollectHostOptions;
  /** The app's user settings folder (Electron's userData), asked when first needed: the recent-cases list lives there. */
  userDataDir?: () => string;
  /** Prints a report's HTML file to PDF (printToPDF in a hidden window: ./pdf.ts). */
  printPdf?: HandlerContext['printPdf'];
};

export function createAppContext(opts: AppContextOptions): HandlerContext {
  const ctx = createHandlerContext({ mode: 'electron', emit: opts.emit, dialogs: opts.dialogs, session: opts.session ?? null, ...(opts.userDataDir ? { recent: new RecentCases(opts.userDataDir) } : {}) });
  if (opts.collect) ctx.collect = new CollectHost(opts.collect);
  if (opts.printPdf) ctx.printPdf = opts.printPdf;
  return ctx;
}

/**
 * The case file named on the command line (`electron . path/to/case.sightline`, or the packaged
 * app with a file argument), if any. Electron's argv also carries the executable, the app path and
 * Chromium switches, so only a non-switch argument ending in .sightline counts.
 */
export function casePathFromArgv(argv: readonly string[]): string | null {
  return argv.slice(1).find((a) => !a.startsWith('-') && /\.sightline$/i.test(a)) ?? null;
}
