// Detections on an open case, as the handlers and the CLI use them: the case's parameters and trusted
// networks, a stored run (findings, per-detection times, "not evaluable" counts), and the metadata the
// UI shows for each detection.
import type { DetectionInfo, DetectionRun } from '../../preload/contract';
import type { CaseDb } from '../case/db';
import { findingId, getRun, paramOverrides, setParamOverrides, startRun, storeRun, type DetectionMeta } from '../case/findings';
import { checkParam, resolveParams } from './params';
import { registry as defaultRegistry, type Registry } from './registry';
import { DetectionsCancelled, runDetections, type DetectionOutcome } from './runner';
import { caseTrusted } from './trusted';
import type { Detection, ParamValue, Trusted } from './types';

export type CaseRunOptions = {
  only?: readonly string[];
  registry?: Registry;
  /** Defaults to the case's trusted ranges and places. */
  trusted?: Trusted;
  onProgress?(p: { runId: number; detection: Detection | null; index: number; count: number; done: boolean }): void;
  signal?: AbortSignal;
  /**
   * All or nothing (the report's run): nothing is written until every detection finished, then the
   * run and its findings are stored in one transaction; a cancel throws DetectionsCancelled and
   * leaves the case as it was. Progress reports runId 0 until then.
   */
  atomic?: boolean;
};

export type CaseRunResult = { run: DetectionRun; outcomes: DetectionOutcome[]; findingIds: Map<string, string[]> };

/** The case's parameters of one detection (defaults with its stored overrides; a stale override is dropped). */
export function caseParams(db: CaseDb, d: Detection): Record<string, ParamValue> {
  const overrides = paramOverrides(db, d.id);
  const usable = Object.fromEntries(
    Object.entries(overrides).filter(([name, value]) => {
      const spec = d.params[name];
      if (!spec) return false;
      try {
        checkParam(d.id, name, spec, value);
        return true;
      } catch {
        return false;
      }
    }),
  );
  return resolveParams(d, usable);
}

export function detectionInfo(db: CaseDb, d: Detection): DetectionInfo {
  const current = caseParams(db, d);
  const overrides = paramOverrides(db, d.id);
  return {
    id: d.id,
    title: d.title,
    version: d.version,
    severity: d.severity,
    attack: [...d.attack],
    appliesTo: [...d.appliesTo],
    kql: d.kql,
    params: Object.entries(d.params).map(([name, spec]) => ({
      name,
      help: spec.help,
      default: spec.default,
      value: current[name]!,
      overridden: name in overrides,
      min: spec.min ?? null,
      max: spec.max ?? null,
    })),
  };
}

/** Checks and stores parameter overrides (null restores the default). */
export function updateParams(db: CaseDb, d: Detection, params: Record<string, ParamValue | null>): DetectionInfo {
  const checked: Record<string, ParamValue | null> = {};
  for (const [name, value] of Object.entries(params)) {
    const spec = d.params[name];
    if (!spec) throw new Error(`${d.id} has no parameter "${name}" (it has ${Object.keys(d.params).join(', ') || 'none'})`);
    checked[name] = value === null ? null : checkParam(d.id, name, spec, value);
  }
  setParamOverrides(db, d.id, checked);
  return detectionInfo(db, d);
}

export const metaOf =
  (reg: Registry = defaultRegistry) =>
  (id: string): DetectionMeta | undefined =>
    reg.get(id);

/** Runs the detections on the case and stores the run; a cancelled run stores what finished. */
export async function runCaseDetections(db: CaseDb, opts: CaseRunOptions = {}): Promise<CaseRunResult> {
  const reg = opts.registry ?? defaultRegistry;
  const detections = reg.select(opts.only);
  if (opts.atomic) return runAtomically(db, detections, opts);
  const runId = startRun(db);
  let outcomes: DetectionOutcome[];
  let status: 'completed' | 'cancelled' | 'failed' = 'completed';
  try {
    outcomes = await runDetections(db, detections, {
      trusted: opts.trusted ?? caseTrusted(db),
      paramsOf: (d) => caseParams(db, d),
      onProgress: (p) => opts.onProgress?.({ runId, ...p }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (!(err instanceof DetectionsCancelled)) {
      storeRun(db, runId, [], 'failed');
      throw err;
    }
    outcomes = err.finished;
    status = 'cancelled';
  }
  const run = storeRun(db, runId, outcomes, status);
  const findingIds = new Map(outcomes.map((o) => [o.detection.id, [...new Set(o.findings.map((f) => findingId(o.detection.id, f.key)))]]));
  return { run, outcomes, findingIds };
}

async function runAtomically(db: CaseDb, detections: readonly Detection[], opts: CaseRunOptions): Promise<CaseRunResult> {
  const startedAt = new Date();
  // A cancel (DetectionsCancelled) or a failure propagates before anything was written.
  const outcomes = await runDetections(db, detections, {
    trusted: opts.trusted ?? caseTrusted(db),
    paramsOf: (d) => caseParams(db, d),
    onProgress: (p) => opts.onProgress?.({ runId: 0, ...p }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (opts.signal?.aborted) throw new DetectionsCancelled(outcomes);
  const run = db.transaction(() => storeRun(db, startRun(db, startedAt), outcomes, 'completed'))();
  const findingIds = new Map(outcomes.map((o) => [o.detection.id, [...new Set(o.findings.map((f) => findingId(o.detection.id, f.key)))]]));
  return { run, outcomes, findingIds };
}

export { getRun };
