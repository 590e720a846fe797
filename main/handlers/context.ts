// What every handler gets: the open case (if any), a way to push events, and the host's abilities.
import { SightlineError, type EventSink } from '../../preload/contract';
import type { CaseSession } from '../case/session';

/** Native dialogs exist only in Electron; web mode leaves them out and the UI falls back to paths. */
export type Dialogs = {
  pickCasePath(create: boolean): Promise<string | null>;
  pickEvidenceFiles(): Promise<string[] | null>;
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
};

export function requireCase(ctx: HandlerContext): CaseSession {
  if (!ctx.session) throw new SightlineError('no-case', 'no case is open: open or create a case first');
  return ctx.session;
}
