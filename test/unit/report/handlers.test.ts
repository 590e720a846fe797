// The report and timeline channels through the handler table (as the web server and IPC call them):
// status, preview, web-mode render (files for the browser to download), write with its path check,
// progress events, the printer seam (the desktop app's printToPDF), and the timeline's three channels.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { reportFileName } from '../../../main/handlers/report';
import type { ReportFile, ReportResult, ReportStatus, TimelineDensity, TimelineItems } from '../../../preload/contract';
import { caseOf, HOUR, MIN, signIn, storeFindings, T0, type Built } from '../timeline/fixture';

let built: Built | null = null;
afterEach(() => built?.session.close());

function context(b: Built, extra: Partial<HandlerContext> = {}): HandlerContext & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  const ctx = createHandlerContext({ mode: 'web', session: b.session, emit: (name, payload) => events.push([name, payload]) });
  return Object.assign(ctx, extra, { events });
}

async function small() {
  const recs = Array.from({ length: 12 }, (_, i) => signIn({ t: T0 + i * 5 * MIN, code: i < 11 ? 50126 : 0, ip: '198.51.100.7' }));
  const b = await caseOf(recs);
  fs.writeFileSync(path.join(b.dir, 'signins.json'), 'the evidence file');
  return b;
}

const value = <T>(r: { ok: boolean; value?: unknown; error?: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
};

describe('report channels', () => {
  it('tells whether detections ran and whether a PDF can be printed, then renders the files for a browser', async () => {
    built = await small();
    const ctx = context(built);
    const before = value<ReportStatus>(await dispatch('report.status', {}, ctx));
    expect(before).toMatchObject({ detectionsRun: false, findings: 0, evidence: 1, pdf: { available: true, via: 'chromium' }, last: null });
    const rendered = value<{ result: ReportResult; files: ReportFile[] }>(await dispatch('report.render', { format: 'html', template: 'summary' }, ctx));
    expect(rendered.result).toMatchObject({ format: 'html', template: 'summary', detectionsRan: true, path: expect.stringMatching(/^case-report-\d{4}-\d{2}-\d{2}\.html$/) });
    expect(rendered.files).toHaveLength(1);
    expect(rendered.files[0]).toMatchObject({ mime: 'text/html', encoding: 'utf8', content: expect.stringContaining('<!DOCTYPE html>') });
    // Progress went out as events, ending with done.
    const progress = ctx.events.filter(([n]) => n === 'report.progress').map(([, p]) => p as { step: string; done: boolean });
    expect(progress[0]).toMatchObject({ step: 'running detections', done: false });
    expect(progress.at(-1)).toMatchObject({ done: true });
    const after = value<ReportStatus>(await dispatch('report.status', {}, ctx));
    expect(after).toMatchObject({ detectionsRun: true, last: { file: expect.stringMatching(/^download: case-report-/), format: 'html' } });
  });

  it('writes to a path whose extension matches the format, and prints through the host’s printer when it has one', async () => {
    built = await small();
    storeFindings(built.session, [{ key: 'k', title: 'A finding', ids: built.ids.slice(0, 11) }]);
    const printed: string[] = [];
    const ctx = context(built, { printPdf: async (htmlFile, pdfFile) => void (printed.push(fs.readFileSync(htmlFile, 'utf8')), fs.writeFileSync(pdfFile, '%PDF-1.7 fake')) });
    expect(value<ReportStatus>(await dispatch('report.status', {}, ctx)).pdf).toMatchObject({ available: true, via: 'electron' });
    const wrong = await dispatch('report.write', { format: 'pdf', template: 'full', path: path.join(built.dir, 'r.html') }, ctx);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('must end in .pdf') } });
    const out = path.join(built.dir, 'r.pdf');
    const r = value<ReportResult>(await dispatch('report.write', { format: 'pdf', template: 'full', path: out }, ctx));
    expect(r).toMatchObject({ path: out, detectionsRan: false, findings: 1 });
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-1.7 fake');
    expect(printed[0]).toContain('A finding');
    const preview = value<{ html: string }>(await dispatch('report.preview', { template: 'summary' }, ctx));
    expect(preview.html).toContain('A finding');
    // The preview hashes nothing (seconds per GB of evidence) and says so.
    expect(preview.html).toContain('This preview does not hash the evidence again; the written report does.');
  });

  it('names report files after the case, with nothing a file system could misread', () => {
    expect(reportFileName('Contoso / BEC: "mail" 2026', 'pdf', new Date('2026-11-01T00:00:00Z'))).toBe('Contoso-BEC-mail-2026-report-2026-11-01.pdf');
    expect(reportFileName('../../etc/passwd', 'html', new Date('2026-11-01T00:00:00Z'))).not.toContain('/');
    expect(reportFileName('', 'html', new Date('2026-11-01T00:00:00Z'))).toBe('case-report-2026-11-01.html');
  });
});

describe('timeline channels', () => {
  it('answers density, items and item details through the contract', async () => {
    built = await small();
    storeFindings(built.session, [{ key: 'k', title: 'A finding', ids: built.ids.slice(0, 11) }]);
    const ctx = context(built);
    const d = value<TimelineDensity>(await dispatch('timeline.density', { filter: { status: ['failure'] }, buckets: 20 }, ctx));
    expect(d.total).toBe(11);
    const bad = await dispatch('timeline.density', { fromMs: T0 + HOUR, toMs: T0 }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const items = value<TimelineItems>(await dispatch('timeline.items', {}, ctx));
    expect(items.items.map((i) => i.lane)).toEqual(['finding', 'evidence']);
    const detail = await dispatch('timeline.item', { ref: items.items[0]!.ref }, ctx);
    expect(detail).toMatchObject({ ok: true, value: { title: 'A finding' } });
  });
});
