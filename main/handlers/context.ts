// What every handler gets: the open case (if any), a way to push events, and the host's abilities.
import { SightlineError, type EventSink } from '../../preload/contract';
import type { RecentCases } from '../case/recent';
import { CaseSession } from '../case/session';
import type { CollectHost } from '../collect/host';
import { version } from '../version';

/** Native dialogs exist only in Electron; web mode leaves them out and the UI falls back to paths. */
export type Dialogs = {
  pickCasePath(create: boolean): Promise<string | null>;
  pickEvidenceFiles(): Promise<string[] | null>;
  /** Where to save an export (`extension` without the dot); null when cancelled. */
  pickSavePath(defaultName: string, extension: string): Promise<string | null>;
};

export type HandlerContext = {
  version: string;
  mode: 'electron' | 'web';
  emit: EventSink;
  dialogs?: Dialogs;
  /** The case handlers act on; replaced by case.open. */
  session: CaseSession | null;
  /** Opens a case file; the host decides whether switching cases is allowed. */
  openCase(file: string): CaseSession;
  /** Imports run one at a time; `running` is the one that can be cancelled. */
  imports: { queue: Promise<unknown>; running: { cancel(): void } | null };
  /** Live collection (sign-in, the running collection); made on first use unless the host gives one. */
  collect?: CollectHost;
  /** Recently opened cases (desktop app): openCase puts each case it opens at the top. */
  recent?: RecentCases;
  /** Prints a report's HTML file to PDF (the desktop app's printToPDF); without it, Chromium does (report/pdf.ts). */
  printPdf?: (htmlFile: string, pdfFile: string) => Promise<void>;
};

export function requireCase(ctx: HandlerContext): CaseSession {
  if (!ctx.session) throw new SightlineError('no-case', 'no case is open: open or create a case first');
  return ctx.session;
}

/**
 * The one context factory for both hosts (Electron and web mode): a mutable context whose session
 * case.open replaces. The new case is opened first, so a failure leaves the current one usable.
 */
export function createHandlerContext(opts: { mode: HandlerContext['mode']; emit: EventSink; dialogs?: Dialogs; session?: CaseSession | null; recent?: RecentCases }): HandlerContext {
  const ctx: HandlerContext = {
    version,
    mode: opts.mode,
    emit: opts.emit,
    ...(opts.dialogs ? { dialogs: opts.dialogs } : {}),
    session: opts.session ?? null,
    imports: { queue: Promise.resolve(), running: null },
    ...(opts.recent ? { recent: opts.recent } : {}),
    openCase(file) {
      const next = CaseSession.open(file);
      if (ctx.session && ctx.session !== next) ctx.session.close();
      ctx.session = next;
      ctx.recent?.remember(next.path, next.info().name);
      return next;
    },
  };
  return ctx;
}
