// Runs detections one after another over a case, timing each, and applies what every detection shares:
// a finding whose every address is in a trusted range is down-ranked and says so (never dropped: the
// analyst decides). A detection that throws is reported with its error; the others still run.
import type { CaseDb } from '../case/db';
import type { Detection, FindingDraft, ParamValue, Severity, Trusted } from './types';

export type DetectionOutcome = {
  detection: Detection;
  params: Record<string, ParamValue>;
  ms: number;
  findings: FindingDraft[];
  notEvaluable: number;
  error: string | null;
};

export type RunOptions = {
  trusted: Trusted;
  /** The parameters to run each detection with (defaults merged with the case's overrides). */
  paramsOf(d: Detection): Record<string, ParamValue>;
  /** Called before each detection, and once at the end with `done`. */
  onProgress?(p: { detection: Detection | null; index: number; count: number; done: boolean }): void;
  /** Checked between detections; a cancelled run returns what finished. */
  signal?: AbortSignal;
};

export class DetectionsCancelled extends Error {
  constructor(readonly finished: DetectionOutcome[]) {
    super('detections cancelled');
  }
}

const LOWER: Record<Severity, Severity> = { high: 'low', medium: 'low', low: 'low' };

/** Every address of the finding trusted: lower it and add the reason, once. */
export function applyTrust(f: FindingDraft, trusted: Trusted, fallback: Severity): FindingDraft {
  if (f.ips.length === 0 || !f.ips.every((ip) => trusted.ip(ip))) return f;
  const severity = f.severity ?? fallback;
  if (severity === 'low') return f;
  return {
    ...f,
    severity: LOWER[severity],
    explanation: `${f.explanation} Every address in it is in a trusted range, so the severity is lowered from ${severity}.`,
    facts: { ...f.facts, trusted: true },
  };
}

/** Lets queued I/O (a cancel request, progress events) through between detections. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runDetections(db: CaseDb, detections: readonly Detection[], opts: RunOptions): Promise<DetectionOutcome[]> {
  const out: DetectionOutcome[] = [];
  for (const [index, detection] of detections.entries()) {
    await breathe();
    if (opts.signal?.aborted) throw new DetectionsCancelled(out);
    opts.onProgress?.({ detection, index, count: detections.length, done: false });
    const params = opts.paramsOf(detection);
    const started = performance.now();
    try {
      const result = await detection.run({ db, trusted: opts.trusted }, params);
      out.push({
        detection,
        params,
        ms: Math.round(performance.now() - started),
        findings: result.findings.map((f) => applyTrust(f, opts.trusted, detection.severity)),
        notEvaluable: result.notEvaluable,
        error: null,
      });
    } catch (err) {
      out.push({ detection, params, ms: Math.round(performance.now() - started), findings: [], notEvaluable: 0, error: (err as Error).message ?? String(err) });
    }
  }
  opts.onProgress?.({ detection: null, index: detections.length, count: detections.length, done: true });
  return out;
}
