// The case details dialog: name, number, analyst, client/tenant, time zone, description. Stored in
// the case file; the analyst named here is the one the audit trail records from then on.
import { useEffect, useMemo, useState } from 'react';
import { CaseDetails, type CaseDetails as Details } from '../../../preload/contract';
import { api } from '../../api';
import { knownZones } from '../../time';

const FIELDS: { key: Exclude<keyof Details, 'description' | 'timeZone'>; label: string; placeholder: string }[] = [
  { key: 'name', label: 'Case name', placeholder: 'e.g. ACME business email compromise' },
  { key: 'number', label: 'Case number', placeholder: 'e.g. IR-2026-041' },
  { key: 'analyst', label: 'Analyst', placeholder: 'who works the case (recorded on the audit trail)' },
  { key: 'client', label: 'Client / tenant', placeholder: 'e.g. ACME Corp (acme.onmicrosoft.com)' },
];

export function CaseDetailsDialog({ onClose, onMessage }: { onClose(): void; onMessage(kind: 'info' | 'error', text: string): void }) {
  const [form, setForm] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);
  const zones = useMemo(() => knownZones(), []);

  useEffect(() => {
    api['case.details']({}).then(setForm, (e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const save = async () => {
    if (!form) return;
    const parsed = CaseDetails.safeParse(form);
    if (!parsed.success) return setError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    try {
      await api['case.setDetails'](parsed.data);
      onMessage('info', 'Case details saved.');
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="dialog case-details-dialog" role="dialog" aria-label="Case details" data-testid="case-details">
      <h3>Case details</h3>
      {!form && !error && <p className="muted">Loading…</p>}
      {form && (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {FIELDS.map((f) => (
            <label key={f.key}>
              <span>{f.label}</span>
              <input data-testid={`case-${f.key}`} value={form[f.key]} placeholder={f.placeholder} maxLength={200} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
            </label>
          ))}
          <label>
            <span>Time zone</span>
            <select data-testid="case-timeZone" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })}>
              <option value="">Not set (times are shown in UTC)</option>
              <option value="UTC">UTC</option>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <label className="wide">
            <span>Description</span>
            <textarea data-testid="case-description" rows={5} maxLength={20_000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          </label>
          <p className="muted small wide">Stored in the case file. Changes are recorded on the audit trail.</p>
          {error && <p className="error-text wide">{error}</p>}
          <div className="row end wide">
            <button type="button" className="ghost" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" data-testid="case-details-save">
              Save
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
