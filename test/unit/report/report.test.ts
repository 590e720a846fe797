// The report issue's "Done when", end to end on a real case (generated tenant with planted attacks,
// plus sign-ins whose user agent, UPN, app and location carry HTML and script): the PDF text holds
// every finding title and every evidence SHA-256; a changed evidence file fails re-verification;
// payload text is escaped in the HTML and literal in the PDF; the page makes no network request in
// Chromium; detections run first when they never ran; the report is on the audit trail.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../main/case/audit-read';
import { lastRun, listFindings } from '../../../main/case/findings';
import { listEvidence } from '../../../main/case/evidence';
import { CaseSession } from '../../../main/case/session';
import { metaOf } from '../../../main/detect/case-run';
import { startImport } from '../../../main/ingest/run-import';
import { CAPS } from '../../../main/report/gather';
import { chromiumPath, chromiumPrinter } from '../../../main/report/pdf';
import { writeReport } from '../../../main/report/report';
import type { ReportResult } from '../../../preload/contract';
import { runSightline, tempDir } from '../helpers';
import { buildReportCase, PAYLOAD, squash, type ReportCase } from './fixture';

/**
 * The PDF's text in drawing order (-raw): Chromium draws a table cell by cell, so a wrapped cell's
 * lines stay together (the default reading-order mode interleaves neighbouring wrapped cells). The
 * page footer, drawn in the margin, is dropped so text broken across a page reads whole.
 */
const pdftotext = (file: string, args: string[] = []) =>
  execFileSync('pdftotext', ['-raw', ...args, file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 }).replace(/Page \d+ of \d+\n?|Sightline investigation report\n?/g, '');

let root: string;
let fx: ReportCase;
let session: CaseSession;
let html: { result: ReportResult; text: string };
let pdf: { result: ReportResult; text: string; pages: string[] };

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-report-test-'));
  fx = await buildReportCase(root);
  session = CaseSession.open(fx.casePath, { mustExist: true });
  const htmlResult = await writeReport(session.db, fx.casePath, { format: 'html', template: 'full', out: path.join(root, 'report.html') });
  html = { result: htmlResult, text: fs.readFileSync(htmlResult.path, 'utf8') };
  const pdfResult = await writeReport(session.db, fx.casePath, { format: 'pdf', template: 'full', out: path.join(root, 'report.pdf') });
  const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfResult.path], { encoding: 'utf8' }))![1]);
  pdf = { result: pdfResult, text: pdftotext(pdfResult.path), pages: Array.from({ length: pageCount }, (_, i) => pdftotext(pdfResult.path, ['-f', String(i + 1), '-l', String(i + 1)])) };
}, 240_000);

afterAll(() => {
  session?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('the report of a case', () => {
  it('runs the detections first when they never ran, says so, and records the report on the audit trail', () => {
    expect(html.result.detectionsRan).toBe(true);
    expect(html.text).toContain('Detections had never been run on this case, so this report ran them first');
    expect(lastRun(session.db)).not.toBeNull();
    // The second report found them run and says nothing.
    expect(pdf.result.detectionsRan).toBe(false);
    expect(squash(pdf.text)).not.toContain(squash('Detections had never been run'));
    const reports = listAudit(session.db, { action: 'report' }).entries;
    expect(reports).toHaveLength(2);
    const entry = reports.find((e) => (e.detail as { format: string }).format === 'html')!.detail as Record<string, unknown>;
    expect(entry).toMatchObject({ template: 'full', file: html.result.path, detectionsRan: true, findings: html.result.findings });
    expect(entry['sha256']).toBe(createHash('sha256').update(fs.readFileSync(html.result.path)).digest('hex'));
    expect(listAudit(session.db, { action: 'detect' }).total).toBeGreaterThan(0);
  });

  it('is one self-contained HTML file: a strict CSP, no script, no external reference', () => {
    const t = html.text;
    expect(t).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:;/);
    expect(t).not.toMatch(/<script/i);
    expect(t).not.toMatch(/<[a-z][^>]*\s(src|href|srcset|action|formaction|xlink:href)\s*=/i);
    expect(t).not.toMatch(/url\(/i);
    expect(t).not.toMatch(/@import/i);
    // The map and the timeline are inline SVG.
    expect(t.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/g)?.length).toBe(2);
  });

  it('escapes payload text from the logs in the HTML (user agent, UPN, app, location, note)', () => {
    const t = html.text;
    for (const raw of Object.values(PAYLOAD)) expect(t).not.toContain(raw);
    expect(t).toContain('&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(t).toContain('mallory&quot;&gt;&lt;svg onload=alert(2)&gt;@contoso.example');
    expect(t).toContain('&lt;b&gt;Evil &amp; &quot;App&quot;&lt;/b&gt;');
    expect(t).toContain('&lt;iframe src=&#39;//evil.example/x&#39;&gt;&lt;/iframe&gt;');
    expect(t).toContain('&lt;/td&gt;&lt;script&gt;alert(3)&lt;/script&gt; check this 已确认');
    // No element the logs could have introduced: only the report's own tags occur.
    const tags = new Set([...t.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((x) => !['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'section', 'div', 'h1', 'h2', 'h3', 'h4', 'p', 'strong', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'dl', 'dt', 'dd', 'code', 'br', 'svg', 'path', 'g', 'circle', 'rect', 'line', 'text', 'title'].includes(x))).toEqual([]);
  });

  it('prints a PDF whose text holds every finding title, every evidence SHA-256 and the payloads literally', () => {
    const text = squash(pdf.text);
    const findings = listFindings(session.db, { includeSuppressed: true, includeStale: true }, metaOf()).findings;
    expect(findings.length).toBeGreaterThan(3);
    expect(pdf.result.findings).toBe(findings.length);
    for (const f of findings) expect(text, f.title).toContain(squash(f.title));
    const evidence = listEvidence(session.db);
    expect(evidence.length).toBe(4);
    for (const e of evidence) expect(text, e.name).toContain(e.sha256);
    for (const [field, raw] of Object.entries(PAYLOAD)) expect(text, field).toContain(squash(raw));
    expect(pdf.text).toContain('PASSED');
    expect(pdf.result.verification).toEqual({ checked: 4, passed: 4, failed: 0 });
  });

  it('numbers the PDF pages and repeats table headers on every page a table spans', () => {
    const n = pdf.pages.length;
    expect(n).toBeGreaterThan(3);
    pdf.pages.forEach((_, i) => expect(execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf.result.path, '-'], { encoding: 'utf8' })).toContain(`Page ${i + 1} of ${n}`));
    // The tagged sign-ins' table runs over several pages: every page with its rows starts with its header.
    // (Found by their tag, which only that table prints: long cells such as ids wrap, and PDF text interleaves wrapped cells.)
    const tablePages = pdf.pages.filter((p) => /^reviewed$/m.test(p));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const p of tablePages) expect(p).toMatch(/Time\s+\(UTC\),\s+status\s+User,\s+IP\s+address\s+Application,\s+location\s+Client,\s+user\s+agent\s+Request\s+id\s+Tags,\s+notes/);
  });

  it('lists each finding’s first evidence sign-ins and puts them all in a companion CSV', () => {
    const capped = listFindings(session.db, { includeSuppressed: true, includeStale: true }, metaOf()).findings.filter((f) => f.signInCount > CAPS.findingSignIns);
    expect(capped.length).toBeGreaterThan(0);
    const csvFile = html.result.companions.find((c) => c.endsWith('.finding-signins.csv'))!;
    expect(csvFile).toBe(path.join(root, 'report.finding-signins.csv'));
    const csv = fs.readFileSync(csvFile, 'utf8');
    const total = session.db.prepare('SELECT count(*) FROM finding_signins').pluck().get() as number;
    expect(csv.trim().split('\r\n')).toHaveLength(total + 1);
    expect(html.text).toContain(`all ${capped[0]!.signInCount.toLocaleString('en-US')} are in the companion file <code>report.finding-signins.csv</code>`);
  });

  it('includes the scope of the compromise the analyst kept for the report', () => {
    const scope = html.text.slice(html.text.indexOf('<section class="major" id="scope">'));
    expect(scope).toContain('<h2>Scope of the compromise</h2>');
    expect(scope).toContain('<td>ip</td><td>203.0.113.66</td>');
    expect(scope).toContain('mallory&quot;&gt;&lt;svg onload=alert(2)&gt;@contoso.example');
  });

  it('states the methodology: version, detections with parameters, time zone, data licences', () => {
    const t = html.text;
    expect(t).toMatch(/Sightline \d+\.\d+\.\d+ \(case schema \d+\)/);
    expect(t).toContain('password-spray');
    expect(t).toMatch(/minUsers = \d+/);
    expect(t).toContain('Europe/Berlin');
    expect(t).toContain('IP Geolocation by DB-IP');
    expect(t).toContain('Natural Earth');
  });

  it('makes no network request when opened in Chromium (and the check does catch one)', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const requests = async (file: string) => {
        const page = await browser.newPage();
        const seen: string[] = [];
        page.on('request', (r) => {
          if (r.url() !== `file://${file}`) seen.push(r.url());
        });
        await page.goto(`file://${file}`, { waitUntil: 'load' });
        await page.waitForTimeout(300);
        await page.close();
        return seen;
      };
      expect(await requests(html.result.path)).toEqual([]);
      // The same detector on a page with one external image does see its request.
      const control = path.join(root, 'control.html');
      fs.writeFileSync(control, '<!DOCTYPE html><html><body><img src="http://198.51.100.1/x.png"></body></html>');
      expect(await requests(control)).toEqual(['http://198.51.100.1/x.png']);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('evidence re-verification in the report', () => {
  it('reports a changed or missing evidence file as FAILED, clearly, in the HTML and the PDF', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    fs.copyFileSync(fx.payloadFile, a);
    fs.writeFileSync(b, fs.readFileSync(fx.payloadFile, 'utf8').replaceAll('203.0.113.66', '203.0.113.67').replace(/"id": "([0-9a-f]{8})/g, '"id": "ffff$1'.slice(0, 15)));
    const casePath = path.join(dir, 'case.sightline');
    const summary = await startImport(casePath, [a, b]).done;
    expect(summary.totals.inserted).toBeGreaterThan(0);
    fs.appendFileSync(a, '\n');
    const s = CaseSession.open(casePath, { mustExist: true });
    try {
      const r = await writeReport(s.db, casePath, { format: 'html', template: 'summary', out: path.join(dir, 'r.html') });
      expect(r.verification).toEqual({ checked: 2, passed: 1, failed: 1 });
      const t = fs.readFileSync(r.path, 'utf8');
      expect(t).toContain('1 of 2 evidence items FAILED re-verification');
      expect(t).toContain('FAILED: the content changed since it was imported');
      fs.rmSync(b);
      const p = await writeReport(s.db, casePath, { format: 'pdf', template: 'summary', out: path.join(dir, 'r.pdf') });
      expect(p.verification).toEqual({ checked: 2, passed: 0, failed: 2 });
      const text = squash(pdftotext(p.path));
      expect(text).toContain(squash('2 of 2 evidence items FAILED re-verification'));
      expect(text).toContain(squash('FAILED: the content changed since it was imported'));
      expect(text).toContain(squash('FAILED: no file at the recorded path'));
    } finally {
      s.close();
    }
  }, 120_000);
});

describe('printing without Chromium', () => {
  it('fails with a sentence naming the path and SIGHTLINE_CHROMIUM, and leaves no file', async () => {
    const out = path.join(tempDir(), 'r.pdf');
    await expect(writeReport(session.db, fx.casePath, { format: 'pdf', template: 'summary', out }, { printPdf: chromiumPrinter({ executable: '/nonexistent/chromium' }) })).rejects.toThrow(
      /PDF reports need Chromium, and there is none at \/nonexistent\/chromium: .*SIGHTLINE_CHROMIUM/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('sightline report (CLI)', () => {
  it('writes the report named by --out and prints its path; refuses other extensions and templates', async () => {
    const dir = tempDir();
    const ok = await runSightline(['report', fx.casePath, '--out', 'r.html', '--template', 'summary'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`${path.join(dir, 'r.html')}\n`);
    expect(fs.readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('Investigation report (summary)');
    const bad = await runSightline(['report', fx.casePath, '--out', 'r.txt'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--out must name a .html or .pdf file');
    const template = await runSightline(['report', fx.casePath, '--out', 'r.html', '--template', 'long'], dir);
    expect(template.code).toBe(2);
    const noChromium = await runSightline(['report', fx.casePath, '--out', 'r.pdf'], dir, { env: { SIGHTLINE_CHROMIUM: '/nonexistent/chromium' } });
    expect(noChromium.code).toBe(1);
    expect(noChromium.stderr).toContain('PDF reports need Chromium, and there is none at /nonexistent/chromium');
  }, 90_000);
});
