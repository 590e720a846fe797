// The report as one self-contained HTML document: inline CSS and SVG, no script, no external
// resource, and a Content-Security-Policy that would refuse any (default-src 'none'). The summary
// template leaves out the evidence sign-in tables, the annotation tables and the audit appendix.
import type { ReportData } from './gather';
import { html, trusted, type Html } from './html';
import { annotationsSection } from './sections/annotations';
import { cover } from './sections/cover';
import { evidenceSection } from './sections/evidence';
import { findingsSection } from './sections/findings';
import { auditAppendix, methodologySection } from './sections/methodology';
import { scopeSection } from './sections/scope';
import { executiveSummary } from './sections/summary';
import { travelSection } from './sections/travel';
import { REPORT_CSS } from './style';

/** No script, no fetch, no frame, no form: only the inline styles and images of the document itself. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

/** Names of the companion CSV files (null where nothing was capped, so no file is written). */
export type CompanionNames = { findingSignIns: string | null; annotated: string | null; notes: string | null; audit: string | null };

export function reportHtml(d: ReportData, companions: CompanionNames): string {
  const full = d.template === 'full';
  const title = `${d.details.name || d.caseFile}: investigation report`;
  const body: (Html | '')[] = [
    cover(d),
    executiveSummary(d),
    findingsSection(d, companions.findingSignIns),
    travelSection(d),
    full ? annotationsSection(d, companions) : '',
    scopeSection(d),
    evidenceSection(d),
    methodologySection(d),
    full ? auditAppendix(d, companions.audit) : '',
  ];
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Sightline ${d.version}">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.markup;
}
