// "+ filter": one control per entry of the contract's FILTERS list (never a hand-kept list), each
// with `data-testid="filter-<flag>"`. The panel edits a draft of the whole filter; Apply (or Enter)
// checks it against the contract's schema and replaces the shared filter.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FilterKey, FilterSpec, SignInFilter } from '../../../preload/contract';
import { FILTER_SPECS, SUGGESTIONS, draftText, filterError, parseDraft, withValue } from '../../filterModel';
import { timeInputHint, type TimeZoneMode } from '../../time';

type Props = {
  filter: SignInFilter;
  timeZone: TimeZoneMode;
  /** The filter to scroll to and focus (a chip was clicked). */
  focusKey: FilterKey | null;
  onApply(filter: SignInFilter): void;
  onClose(): void;
};

const split = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);

function Control({ spec, text, error, timeZone, onText, inputRef }: { spec: FilterSpec; text: string; error?: string; timeZone: TimeZoneMode; onText(t: string): void; inputRef?: (el: HTMLElement | null) => void }) {
  const id = `filter-input-${spec.flag}`;
  const testId = `filter-${spec.flag}`;
  const suggestions = SUGGESTIONS[spec.key as FilterKey];
  const values = split(text);
  const has = (v: string) => values.some((x) => x.toLowerCase() === v.toLowerCase());
  const toggle = (v: string, on: boolean) => onText((on ? [...values.filter((x) => x.toLowerCase() !== v.toLowerCase()), v] : values.filter((x) => x.toLowerCase() !== v.toLowerCase())).join(', '));

  let control;
  if (spec.kind === 'bool') {
    control = (
      <select id={id} data-testid={testId} ref={inputRef} value={text} onChange={(e) => onText(e.target.value)}>
        <option value="">any</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    );
  } else if (spec.kind === 'list' && spec.values) {
    // A closed set (status, sign-in type): checkboxes only.
    control = (
      <fieldset className="checks" id={id} data-testid={testId} ref={inputRef as (el: HTMLFieldSetElement | null) => void}>
        {(suggestions ?? spec.values.map((value) => ({ value, label: value }))).map((s) => (
          <label key={s.value} className="check">
            <input type="checkbox" checked={has(s.value)} onChange={(e) => toggle(s.value, e.target.checked)} />
            {s.label ?? s.value}
          </label>
        ))}
      </fieldset>
    );
  } else {
    control = (
      <>
        <input
          id={id}
          data-testid={testId}
          ref={inputRef}
          type="text"
          value={text}
          placeholder={spec.kind === 'time' ? timeInputHint(timeZone) : undefined}
          onChange={(e) => onText(e.target.value)}
          aria-invalid={!!error}
          spellCheck={false}
          autoComplete="off"
        />
        {suggestions && (
          <span className="checks">
            {suggestions.map((s) => (
              <label key={s.value} className="check">
                <input type="checkbox" checked={has(s.value)} onChange={(e) => toggle(s.value, e.target.checked)} />
                {s.label ?? s.value}
                {s.legacy ? <span className="legacy"> legacy</span> : null}
              </label>
            ))}
          </span>
        )}
      </>
    );
  }
  return (
    <div className={`filter-row${error ? ' invalid' : ''}`} data-flag={spec.flag}>
      <label htmlFor={id} className="filter-label">
        {spec.label}
      </label>
      <div className="filter-control">
        {control}
        <div className="filter-help">{error ? <span className="error-text">{error}</span> : spec.kind === 'time' ? `${spec.help}; ${timeInputHint(timeZone)}` : spec.help}</div>
      </div>
    </div>
  );
}

export function FilterPanel({ filter, timeZone, focusKey, onApply, onClose }: Props) {
  const initial = useMemo(
    () => Object.fromEntries(FILTER_SPECS.map((s) => [s.key, draftText(s, filter[s.key as FilterKey], timeZone)])) as Record<string, string>,
    [filter, timeZone],
  );
  const [drafts, setDrafts] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [find, setFind] = useState('');
  const findRef = useRef<HTMLInputElement>(null);
  const controls = useRef(new Map<string, HTMLElement>());

  useEffect(() => setDrafts(initial), [initial]);

  useEffect(() => {
    if (focusKey) {
      const el = controls.current.get(focusKey);
      el?.scrollIntoView({ block: 'center' });
      (el?.querySelector('input') ?? el)?.focus();
    } else findRef.current?.focus();
  }, [focusKey]);

  const q = find.trim().toLowerCase();
  const shown = FILTER_SPECS.filter((s) => !q || s.label.toLowerCase().includes(q) || s.flag.includes(q) || s.help.toLowerCase().includes(q));

  const apply = () => {
    let next: SignInFilter = {};
    const errs: Record<string, string> = {};
    for (const spec of FILTER_SPECS) {
      const parsed = parseDraft(spec, drafts[spec.key] ?? '', timeZone);
      if (parsed.ok) next = withValue(next, spec.key as FilterKey, parsed.value);
      else errs[spec.key] = parsed.error;
    }
    const schemaError = Object.keys(errs).length ? null : filterError(next);
    setErrors(errs);
    if (Object.keys(errs).length || schemaError) {
      if (schemaError) setErrors({ _: schemaError });
      return;
    }
    onApply(next);
  };

  return (
    <form
      className="popover filter-panel"
      data-testid="filter-panel"
      role="dialog"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <div className="popover-head">
        <input ref={findRef} type="search" placeholder="Find a filter…" aria-label="Find a filter" value={find} onChange={(e) => setFind(e.target.value)} />
        <span className="spacer" />
        <button type="button" className="ghost small" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" data-testid="filter-apply">
          Apply
        </button>
      </div>
      {errors['_'] && <p className="error">{errors['_']}</p>}
      <div className="popover-body filter-rows">
        {shown.map((spec) => (
          <Control
            key={spec.key}
            spec={spec}
            text={drafts[spec.key] ?? ''}
            error={errors[spec.key]}
            timeZone={timeZone}
            onText={(t) => setDrafts((d) => ({ ...d, [spec.key]: t }))}
            inputRef={(el) => {
              if (el) controls.current.set(spec.key, el);
              else controls.current.delete(spec.key);
            }}
          />
        ))}
        {shown.length === 0 && <p className="muted">No filter matches “{find}”.</p>}
      </div>
      <p className="muted small filter-foot">All filters combine with AND. Enter applies.</p>
    </form>
  );
}
