// The report is made on its own thread: the calling thread's event loop keeps turning while a report
// of a generated case is built, even when every step of the build holds its thread for 300 ms (the
// test hook; as a control, the same hold in a build on the calling thread is measured); a cancel
// (the signal, or Ctrl+C in the CLI) leaves no file, no staging folder, no `report` audit entry, and a
// detection run the report started is rolled back; a failing or dying report thread is a clear error.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../main/case/audit-read';
import { CaseSession } from '../../../main/case/session';
import { dispatch } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { DEFAULT_END, generate } from '../../../main/generate/generate';
import { startImport } from '../../../main/ingest/run-import';
import { workerOutcome } from '../../../main/ingest/workers';
import { buildReport } from '../../../main/report/build';
import { ReportCancelled, writeReport } from '../../../main/report/report';
import type { ReportProgress } from '../../../preload/contract';
import { repoRoot, tempDir } from '../helpers';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const DELAY_ENV = 'SIGHTLINE_TEST_REPORT_STEP_DELAY_MS';
/** How long the test hook holds the report thread (synchronously) at every step. */
const PAUSE_MS = 300;
const holdThread = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

let root: string;
/** A generated case (4,000 sign-ins, planted attacks) on which detections never ran; copied per test. */
let pristine: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-report-thread-'));
  const gen = path.join(root, 'gen');
  generate({ out: gen, users: 40, days: 10, rows: 4000, seed: 11, format: 'portal-csv', attacks: ['password-spray', 'brute-force-then-success', 'impossible-travel', 'mfa-fatigue'], end: DEFAULT_END });
  pristine = path.join(root, 'pristine.sightline');
  const summary = await startImport(pristine, fs.readdirSync(gen).filter((f) => f.endsWith('.csv')).map((f) => path.join(gen, f))).done;
  expect(summary.totals.inserted).toBe(4000);
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh copy of the generated case in its own folder (evidence paths stay those of the generator's files). */
function copyCase(): { dir: string; casePath: string; session: CaseSession } {
  const dir = tempDir();
  const casePath = path.join(dir, 'case.sightline');
  const src = CaseSession.open(pristine, { mustExist: true });
  src.db.exec(`VACUUM INTO '${casePath.replace(/'/g, "''")}'`);
  src.close();
  return { dir, casePath, session: CaseSession.open(casePath, { mustExist: true }) };
}

const count = (s: CaseSession, sql: string) => s.db.prepare(sql).pluck().get() as number;

/** The longest the event loop was held (ms) while `work` ran: the widest gap between ticks of a 5 ms timer. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await sleep(20);
    await work();
    // A few more ticks, so a hold that ended the work is measured too.
    await sleep(20);
  } finally {
    clearInterval(probe);
  }
  return longest;
}

async function withDelay<T>(ms: number, work: () => Promise<T>): Promise<T> {
  process.env[DELAY_ENV] = String(ms);
  try {
    return await work();
  } finally {
    delete process.env[DELAY_ENV];
  }
}

describe('the report thread', () => {
  it('makes the report of a generated case with its steps counted: detections one by one, evidence file by file', async () => {
    const c = copyCase();
    try {
      const steps: string[] = [];
      const out = path.join(c.dir, 'report.html');
      const result = await writeReport(c.session.db, c.casePath, { format: 'html', template: 'full', out }, { onProgress: (p) => steps.push(p.step) });
      expect(result.detectionsRan).toBe(true);
      expect(result.findings).toBeGreaterThan(3);
      expect(fs.readFileSync(out, 'utf8')).toContain('<!DOCTYPE html>');
      expect(listAudit(c.session.db, { action: 'report' }).total).toBe(1);
      expect(steps[0]).toBe('running detections');
      expect(steps.some((s) => /^running detections 1\/\d+: [a-z-]+$/.test(s))).toBe(true);
      const files = count(c.session, 'SELECT count(*) FROM evidence');
      expect(files).toBeGreaterThan(1);
      expect(steps.filter((s) => /^re-verifying evidence \d/.test(s))).toEqual(Array.from({ length: files }, (_, i) => `re-verifying evidence ${i + 1}/${files}`));
      expect(steps).toContain('writing the report');
    } finally {
      c.session.close();
    }
  }, 120_000);

  it('builds off the calling thread: while every step holds the report thread for 300 ms, the caller is never held for long', async () => {
    const c = copyCase();
    try {
      let steps = 0;
      const stall = await withDelay(PAUSE_MS, () =>
        longestStall(() => writeReport(c.session.db, c.casePath, { format: 'html', template: 'summary', out: path.join(c.dir, 'report.html') }, { onProgress: () => steps++ })),
      );
      expect(steps).toBeGreaterThan(8);
      // ~100 ms is the goal; the margin is this shared 2-core machine's scheduling noise (up to ~100 ms seen
      // under load), still far below the 300 ms a step on this thread would hold it.
      expect(stall).toBeLessThan(150);
    } finally {
      c.session.close();
    }
    // The control: the same synchronous hold in a step of the build on this thread is seen, so the check above can fail.
    const d = copyCase();
    try {
      const controller = new AbortController();
      const staging = fs.mkdtempSync(path.join(d.dir, 'control-'));
      const job = { format: 'html' as const, template: 'summary' as const, out: path.join(d.dir, 'control.html'), staging, now: new Date() };
      const blocked = await longestStall(() =>
        buildReport(d.session.db, d.casePath, job, {
          signal: controller.signal,
          step: () => {
            holdThread(PAUSE_MS);
            controller.abort();
          },
        }).catch(() => undefined),
      );
      expect(blocked).toBeGreaterThan(PAUSE_MS - 50);
    } finally {
      d.session.close();
    }
  }, 120_000);

  it('cancelled while the detections run: no file, no staging folder, no audit entry, and no detection run or finding stored', async () => {
    const c = copyCase();
    try {
      const before = fs.readdirSync(c.dir).sort();
      const controller = new AbortController();
      const seen: ReportProgress[] = [];
      const made = withDelay(300, () =>
        writeReport(c.session.db, c.casePath, { format: 'html', template: 'full', out: path.join(c.dir, 'report.html') }, {
          signal: controller.signal,
          onProgress: (p) => {
            seen.push(p);
            if (/^running detections 1\//.test(p.step)) controller.abort();
          },
        }),
      );
      await expect(made).rejects.toBeInstanceOf(ReportCancelled);
      await expect(made).rejects.toThrow('the report was cancelled: nothing was written');
      expect(seen.some((p) => /^running detections 1\//.test(p.step))).toBe(true);
      expect(fs.readdirSync(c.dir).filter((f) => !f.startsWith('case.sightline')).sort()).toEqual(before.filter((f) => !f.startsWith('case.sightline')));
      expect(listAudit(c.session.db, { action: 'report' }).total).toBe(0);
      expect(listAudit(c.session.db, { action: 'detect' }).total).toBe(0);
      expect(count(c.session, 'SELECT count(*) FROM detection_runs')).toBe(0);
      expect(count(c.session, 'SELECT count(*) FROM findings')).toBe(0);

      // The next report runs them (the cancelled one left nothing that says they ran).
      const r = await writeReport(c.session.db, c.casePath, { format: 'html', template: 'summary', out: path.join(c.dir, 'report.html') });
      expect(r.detectionsRan).toBe(true);
      expect(count(c.session, "SELECT count(*) FROM detection_runs WHERE status = 'completed'")).toBe(1);
      expect(listAudit(c.session.db, { action: 'report' }).total).toBe(1);
    } finally {
      c.session.close();
    }
  }, 120_000);

  it('cancelled while the PDF prints: the half-printed PDF and the companion files go, nothing is audited', async () => {
    const c = copyCase();
    try {
      const controller = new AbortController();
      let printedTo = '';
      const made = writeReport(c.session.db, c.casePath, { format: 'pdf', template: 'full', out: path.join(c.dir, 'report.pdf') }, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 'printing the PDF' && !p.done) controller.abort();
        },
        // A printer that has written half a file when the cancel comes, and stops on it.
        printPdf: async (_html, pdf, signal) => {
          printedTo = pdf;
          fs.writeFileSync(pdf, '%PDF-1.7 half');
          await new Promise((resolve) => (signal?.aborted ? resolve(null) : signal?.addEventListener('abort', resolve)));
          throw new Error('printing stopped');
        },
      });
      await expect(made).rejects.toBeInstanceOf(ReportCancelled);
      expect(printedTo).not.toBe('');
      expect(fs.existsSync(printedTo)).toBe(false);
      // Only the case itself is left in the folder: no report, no companion CSV, no staging folder.
      expect(fs.readdirSync(c.dir).filter((f) => !f.startsWith('case.sightline'))).toEqual([]);
      expect(listAudit(c.session.db, { action: 'report' }).total).toBe(0);
    } finally {
      c.session.close();
    }
  }, 120_000);

  it('a report thread that fails is a clear error, and leaves nothing behind', async () => {
    const c = copyCase();
    try {
      // The thread opens the case by its path: here a file that is not a Sightline case.
      const notACase = path.join(c.dir, 'notes.txt');
      fs.writeFileSync(notACase, 'not a case');
      const out = path.join(c.dir, 'report.html');
      await expect(writeReport(c.session.db, notACase, { format: 'html', template: 'full', out })).rejects.toThrow(/^the report could not be made: .*not a Sightline case/);
      await expect(writeReport(c.session.db, path.join(c.dir, 'gone.sightline'), { format: 'html', template: 'full', out })).rejects.toThrow(`the report could not be made: no case file at ${path.join(c.dir, 'gone.sightline')}`);
      expect(fs.readdirSync(c.dir).filter((f) => !f.startsWith('case.sightline')).sort()).toEqual(['notes.txt']);
      expect(listAudit(c.session.db, { action: 'report' }).total).toBe(0);
    } finally {
      c.session.close();
    }
  }, 60_000);

  it('a thread that dies or throws rejects the job with a sentence instead of hanging (workerOutcome)', async () => {
    const settle = (m: { value: number }) => ({ value: m.value });
    const stopped = (code: number) => `the test thread stopped unexpectedly (exit code ${code})`;
    await expect(workerOutcome(new Worker('process.exit(3)', { eval: true }), settle, stopped)).rejects.toThrow('the test thread stopped unexpectedly (exit code 3)');
    await expect(workerOutcome(new Worker('throw new Error("disk on fire")', { eval: true }), settle, stopped)).rejects.toThrow('disk on fire');
    await expect(workerOutcome(new Worker('require("node:worker_threads").parentPort.postMessage({ value: 7 })', { eval: true }), settle, stopped)).resolves.toBe(7);
  });
});

describe('sightline report, Ctrl+C', () => {
  it('SIGINT cancels cleanly: exit 130, no file left, no report on the audit trail, no progress line off a terminal', async () => {
    const c = copyCase();
    c.session.close();
    const out = path.join(c.dir, 'report.pdf');
    // Node itself (not npm), so the signal and the exit code are the command's own.
    const child = spawn(process.execPath, ['--import', tsxLoader, path.join(repoRoot, 'main/cli.ts'), 'report', 'case.sightline', '--out', 'report.pdf'], {
      cwd: c.dir,
      env: { ...process.env, INIT_CWD: c.dir, [DELAY_ENV]: '300' },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let sent = false;
    // Interrupted once the report thread is at work (its staging folder exists beside the report).
    const poll = setInterval(() => {
      if (!sent && fs.readdirSync(c.dir).some((f) => f.startsWith('.report.pdf.sightline-'))) {
        sent = true;
        child.kill('SIGINT');
      }
    }, 50);
    const code = await new Promise<number | null>((resolve) => child.on('close', (x) => resolve(x)));
    clearInterval(poll);
    expect(sent).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toContain('report cancelled: no file was written.');
    expect(stderr).not.toMatch(/report: .*\(\d+\/\d+\)/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(c.dir).filter((f) => !f.startsWith('case.sightline'))).toEqual([]);
    const s = CaseSession.open(c.casePath, { mustExist: true });
    try {
      expect(listAudit(s.db, { action: 'report' }).total).toBe(0);
      expect(count(s, 'SELECT count(*) FROM detection_runs')).toBe(0);
    } finally {
      s.close();
    }
  }, 120_000);
});

describe('report.cancel (the channel the Report view calls)', () => {
  it('cancels the report being made through the handlers: its call fails as rejected, nothing is downloaded or audited', async () => {
    const c = copyCase();
    try {
      const events: ReportProgress[] = [];
      const ctx = createHandlerContext({ mode: 'web', session: c.session, emit: (name, payload) => name === 'report.progress' && events.push(payload as ReportProgress) });
      expect(await dispatch('report.cancel', {}, ctx)).toEqual({ ok: true, value: { cancelled: false } });
      const made = withDelay(PAUSE_MS, () => dispatch('report.render', { format: 'html', template: 'full' }, ctx));
      await expect.poll(() => events.length, { timeout: 60_000 }).toBeGreaterThan(0);
      // One report at a time per window: a second is refused while the first runs.
      expect(await dispatch('report.render', { format: 'html', template: 'summary' }, ctx)).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringContaining('already being made') } });
      expect(await dispatch('report.cancel', {}, ctx)).toEqual({ ok: true, value: { cancelled: true } });
      expect(await made).toEqual({ ok: false, error: { code: 'rejected', message: 'the report was cancelled: nothing was written' } });
      // The view's progress ends with the cancel.
      expect(events.at(-1)).toMatchObject({ step: 'cancelled', done: true });
      expect(listAudit(c.session.db, { action: 'report' }).total).toBe(0);
      expect(count(c.session, 'SELECT count(*) FROM detection_runs')).toBe(0);
    } finally {
      c.session.close();
    }
  }, 120_000);
});
