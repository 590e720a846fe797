// Keyboard shortcuts of the shell: `g <key>` goes to a view, Esc clears the selection, ? lists them.
import { useEffect } from 'react';
import { views, type ViewId } from './nav';

export function useShortcuts(handlers: { go(view: ViewId): void; escape(): void; help(): void }): void {
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') return handlers.escape();
      if (e.key === '?') return handlers.help();
      if (e.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (Date.now() - pendingG < 1500) {
        const view = views.find((v) => v.key === e.key);
        pendingG = 0;
        if (view) handlers.go(view.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers]);
}
