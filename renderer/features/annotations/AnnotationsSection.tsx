// The details pane's annotations: the sign-in's tags, bookmark and notes, and the tags and notes of
// its user and its IP; with the history (removed items, who removed them and when). All text.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Annotation, AnnotationSummary, AnnotationTargetKind } from '../../../preload/contract';
import { api } from '../../api';
import { formatTime, type TimeZoneMode } from '../../time';
import { notifyAnnotationsChanged, onAnnotationsChanged } from './bus';
import { NoteEditor } from './NoteEditor';
import { TagButton, TagChip } from './TagButton';

type Target = { kind: AnnotationTargetKind; value: string; label: string };

function useSummary(kind: AnnotationTargetKind, value: string | null) {
  const [summary, setSummary] = useState<AnnotationSummary | null>(null);
  const load = useCallback(() => {
    if (!value) return setSummary(null);
    api['annotations.summaries']({ targetKind: kind, targets: [value] }).then((s) => setSummary(s[0] ?? null), () => setSummary(null));
  }, [kind, value]);
  useEffect(() => {
    load();
    return onAnnotationsChanged(load);
  }, [load]);
  return summary;
}

function Notes({ target, summary, timeZone }: { target: Target; summary: AnnotationSummary | null; timeZone: TimeZoneMode }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<{ id: number; text: string } | null>(null);
  const notes = summary?.notes ?? [];
  return (
    <div className="notes" data-testid={`notes-${target.kind}`}>
      {notes.map((n) =>
        editing?.id === n.id ? (
          <NoteEditor key={n.id} targetKind={target.kind} targets={[target.value]} editing={editing} onDone={() => setEditing(null)} />
        ) : (
          <div key={n.id} className="note" data-testid="note">
            <p className="note-text">{n.text}</p>
            <span className="muted small">
              {n.analyst}, {formatTime(n.createdAt, timeZone)}
            </span>
            <button type="button" className="link" onClick={() => setEditing({ id: n.id, text: n.text })}>
              Edit
            </button>
            <button
              type="button"
              className="link"
              onClick={() => void api['annotations.remove']({ ids: [n.id] }).then(notifyAnnotationsChanged)}
            >
              Remove
            </button>
          </div>
        ),
      )}
      {adding ? (
        <NoteEditor targetKind={target.kind} targets={[target.value]} onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="ghost small" data-testid={`add-note-${target.kind}`} onClick={() => setAdding(true)} title={target.kind === 'signin' ? 'Add a note (n)' : undefined}>
          Add note
        </button>
      )}
    </div>
  );
}

function EntityRow({ target, timeZone }: { target: Target; timeZone: TimeZoneMode }) {
  const summary = useSummary(target.kind, target.value);
  const tags = summary?.tags ?? [];
  return (
    <div className="entity-annotations" data-testid={`entity-annotations-${target.kind}`}>
      <div className="annotation-row">
        <span className="muted">{target.label}</span>
        <span className="mono entity-value">{target.value}</span>
        {tags.map((t) => (
          <TagChip key={t} value={t} onRemove={() => void api['annotations.remove']({ kind: 'tag', targetKind: target.kind, targets: [target.value], value: t }).then(notifyAnnotationsChanged)} />
        ))}
        <TagButton targetKind={target.kind} targets={() => [target.value]} current={tags.map((value) => ({ value, count: 1 }))} label={`Tag ${target.label.toLowerCase()}`} testId={`tag-button-${target.kind}`} />
      </div>
      {summary && summary.notes.length > 0 && <Notes target={target} summary={summary} timeZone={timeZone} />}
    </div>
  );
}

function History({ targets, timeZone }: { targets: Target[]; timeZone: TimeZoneMode }) {
  const [items, setItems] = useState<Annotation[] | null>(null);
  useEffect(() => {
    const load = () =>
      void Promise.all(targets.map((t) => api['annotations.list']({ targetKind: t.kind, targets: [t.value], includeRemoved: true, limit: 200 }))).then(
        (pages) => setItems(pages.flatMap((p) => p.annotations).sort((a, b) => b.id - a.id)),
        () => setItems([]),
      );
    load();
    return onAnnotationsChanged(load);
  }, [targets]);
  if (!items) return null;
  if (!items.length) return <p className="muted small">No annotations yet.</p>;
  return (
    <ul className="annotation-history" data-testid="annotation-history">
      {items.map((a) => (
        <li key={a.id} className={a.removedAt ? 'removed' : undefined}>
          <span className="mono small">{formatTime(a.createdAt, timeZone)}</span> {a.analyst}: {a.kind} {a.kind === 'bookmark' ? '' : `“${a.value ?? ''}”`} on {a.targetKind}
          {a.removedAt ? ` — removed ${formatTime(a.removedAt, timeZone)} by ${a.removedBy ?? '?'}` : ''}
        </li>
      ))}
    </ul>
  );
}

export function AnnotationsSection({ signInId, user, ip, timeZone }: { signInId: string; user: string | null; ip: string | null; timeZone: TimeZoneMode }) {
  const summary = useSummary('signin', signInId);
  const [showHistory, setShowHistory] = useState(false);
  const [self, entities] = useMemo((): [Target, Target[]] => [
    { kind: 'signin', value: signInId, label: 'Sign-in' },
    [...(user ? [{ kind: 'user' as const, value: user.toLowerCase(), label: 'User' }] : []), ...(ip ? [{ kind: 'ip' as const, value: ip, label: 'IP' }] : [])],
  ], [signInId, user, ip]);
  const historyTargets = useMemo(() => [self, ...entities], [self, entities]);
  const tags = summary?.tags ?? [];
  return (
    <section className="annotations" data-testid="details-annotations" aria-label="Annotations">
      <div className="annotation-row">
        {tags.length === 0 && <span className="muted small">No tags</span>}
        {tags.map((t) => (
          <TagChip key={t} value={t} onRemove={() => void api['annotations.remove']({ kind: 'tag', targetKind: 'signin', targets: [signInId], value: t }).then(notifyAnnotationsChanged)} />
        ))}
        <span className="spacer" />
        <TagButton targetKind="signin" targets={() => [signInId]} current={tags.map((value) => ({ value, count: 1 }))} />
        <button
          type="button"
          className={summary?.bookmarked ? 'ghost bookmark on' : 'ghost bookmark'}
          data-testid="bookmark-button"
          aria-pressed={summary?.bookmarked ?? false}
          title={summary?.bookmarked ? 'Remove the bookmark' : 'Bookmark this sign-in'}
          onClick={() =>
            void (summary?.bookmarked
              ? api['annotations.remove']({ kind: 'bookmark', targetKind: 'signin', targets: [signInId] })
              : api['annotations.add']({ kind: 'bookmark', targetKind: 'signin', targets: [signInId] })
            ).then(notifyAnnotationsChanged)
          }
        >
          {summary?.bookmarked ? '★ Bookmarked' : '☆ Bookmark'}
        </button>
      </div>
      <Notes target={self} summary={summary} timeZone={timeZone} />
      {entities.map((e) => (
        <EntityRow key={e.kind} target={e} timeZone={timeZone} />
      ))}
      <button type="button" className="link small" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
        {showHistory ? 'Hide history' : 'History'}
      </button>
      {showHistory && <History targets={historyTargets} timeZone={timeZone} />}
    </section>
  );
}
