// The note editor: a plain textarea (never rich text: a note is shown as text everywhere). Adds a
// note to every target, or replaces one note's text (the old text stays in the history).
import { useEffect, useRef, useState } from 'react';
import type { AnnotationTargetKind } from '../../../preload/contract';
import { api } from '../../api';
import { notifyAnnotationsChanged } from './bus';

type Props = {
  targetKind: AnnotationTargetKind;
  targets: string[];
  /** Editing an existing note: its id and text. */
  editing?: { id: number; text: string };
  onDone(saved: boolean): void;
  onMessage?(kind: 'info' | 'error', text: string): void;
};

export function NoteEditor({ targetKind, targets, editing, onDone, onMessage }: Props) {
  const [text, setText] = useState(editing?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const save = async () => {
    const value = text.trim();
    if (!value) return setError('Write something first.');
    setBusy(true);
    try {
      if (editing) await api['annotations.editNote']({ id: editing.id, value });
      else await api['annotations.add']({ kind: 'note', targetKind, targets, value });
      notifyAnnotationsChanged();
      onMessage?.('info', editing ? 'Note changed (the earlier text is kept in the history).' : `Note added to ${targets.length === 1 ? 'the sign-in' : `${targets.length} items`}.`);
      onDone(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="note-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        ref={area}
        data-testid="note-editor"
        aria-label={editing ? 'Edit note' : 'New note'}
        rows={4}
        maxLength={20_000}
        value={text}
        placeholder={targets.length > 1 ? `A note on each of the ${targets.length} selected` : 'What you found, what it means, what to do next'}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            onDone(false);
          }
        }}
      />
      {error && <p className="error-text">{error}</p>}
      <div className="row end">
        <span className="muted small">Ctrl+Enter saves, Esc cancels</span>
        <button type="button" className="ghost" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" data-testid="note-save" disabled={busy || !text.trim()}>
          {editing ? 'Save' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
