// sightline detect | kql: run the detections on a case (findings are stored in it), and print a
// detection's KQL twin for Sentinel / Log Analytics.
import { parseArgs } from 'node:util';
import { listFindings, findingsWithSignIns } from '../case/findings';
import { CaseSession } from '../case/session';
import { metaOf, runCaseDetections } from '../detect/case-run';
import { registry } from '../detect/registry';
import { note, printJson, progressLine, UsageError, userPath } from './io';

export const detectUsage = 'sightline detect <case> [--only id,id] [--json]';
export const kqlUsage = 'sightline kql <detection-id>';

export async function runDetect(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { only: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${detectUsage}`);
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = only.filter((id) => !registry.get(id));
  if (unknown.length) throw new UsageError(`--only: unknown detection${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${registry.all.map((d) => d.id).join(', ')}`);

  const session = CaseSession.open(userPath(casePath), { mustExist: true });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressLine();
  try {
    const { run, outcomes, findingIds } = await runCaseDetections(session.db, {
      only,
      signal: controller.signal,
      onProgress: (p) => (p.done ? progress.done() : progress.update(`detections ${p.index + 1}/${p.count}: ${p.detection?.id ?? ''}`)),
    });
    progress.done();
    const produced = new Set([...findingIds.values()].flat());
    const findings = listFindings(session.db, {}, metaOf(registry)).findings.filter((f) => produced.has(f.id));
    const signIns = findingsWithSignIns(session.db, findings.map((f) => f.id));
    const notEvaluable = run.results.filter((r) => r.notEvaluable > 0).map((r) => ({ detection: r.detection, signIns: r.notEvaluable }));
    if (values.json) {
      printJson({
        findings: findings.map((f) => ({
          id: f.id,
          detection: f.detection,
          severity: f.severity,
          attack: f.attack,
          title: f.title,
          explanation: f.explanation,
          users: f.users,
          ips: f.ips,
          start: f.start,
          end: f.end,
          signInIds: signIns.get(f.id) ?? [],
        })),
        notEvaluable,
      });
    } else {
      for (const f of findings) process.stdout.write(`${f.severity.toUpperCase().padEnd(6)} ${f.start}  ${f.detection.padEnd(30)} ${f.id}  ${f.title}\n`);
      for (const n of notEvaluable) process.stdout.write(`${n.detection}: not evaluable for ${n.signIns.toLocaleString('en-US')} sign-in${n.signIns === 1 ? '' : 's'}\n`);
    }
    const suppressed = outcomes.reduce((n, o) => n + o.findings.length, 0) - findings.length;
    note(
      `${findings.length} finding${findings.length === 1 ? '' : 's'} from ${run.results.length} detection${run.results.length === 1 ? '' : 's'} in ${run.results.reduce((n, r) => n + r.ms, 0)} ms` +
        (suppressed > 0 ? ` (${suppressed} suppressed)` : '') +
        (run.status === 'cancelled' ? '; cancelled: the detections that finished are stored' : ''),
    );
    const failed = run.results.filter((r) => r.error);
    for (const r of failed) note(`${r.detection} failed: ${r.error}`);
    if (run.status === 'cancelled') return 130;
    return failed.length ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    session.close();
  }
}

export async function runKql(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true });
  const [id] = positionals;
  if (!id || positionals.length > 1) throw new UsageError(`usage: ${kqlUsage}; detections: ${registry.all.map((d) => d.id).join(', ')}`);
  const d = registry.get(id);
  if (!d) throw new UsageError(`unknown detection "${id}"; known: ${registry.all.map((x) => x.id).join(', ')}`);
  process.stdout.write(`// ${d.title} (${d.id} v${d.version}). KQL over SigninLogs / AADNonInteractiveUserSignInLogs; not run by Sightline.\n${d.kql}\n`);
  return 0;
}
