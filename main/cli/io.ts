// Command-line plumbing shared by every command: paths relative to where the user ran npm,
// results on stdout, everything else on stderr.
import path from 'node:path';

/** npm runs scripts from the package root; INIT_CWD is where the user actually was. */
export function userPath(p: string): string {
  return path.resolve(process.env['INIT_CWD'] ?? process.cwd(), p);
}

export class UsageError extends Error {}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function note(message: string): void {
  process.stderr.write(message + '\n');
}

/** A one-line progress display that rewrites itself; only on a terminal, so logs stay clean. */
export function progressLine(): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(text) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done() {
      if (tty && shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/**
 * Ctrl+C cancels the running work: the progress line is cleared, `message` says what becomes of the
 * work, then `cancel` runs. Returns the function that stops listening, for when the work has ended.
 */
export function cancelOnInterrupt(progress: { done(): void }, message: string, cancel: () => void): () => void {
  const onInterrupt = () => {
    progress.done();
    note(message);
    cancel();
  };
  process.once('SIGINT', onInterrupt);
  return () => process.removeListener('SIGINT', onInterrupt);
}
