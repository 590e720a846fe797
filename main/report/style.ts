// The report's stylesheet, inlined in the document (no external requests). Print rules: A4, page
// numbers in the bottom margin box (Chromium 131+ and Electron's printToPDF print CSS margin boxes),
// table headers repeated on every page (thead as a header group), rows never split across pages.
// Fonts: the system's; WenQuanYi Micro Hei / Noto CJK cover CJK text in logs when installed.
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 10pt; line-height: 1.4; color: #1d2430; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px; }
h1 { font-size: 22pt; margin: 0 0 6px; }
h2 { font-size: 15pt; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1d2430; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 18px 0 6px; break-after: avoid; }
h4 { font-size: 10pt; margin: 10px 0 4px; break-after: avoid; }
p { margin: 4px 0 8px; }
.muted { color: #5f6b7a; }
.small { font-size: 8.5pt; }
.mono, code { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 3px 5px; border-bottom: 1px solid #d9dde3; overflow-wrap: anywhere; word-break: break-word; }
th { background: #eef1f5; font-weight: 600; overflow-wrap: normal; word-break: normal; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nw, th.nw { white-space: nowrap; overflow-wrap: normal; word-break: normal; }
table.signins { table-layout: fixed; font-size: 7.5pt; }
table.signins th:nth-child(1) { width: 13%; }
table.signins th:nth-child(2) { width: 24%; }
table.signins th:nth-child(3) { width: 15%; }
table.signins th:nth-child(4) { width: 31%; }
table.signins th:nth-child(5) { width: 17%; }
table.signins th:nth-child(6) { width: 12%; }
table.signins .mono { font-size: 7pt; }
table.signins td, table.signins th { overflow-wrap: anywhere; }
table.signins .nw { white-space: nowrap; }
table.signins th.nw { white-space: normal; }
table.further { table-layout: fixed; }
table.further th:nth-child(1) { width: 9%; }
table.further th:nth-child(2) { width: 45%; }
table.further th:nth-child(3) { width: 20%; }
table.further th:nth-child(4) { width: 13%; }
table.further th:nth-child(5) { width: 7%; }
table.further th:nth-child(6) { width: 6%; }
table.further th.nw { white-space: normal; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0 10px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.cover { padding: 48px 0 24px; break-after: page; }
.cover .kind { letter-spacing: .08em; text-transform: uppercase; color: #5f6b7a; font-size: 9pt; }
.cover .desc { white-space: pre-wrap; margin-top: 12px; }
.notice { border: 1px solid #c26a00; background: #fff6e8; padding: 6px 10px; margin: 8px 0; }
.finding { border-left: 4px solid #5f6b7a; padding-left: 10px; margin: 14px 0; break-inside: auto; }
.finding.high { border-color: #b3261e; }
.finding.medium { border-color: #c26a00; }
.finding .explanation { white-space: pre-wrap; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 8pt; font-weight: 600; border: 1px solid #9aa3ad; }
.badge.high { background: #fbe9e7; border-color: #b3261e; color: #8c1d18; }
.badge.medium { background: #fff3e0; border-color: #c26a00; color: #7a4300; }
.badge.low { background: #eef1f5; }
.pass { color: #1e6b3d; font-weight: 700; }
.fail { color: #b3261e; font-weight: 700; }
.evidence-item { border-left: 4px solid #1e6b3d; padding-left: 10px; margin: 10px 0; break-inside: avoid; }
.evidence-item.failed { border-color: #b3261e; background: #fdecea; }
.evidence-item h3 { margin-top: 4px; }
.note { white-space: pre-wrap; }
svg.map, svg.timeline { width: 100%; height: auto; border: 1px solid #d9dde3; background: #fff; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
.stat { font-size: 16pt; font-weight: 700; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; margin: 8px 0 12px; }
.stats > div { border: 1px solid #d9dde3; padding: 6px 8px; }
.appendix { break-before: page; }
@page {
  size: A4;
  margin: 16mm 12mm 18mm 12mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #5f6b7a; }
  @bottom-left { content: "Sightline investigation report"; font-size: 8pt; color: #5f6b7a; }
}
@media print {
  main { max-width: none; padding: 0; }
  .cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; padding: 0; }
  h2 { break-before: auto; }
  section.major { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;
