// The free-text search of the top bar: the `search` filter (full-text over every text field).
// Applies after a pause in typing or on Enter; Esc clears it. `/` focuses it (useShortcuts).
import { useEffect, useRef, useState, type RefObject } from 'react';

type Props = { value: string | undefined; onChange(value: string | undefined): void; inputRef: RefObject<HTMLInputElement | null>; disabled?: boolean };

export function SearchBox({ value, onChange, inputRef, disabled }: Props) {
  const [text, setText] = useState(value ?? '');
  const timer = useRef<number | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // The chip's × (or a saved view) changes the filter: the box follows.
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const commit = (t: string) => {
    window.clearTimeout(timer.current);
    const next = t.trim() || undefined;
    if (next !== value) onChangeRef.current(next);
  };

  return (
    <input
      ref={inputRef}
      className="search"
      type="search"
      data-testid="search"
      aria-label="Search every text field"
      placeholder="Search sign-ins…  ( / )"
      value={text}
      disabled={disabled}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => commit(t), 400);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(text);
        if (e.key === 'Escape') {
          setText('');
          commit('');
          e.currentTarget.blur();
        }
      }}
    />
  );
}
