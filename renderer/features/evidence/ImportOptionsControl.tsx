// "Import options" beside the Import button: a format that skips detection and the day/month order
// for dates a file cannot settle itself. They go with every import (dialog, drop, upload) until
// reset, so while any is on it shows as a chip with a way back to the defaults.
import { useEffect, useRef } from 'react';
import { DateOrder, SourceFormat, type ImportOptions } from '../../../preload/contract';
import { usePopover } from '../shell/usePopover';
import { DATE_ORDER_LABELS, DEFAULT_IMPORT_OPTIONS, FORMAT_LABELS, describeOptions, isDefault } from './importOptions';
import './evidence.css';

export function ImportOptionsControl({ value, onChange, disabled }: { value: ImportOptions; onChange(next: ImportOptions): void; disabled?: boolean }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const firstRef = useRef<HTMLSelectElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open]);
  const set = (patch: ImportOptions) => {
    const next = { ...value, ...patch };
    // Absent, not undefined: the options are sent as they are.
    onChange(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as ImportOptions);
  };
  const reset = () => onChange(DEFAULT_IMPORT_OPTIONS);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div className="popover-anchor import-options" ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="ghost"
        data-testid="import-options-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen(!open)}
        title="Format and date order used by every import until reset"
      >
        Import options{isDefault(value) ? '' : ' •'}
      </button>
      {!isDefault(value) && (
        <span className="chip import-options-chip" data-testid="import-options-summary" title="These options go with every import until reset">
          <span className="chip-text">
            <span className="chip-label">Import: </span>
            {describeOptions(value)}
          </span>
          <button type="button" className="chip-remove" data-testid="import-options-clear" aria-label="Reset import options to the defaults" title="Back to the defaults (detect the format and the date order)" onClick={reset}>
            ×
          </button>
        </span>
      )}
      {open && (
        <div className="popover import-options-panel" role="dialog" aria-label="Import options" data-testid="import-options-panel">
          <label>
            <span>Format</span>
            <select ref={firstRef} data-testid="import-format" value={value.format ?? ''} onChange={(e) => set({ format: SourceFormat.safeParse(e.target.value).data })}>
              <option value="">Detect automatically</option>
              {SourceFormat.options.map((f) => (
                <option key={f} value={f}>
                  {f} ({FORMAT_LABELS[f]})
                </option>
              ))}
            </select>
          </label>
          <p className="muted small">Detection reads each file&rsquo;s header. Choose a format only when it fails: every file of the import is then read as that format.</p>
          <label>
            <span>Date order</span>
            <select data-testid="import-date-order" value={value.dateOrder ?? ''} onChange={(e) => set({ dateOrder: DateOrder.safeParse(e.target.value).data })}>
              <option value="">Detect</option>
              {DateOrder.options.map((o) => (
                <option key={o} value={o}>
                  {DATE_ORDER_LABELS[o]}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small">For PowerShell CSV exports whose dates have no day above 12 to tell day/month from month/day: the order of the computer that exported them. A file whose dates can tell keeps its own order.</p>
          <div className="row end">
            <button type="button" className="ghost small" data-testid="import-options-reset" disabled={isDefault(value)} onClick={reset}>
              Reset to defaults
            </button>
            <button type="button" className="small" onClick={close}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
