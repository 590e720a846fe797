// Keyboard shortcuts of the shell: `g <key>` goes to a view, `/` search, `f` add a filter, Ctrl+Z
// undo the last filter change, Esc clears the selection, ? lists them.
import { useEffect } from 'react';
import { views, type ViewId } from './nav';

export type ShortcutHandlers = {
  go(view: ViewId): void;
  escape(): void;
  help(): void;
  search?(): void;
  filter?(): void;
  undo?(): void;
  /** `t` / `n`: tag or write a note on the selection (features/annotations). */
  tag?(): void;
  note?(): void;
};

export function useShortcuts(handlers: ShortcutHandlers): void {
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z' && handlers.undo) {
        e.preventDefault();
        return handlers.undo();
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') return handlers.escape();
      if (e.key === '?') return handlers.help();
      if (Date.now() - pendingG < 1500) {
        const view = views.find((v) => v.key === e.key);
        pendingG = 0;
        if (view) return handlers.go(view.id);
      }
      if (e.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (e.key === '/' && handlers.search) {
        e.preventDefault();
        return handlers.search();
      }
      if (e.key === 'f' && handlers.filter) {
        e.preventDefault();
        return handlers.filter();
      }
      if (e.key === 't' && handlers.tag) {
        e.preventDefault();
        return handlers.tag();
      }
      if (e.key === 'n' && handlers.note) {
        e.preventDefault();
        return handlers.note();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers]);
}
