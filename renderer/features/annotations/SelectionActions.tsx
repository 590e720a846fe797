// Tag, note and bookmark the grid's selection (or the focused row when nothing is selected). The
// `t` and `n` keys open the tag picker and the note editor here.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useState } from 'react';
import type { SignIn } from '../../../preload/contract';
import { api } from '../../api';
import { annotationsOf } from './gridAnnotations';
import { notifyAnnotationsChanged, onAnnotationCommand } from './bus';
import { NoteEditor } from './NoteEditor';
import { TagButton } from './TagButton';

type Props = { grid: GridApi<SignIn> | null; onMessage(kind: 'info' | 'error', text: string): void };

/** The selected rows, else the row of the focused cell. */
function targetRows(grid: GridApi<SignIn> | null): SignIn[] {
  if (!grid || grid.isDestroyed()) return [];
  const selected = grid.getSelectedRows();
  if (selected.length) return selected;
  const focused = grid.getFocusedCell();
  const row = focused ? grid.getDisplayedRowAtIndex(focused.rowIndex)?.data : undefined;
  return row ? [row] : [];
}

export function SelectionActions({ grid, onMessage }: Props) {
  const [tagSignal, setTagSignal] = useState(0);
  const [noting, setNoting] = useState<string[] | null>(null);
  const [count, setCount] = useState(0);
  const [, setTick] = useState(0);

  // Re-render when the selection or the rows (and their annotations) change. Not on every focus
  // change: listening to cellFocused stopped the grid's tooltips from showing (grid.spec.ts).
  useEffect(() => {
    if (!grid) return;
    const update = () => {
      setCount(targetRows(grid).length);
      setTick((n) => n + 1);
    };
    update();
    const events = ['selectionChanged', 'modelUpdated'] as const;
    for (const e of events) grid.addEventListener(e, update);
    return () => {
      if (grid.isDestroyed()) return;
      for (const e of events) grid.removeEventListener(e, update);
    };
  }, [grid]);

  const openNote = useCallback(() => {
    const ids = targetRows(grid).map((r) => r.id);
    if (!ids.length) return onMessage('info', 'Select one or more sign-ins to write a note on.');
    setNoting(ids);
  }, [grid, onMessage]);

  useEffect(
    () =>
      onAnnotationCommand((cmd) => {
        if (cmd === 'tag') {
          if (!targetRows(grid).length) return onMessage('info', 'Select one or more sign-ins to tag.');
          setTagSignal((n) => n + 1);
        } else openNote();
      }),
    [grid, onMessage, openNote],
  );

  /** Tags on the current targets, with how many of them carry each (for removal in the picker). */
  const currentTags = () => {
    const counts = new Map<string, number>();
    for (const r of targetRows(grid)) for (const t of annotationsOf(r)?.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n }));
  };
  const rows = targetRows(grid);
  const allBookmarked = rows.length > 0 && rows.every((r) => annotationsOf(r)?.bookmarked);

  const bookmark = async () => {
    const ids = targetRows(grid).map((r) => r.id);
    if (!ids.length) return onMessage('info', 'Select one or more sign-ins to bookmark.');
    try {
      if (allBookmarked) await api['annotations.remove']({ kind: 'bookmark', targetKind: 'signin', targets: ids });
      else await api['annotations.add']({ kind: 'bookmark', targetKind: 'signin', targets: ids });
      notifyAnnotationsChanged();
    } catch (e) {
      onMessage('error', (e as Error).message);
    }
  };

  return (
    <div className="selection-actions" data-testid="selection-actions">
      <span className="muted small">{count > 1 ? `${count} selected` : ''}</span>
      <TagButton
        targetKind="signin"
        targets={() => targetRows(grid).map((r) => r.id)}
        current={currentTags}
        openSignal={tagSignal}
        disabled={!grid}
        onMessage={onMessage}
        title="Tag the selected sign-ins (t)"
      />
      <button type="button" className="ghost" data-testid="note-button" disabled={!grid} onClick={openNote} title="Write a note on the selected sign-ins (n)">
        Note
      </button>
      <button type="button" className="ghost" data-testid="bookmark-selection" disabled={!grid} onClick={() => void bookmark()} title="Bookmark the selected sign-ins">
        {allBookmarked ? '★' : '☆'}
      </button>
      {noting && (
        <div className="dialog note-dialog" role="dialog" aria-label="Note">
          <h3>Note on {noting.length === 1 ? 'the sign-in' : `${noting.length} sign-ins`}</h3>
          <NoteEditor targetKind="signin" targets={noting} onDone={() => setNoting(null)} onMessage={onMessage} />
        </div>
      )}
    </div>
  );
}
