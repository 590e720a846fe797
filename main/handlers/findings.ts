// Detections and findings (detections.*, findings.*): run the detections on the open case with progress
// and cancel, read and triage findings, suppress, and set the case's parameters. The work is in
// main/detect and main/case/findings.ts; these adapt it to the contract.
import { SightlineError, type Handlers } from '../../preload/contract';
import { addSuppression, FindingError, getFinding, lastRun, listFindings, listSuppressions, removeSuppression, triageFinding } from '../case/findings';
import { detectionInfo, metaOf, runCaseDetections, updateParams } from '../detect/case-run';
import { ParamError } from '../detect/params';
import { registry, RegistryError } from '../detect/registry';
import { requireCase, type HandlerContext } from './context';

type FindingHandlers = Pick<
  Handlers<HandlerContext>,
  | 'detections.list'
  | 'detections.run'
  | 'detections.cancel'
  | 'detections.lastRun'
  | 'detections.setParams'
  | 'findings.list'
  | 'findings.get'
  | 'findings.triage'
  | 'findings.suppress'
  | 'findings.unsuppress'
  | 'findings.suppressions'
>;

/** The running detections of each host context (one run at a time per case window). */
const running = new WeakMap<HandlerContext, AbortController>();

/** Our errors reach the caller with their code: unknown ids are not-found, bad values bad-request. */
async function explained<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FindingError) throw new SightlineError(err.code, err.message);
    if (err instanceof RegistryError || err instanceof ParamError) throw new SightlineError('bad-request', err.message);
    throw err;
  }
}

function detection(id: string) {
  const d = registry.get(id);
  if (!d) throw new SightlineError('not-found', `no detection "${id}"; known: ${registry.all.map((x) => x.id).join(', ')}`);
  return d;
}

const meta = metaOf(registry);

export const findingHandlers: FindingHandlers = {
  'detections.list': async (_arg, ctx) => {
    const { db } = requireCase(ctx);
    return registry.all.map((d) => detectionInfo(db, d));
  },
  'detections.run': async (arg, ctx) => {
    const session = requireCase(ctx);
    if (running.has(ctx)) throw new SightlineError('rejected', 'detections are already running on this case; wait for them or cancel them');
    const controller = new AbortController();
    running.set(ctx, controller);
    try {
      const { run } = await explained(() =>
        runCaseDetections(session.db, {
          ...(arg.only ? { only: arg.only } : {}),
          signal: controller.signal,
          onProgress: (p) =>
            ctx.emit('detect.progress', { runId: p.runId, detection: p.detection?.id ?? null, title: p.detection?.title ?? null, index: p.index, count: p.count, done: p.done }),
        }),
      );
      if (run.status === 'cancelled') ctx.emit('detect.progress', { runId: run.id, detection: null, title: null, index: run.results.length, count: run.results.length, done: true });
      return run;
    } finally {
      running.delete(ctx);
    }
  },
  'detections.cancel': async (_arg, ctx) => {
    const controller = running.get(ctx);
    controller?.abort();
    return { cancelled: controller !== undefined };
  },
  'detections.lastRun': async (_arg, ctx) => lastRun(requireCase(ctx).db),
  'detections.setParams': async (arg, ctx) => {
    const { db } = requireCase(ctx);
    const d = detection(arg.detection);
    return explained(() => {
      try {
        return updateParams(db, d, arg.params);
      } catch (err) {
        if (err instanceof ParamError) throw err;
        throw new SightlineError('bad-request', (err as Error).message);
      }
    });
  },
  'findings.list': async (arg, ctx) => listFindings(requireCase(ctx).db, arg, meta),
  'findings.get': async (arg, ctx) => explained(() => getFinding(requireCase(ctx).db, arg.id, meta)),
  'findings.triage': async (arg, ctx) => {
    const { db } = requireCase(ctx);
    return explained(() => {
      const before = getFinding(db, arg.id, meta);
      triageFinding(db, arg.id, arg.triage, arg.note ?? null);
      if (arg.suppress) addSuppression(db, { detection: before.detection, kind: arg.suppress.kind, value: arg.suppress.value, note: arg.note ?? null, findingId: arg.id });
      return getFinding(db, arg.id, meta);
    });
  },
  'findings.suppress': async (arg, ctx) => {
    const { db } = requireCase(ctx);
    detection(arg.detection);
    return explained(() => addSuppression(db, { detection: arg.detection, kind: arg.kind, value: arg.value, note: arg.note ?? null, findingId: arg.findingId ?? null }));
  },
  'findings.unsuppress': async (arg, ctx) => explained(() => removeSuppression(requireCase(ctx).db, arg.id)),
  'findings.suppressions': async (_arg, ctx) => listSuppressions(requireCase(ctx).db),
};
