// The tag picker: presets (suspicious, compromised, benign, attacker-infrastructure), tags already
// in use, or a new one typed in; and the tags the targets carry now, each removable. Works on one
// target or a selection. Every tag is shown as text.
import { useEffect, useRef, useState } from 'react';
import { TAG_PRESETS, TagValue, type AnnotationTargetKind } from '../../../preload/contract';
import { api } from '../../api';
import { usePopover } from '../shell/usePopover';
import { notifyAnnotationsChanged } from './bus';

type Props = {
  targetKind: AnnotationTargetKind;
  /** The targets, read when the picker acts (a grid selection changes while it is open). */
  targets: () => string[];
  /** Tags the targets carry now (with how many of them carry each), for removal; read when the picker opens. */
  current?: { value: string; count: number }[] | (() => { value: string; count: number }[]);
  label?: string;
  title?: string;
  /** Bumped to open the picker from outside (the `t` key). */
  openSignal?: number;
  disabled?: boolean;
  onMessage?(kind: 'info' | 'error', text: string): void;
  testId?: string;
};

export function TagButton({ targetKind, targets, current: currentProp = [], label = 'Tag', title, openSignal, disabled, onMessage, testId = 'tag-button' }: Props) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [text, setText] = useState('');
  const [used, setUsed] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (openSignal) setOpen(true);
  }, [openSignal, setOpen]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    api['annotations.tags']({}).then((tags) => setUsed(tags.filter((t) => !t.preset).map((t) => t.value)), () => setUsed([]));
    window.setTimeout(() => input.current?.focus(), 0);
  }, [open]);

  const apply = async (value: string, remove = false) => {
    const list = targets();
    if (!list.length) return setError('Select one or more sign-ins first.');
    const parsed = TagValue.safeParse(value);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'not a valid tag');
    try {
      const r = remove
        ? await api['annotations.remove']({ kind: 'tag', targetKind, targets: list, value: parsed.data })
        : await api['annotations.add']({ kind: 'tag', targetKind, targets: list, value: parsed.data });
      notifyAnnotationsChanged();
      const n = 'removed' in r ? r.removed : r.added;
      onMessage?.('info', `${remove ? 'Removed' : 'Tagged'} "${parsed.data.toLowerCase()}" ${remove ? 'from' : 'on'} ${n} of ${list.length}.`);
      setText('');
      setOpen(false);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const current = typeof currentProp === 'function' ? (open ? currentProp() : []) : currentProp;
  const suggestions = [...TAG_PRESETS, ...used.filter((u) => !(TAG_PRESETS as readonly string[]).includes(u))];
  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="ghost" data-testid={testId} aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)} title={title ?? 'Tag (t)'}>
        {label} ▾
      </button>
      {open && (
        <div className="popover tag-picker" data-testid="tag-picker" role="dialog" aria-label="Tags">
          <form
            className="popover-head"
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void apply(text);
            }}
          >
            <input ref={input} aria-label="Tag" placeholder="Tag, e.g. phishing-wave-2" value={text} list="sightline-tags" onChange={(e) => setText(e.target.value)} maxLength={64} />
            <datalist id="sightline-tags">
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <button type="submit" disabled={!text.trim()}>
              Add
            </button>
          </form>
          <div className="popover-body">
            {error && <p className="error-text">{error}</p>}
            <div className="tag-suggestions">
              {suggestions.map((s) => (
                <button key={s} type="button" className={`tag-chip tag-${(TAG_PRESETS as readonly string[]).includes(s) ? s : 'free'}`} data-testid={`tag-preset-${s}`} onClick={() => void apply(s)}>
                  {s}
                </button>
              ))}
            </div>
            {current.length > 0 && (
              <>
                <p className="muted small">On {targets().length > 1 ? 'the selection' : 'this'} now (click to remove):</p>
                <div className="tag-suggestions">
                  {current.map((c) => (
                    <button key={c.value} type="button" className="tag-chip removable" data-testid={`tag-remove-${c.value}`} onClick={() => void apply(c.value, true)} title="Remove this tag">
                      {c.value}
                      {c.count > 1 ? ` (${c.count})` : ''} ×
                    </button>
                  ))}
                </div>
              </>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/** A tag as a small chip (text only), coloured for the presets. */
export function TagChip({ value, onRemove }: { value: string; onRemove?: () => void }) {
  const preset = (TAG_PRESETS as readonly string[]).includes(value) ? value : 'free';
  return (
    <span className={`tag-chip tag-${preset}`} data-testid="tag-chip">
      {value}
      {onRemove && (
        <button type="button" className="chip-remove" aria-label={`Remove tag ${value}`} onClick={onRemove}>
          ×
        </button>
      )}
    </span>
  );
}
