// Words for the findings' enums, and small helpers shared by the Findings view's parts. Plain strings
// only: finding text is built from log values and is rendered as text.
import type { ParamValue, Severity, SuppressionKind, TriageState } from '../../../preload/contract';

export const SEVERITIES: Severity[] = ['high', 'medium', 'low'];
export const SEVERITY_LABEL: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export const TRIAGE_STATES: TriageState[] = ['open', 'confirmed', 'false_positive', 'needs_review'];
export const TRIAGE_LABEL: Record<TriageState, string> = { open: 'Open', confirmed: 'Confirmed', false_positive: 'False positive', needs_review: 'Needs review' };

export const SUPPRESSION_LABEL: Record<SuppressionKind, string> = { user: 'this user', ip: 'this IP', asn: 'this ASN' };

/** A parameter value as the settings panel edits it: lists one entry per line. */
export function paramText(v: ParamValue): string {
  return Array.isArray(v) ? v.join('\n') : String(v);
}

/** The edited text back as a value of the default's type; null when it does not read as one. */
export function parseParam(text: string, like: ParamValue): ParamValue | null {
  if (Array.isArray(like)) return text.split('\n').map((s) => s.trim()).filter(Boolean);
  if (typeof like === 'number') {
    const n = Number(text.trim());
    return text.trim() !== '' && Number.isFinite(n) ? n : null;
  }
  if (typeof like === 'boolean') return text === 'true';
  return text;
}

export const sameValue = (a: ParamValue, b: ParamValue) => JSON.stringify(a) === JSON.stringify(b);
