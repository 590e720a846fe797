// Recently opened cases: a small JSON file in the app's user settings folder (Electron's userData),
// never in a case: a case must not learn which other cases an analyst works. Web mode serves one
// case and keeps no list.
import fs from 'node:fs';
import path from 'node:path';
import type { RecentCase } from '../../preload/contract';

const MAX = 20;

type Stored = { path: string; name: string; openedAt: string };

export class RecentCases {
  /** `dir` may be a function, asked on first use (Electron's userData path). */
  constructor(private readonly dir: string | (() => string)) {}

  get file(): string {
    return path.join(typeof this.dir === 'function' ? this.dir() : this.dir, 'recent-cases.json');
  }

  private read(): Stored[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((r): r is Stored => typeof r?.path === 'string' && typeof r?.name === 'string' && typeof r?.openedAt === 'string').slice(0, MAX);
    } catch {
      // No file yet, or a damaged one: start a fresh list rather than refuse to open cases.
      return [];
    }
  }

  private write(list: Stored[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Write beside and rename, so a crash never leaves half a list.
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(list.slice(0, MAX), null, 1));
    fs.renameSync(tmp, this.file);
  }

  list(): RecentCase[] {
    return this.read().map((r) => ({ ...r, exists: fs.existsSync(r.path) }));
  }

  /** Puts a case at the top of the list (once). Never throws: a read-only settings folder must not stop a case opening. */
  remember(file: string, name: string): void {
    try {
      const abs = path.resolve(file);
      this.write([{ path: abs, name, openedAt: new Date().toISOString() }, ...this.read().filter((r) => r.path !== abs)]);
    } catch {
      // Nothing to do: the list is a convenience.
    }
  }

  forget(file: string): void {
    const abs = path.resolve(file);
    this.write(this.read().filter((r) => r.path !== abs));
  }
}
