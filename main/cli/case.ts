// sightline case | evidence | tag | note | bookmark | annotations | audit: the analyst's work on a
// case, from a script. Same functions as the app's handlers; every change is on the audit trail.
import { parseArgs } from 'node:util';
import { TAG_PRESETS, TagValue, NoteText, type AnnotationTargetKind, type CaseDetails } from '../../preload/contract';
import { addAnnotations, listAnnotations, removeAnnotations } from '../case/annotations';
import { listAudit } from '../case/audit-read';
import { caseCoverage, DEFAULT_MIN_EXPECTED } from '../case/coverage';
import { getCaseDetails, setCaseDetails } from '../case/details';
import { listEvidence } from '../case/evidence';
import { compileFilter } from '../case/filter';
import { previewRemoval, removeEvidence } from '../case/remove-evidence';
import { CaseSession } from '../case/session';
import { verifyEvidence } from '../case/verify';
import { filterFromFlags, filterOptions } from './filters';
import { note, printJson, UsageError, userPath } from './io';

export const caseUsage = `sightline case <case> [--name T] [--number T] [--analyst T] [--client T] [--time-zone ZONE] [--description T] [--json]`;
export const evidenceUsage = `sightline evidence <case> [--verify | --coverage [--min-expected N] | --remove ID [--yes]] [--json]`;
export const tagUsage = `sightline tag <case> TAG [--remove] (--id ID... | --target-user UPN... | --target-ip IP... | --target-finding ID... | [filters])`;
export const noteUsage = `sightline note <case> TEXT (--id ID... | --target-user UPN... | --target-ip IP... | --target-finding ID...)`;
export const bookmarkUsage = `sightline bookmark <case> [--remove] (--id ID... | [filters])`;
export const annotationsUsage = `sightline annotations <case> [--kind tag|note|bookmark] [--target-kind signin|finding|user|ip] [--all] [--json]`;
export const auditUsage = `sightline audit <case> [--action NAME] [--limit N] [--json]`;

function openExisting(casePath: string): CaseSession {
  return CaseSession.open(userPath(casePath), { mustExist: true });
}

const iso = (t: string) => t.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
const splitAll = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export async function runCase(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' }, number: { type: 'string' }, analyst: { type: 'string' }, client: { type: 'string' },
      'time-zone': { type: 'string' }, description: { type: 'string' }, json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${caseUsage}`);
  const patch: Partial<CaseDetails> = {};
  for (const [flag, key] of [['name', 'name'], ['number', 'number'], ['analyst', 'analyst'], ['client', 'client'], ['time-zone', 'timeZone'], ['description', 'description']] as const) {
    const v = values[flag];
    if (v !== undefined) patch[key] = v.trim();
  }
  const session = openExisting(casePath);
  try {
    let details: CaseDetails;
    try {
      details = Object.keys(patch).length ? setCaseDetails(session.db, patch) : getCaseDetails(session.db);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (values.json) printJson(details);
    else for (const [k, v] of Object.entries(details)) process.stdout.write(`${k.padEnd(12)} ${v || '—'}\n`);
    return 0;
  } finally {
    session.close();
  }
}

export async function runEvidence(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      verify: { type: 'boolean', default: false }, coverage: { type: 'boolean', default: false }, 'min-expected': { type: 'string' },
      remove: { type: 'string' }, yes: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${evidenceUsage}`);
  if ([values.verify, values.coverage, values.remove !== undefined].filter(Boolean).length > 1) throw new UsageError('--verify, --coverage and --remove cannot be combined');
  const session = openExisting(casePath);
  try {
    if (values.verify) {
      const results = await verifyEvidence(session.db);
      if (values.json) printJson({ evidence: results });
      else for (const r of results) process.stdout.write(`${String(r.evidenceId).padStart(4)}  ${r.status.padEnd(10)} ${r.recorded}  ${r.name}\n`);
      const bad = results.filter((r) => r.status !== 'match');
      if (bad.length) note(`${bad.length} evidence item${bad.length === 1 ? '' : 's'} failed re-verification`);
      return bad.length ? 1 : 0;
    }
    if (values.coverage) {
      const text = values['min-expected'];
      if (text !== undefined && !(Number(text) > 0)) throw new UsageError(`--min-expected must be a positive number; got "${text}"`);
      const coverage = caseCoverage(session.db, text === undefined ? DEFAULT_MIN_EXPECTED : Number(text));
      if (values.json) printJson(coverage);
      else {
        process.stdout.write(`${coverage.rule}\n`);
        for (const t of coverage.types) {
          process.stdout.write(`\n${t.type} (${t.count} sign-ins)\n`);
          for (const l of t.lanes) {
            process.stdout.write(`  ${iso(l.start)} – ${iso(l.end)}  ${String(l.count).padStart(8)}  ${l.name}\n`);
            for (const g of l.gaps) process.stdout.write(`      gap ${iso(g.start)} – ${iso(g.end)} (${g.reason === 'silence' ? `${g.expected} expected` : 'not collected'})\n`);
          }
          for (const u of t.uncovered) process.stdout.write(`  uncovered ${iso(u.start)} – ${iso(u.end)}\n`);
        }
      }
      return 0;
    }
    if (values.remove !== undefined) {
      if (!/^\d+$/.test(values.remove)) throw new UsageError(`--remove takes an evidence id (see sightline evidence <case>); got "${values.remove}"`);
      const id = Number(values.remove);
      if (!values.yes) {
        const preview = previewRemoval(session.db, id);
        if (values.json) printJson({ removed: false, preview });
        else process.stdout.write(`${preview.name}: would remove ${preview.signInsRemoved} sign-ins and keep ${preview.signInsKept} another evidence also holds\n`);
        note('nothing was removed: add --yes to remove it');
        return 2;
      }
      const result = await removeEvidence(session.db, id);
      if (values.json) printJson({ removed: true, ...result });
      else process.stdout.write(`removed ${result.name}: ${result.signInsRemoved} sign-ins removed, ${result.signInsKept} kept (also held by other evidence)\n`);
      return 0;
    }
    const rows = listEvidence(session.db);
    if (values.json) printJson({ evidence: rows });
    else for (const e of rows) process.stdout.write(`${String(e.id).padStart(4)}  ${e.sha256}  ${e.format.padEnd(20)} ${String(e.records).padStart(9)}  ${e.name}  (${e.source === 'graph' ? 'Graph collection' : e.path}, ${iso(e.importedAt)})\n`);
    return 0;
  } finally {
    session.close();
  }
}

const targetOptions = {
  id: { type: 'string', multiple: true },
  'target-user': { type: 'string', multiple: true },
  'target-ip': { type: 'string', multiple: true },
  'target-finding': { type: 'string', multiple: true },
} as const;

/** The one kind of target the flags name, and the targets (sign-ins by id or by filter). */
function targetsFrom(session: CaseSession, values: Record<string, unknown>, allowFilters: boolean): { targetKind: AnnotationTargetKind; targets: string[] } {
  const given: [AnnotationTargetKind, string[]][] = (
    [
      ['signin', splitAll(values['id'] as string[] | undefined)],
      ['user', splitAll(values['target-user'] as string[] | undefined)],
      ['ip', splitAll(values['target-ip'] as string[] | undefined)],
      ['finding', splitAll(values['target-finding'] as string[] | undefined)],
    ] as [AnnotationTargetKind, string[]][]
  ).filter(([, t]) => t.length);
  const filter = allowFilters ? filterFromFlags(values) : {};
  const filtered = Object.keys(filter).length > 0;
  if (given.length + (filtered ? 1 : 0) !== 1) {
    throw new UsageError(`name the targets one way: --id, --target-user, --target-ip or --target-finding${allowFilters ? ', or filters for every matching sign-in' : ''}`);
  }
  if (!filtered) return { targetKind: given[0]![0], targets: given[0]![1] };
  const { where, params } = compileFilter(filter);
  return { targetKind: 'signin', targets: session.db.prepare(`SELECT id FROM signins ${where}`).pluck().all(params) as string[] };
}

function parseOrUsage<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

export async function runTag(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...filterOptions, ...targetOptions, remove: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath, tagText] = positionals;
  if (!casePath || !tagText || positionals.length > 2) throw new UsageError(`usage: ${tagUsage}\n  presets: ${TAG_PRESETS.join(', ')}`);
  const tag = parseOrUsage(TagValue, tagText, 'tag');
  const session = openExisting(casePath);
  try {
    const { targetKind, targets } = targetsFrom(session, values, true);
    if (!targets.length) {
      note('no sign-ins match the filters; nothing tagged');
      if (values.json) printJson({ tag, targetKind, targets: 0, changed: 0 });
      return 0;
    }
    const changed = values.remove
      ? removeAnnotations(session.db, { kind: 'tag', targetKind, targets, value: tag }).removed
      : addAnnotations(session.db, { kind: 'tag', targetKind, targets, value: tag }).added;
    if (values.json) printJson({ tag: tag.toLowerCase(), targetKind, targets: targets.length, changed });
    else process.stdout.write(`${values.remove ? 'untagged' : 'tagged'} ${changed} of ${targets.length} ${targetKind === 'signin' ? 'sign-in' : targetKind}${targets.length === 1 ? '' : 's'} ${values.remove ? 'from' : 'with'} "${tag.toLowerCase()}"\n`);
    return 0;
  } finally {
    session.close();
  }
}

export async function runNote(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...targetOptions, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath, text] = positionals;
  if (!casePath || text === undefined || positionals.length > 2) throw new UsageError(`usage: ${noteUsage}`);
  const value = parseOrUsage(NoteText, text, 'note');
  const session = openExisting(casePath);
  try {
    const { targetKind, targets } = targetsFrom(session, values, false);
    const { added, ids } = addAnnotations(session.db, { kind: 'note', targetKind, targets, value });
    if (values.json) printJson({ targetKind, added, ids });
    else process.stdout.write(`added a note to ${added} ${targetKind === 'signin' ? 'sign-in' : targetKind}${added === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    session.close();
  }
}

export async function runBookmark(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...filterOptions, id: targetOptions.id, remove: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${bookmarkUsage}`);
  const session = openExisting(casePath);
  try {
    const { targetKind, targets } = targetsFrom(session, values, true);
    const changed = !targets.length ? 0 : values.remove
      ? removeAnnotations(session.db, { kind: 'bookmark', targetKind, targets }).removed
      : addAnnotations(session.db, { kind: 'bookmark', targetKind, targets }).added;
    if (values.json) printJson({ targets: targets.length, changed });
    else process.stdout.write(`${values.remove ? 'removed the bookmark from' : 'bookmarked'} ${changed} of ${targets.length} sign-in${targets.length === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    session.close();
  }
}

export async function runAnnotations(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { kind: { type: 'string' }, 'target-kind': { type: 'string' }, all: { type: 'boolean', default: false }, limit: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${annotationsUsage}`);
  const kind = values.kind;
  if (kind !== undefined && !['tag', 'note', 'bookmark'].includes(kind)) throw new UsageError(`--kind takes tag, note or bookmark; got "${kind}"`);
  const targetKind = values['target-kind'];
  if (targetKind !== undefined && !['signin', 'finding', 'user', 'ip'].includes(targetKind)) throw new UsageError(`--target-kind takes signin, finding, user or ip; got "${targetKind}"`);
  if (values.limit !== undefined && !/^\d+$/.test(values.limit)) throw new UsageError(`--limit must be a whole number; got "${values.limit}"`);
  const session = openExisting(casePath);
  try {
    const page = listAnnotations(session.db, {
      kind: kind as 'tag' | undefined,
      targetKind: targetKind as AnnotationTargetKind | undefined,
      includeRemoved: values.all,
      limit: values.limit === undefined ? 100_000 : Number(values.limit),
    });
    if (values.json) printJson(page);
    else {
      for (const a of page.annotations) {
        process.stdout.write(`${iso(a.createdAt)}  ${a.analyst.padEnd(12)} ${a.kind.padEnd(8)} ${a.targetKind.padEnd(7)} ${a.target}  ${a.value === null ? '' : JSON.stringify(a.value)}${a.removedAt ? `  (removed ${iso(a.removedAt)} by ${a.removedBy})` : ''}\n`);
      }
      note(`${page.annotations.length} of ${page.total} annotations`);
    }
    return 0;
  } finally {
    session.close();
  }
}

export async function runAudit(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { action: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${auditUsage}`);
  if (values.limit !== undefined && !/^\d+$/.test(values.limit)) throw new UsageError(`--limit must be a whole number; got "${values.limit}"`);
  const session = openExisting(casePath);
  try {
    const page = listAudit(session.db, { action: values.action, limit: values.limit === undefined ? 1000 : Number(values.limit) });
    if (values.json) printJson(page);
    else for (const e of page.entries) process.stdout.write(`${e.at}  ${e.analyst.padEnd(14)} ${e.action.padEnd(18)} ${JSON.stringify(e.detail)}\n`);
    return 0;
  } finally {
    session.close();
  }
}
