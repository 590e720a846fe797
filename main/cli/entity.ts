// sightline scope | entity: who and what the attacker touched, from a script.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ENTITY_KINDS, EntityKind, SightlineError, type EntityProfile, type Indicator, type IndicatorKind } from '../../preload/contract';
import { CaseSession } from '../case/session';
import { auditedScope, indicatorsFromTags } from '../entities/actions';
import { caseGuidLookup, indicatorError, parseIndicatorText } from '../entities/indicators';
import { entityProfile } from '../entities/profile';
import { scopeJson } from '../entities/scope';
import { note, printJson, UsageError, userPath } from './io';

export const scopeUsage =
  'sightline scope <case> [--ip IP_OR_CIDR]... [--asn N]... [--user-agent S]... [--device-id D]... [--session-id S]... [--indicators FILE] [--from-tags] [--json]';
export const entityUsage = `sightline entity <case> ${ENTITY_KINDS.join('|')} VALUE [--json]`;

const FLAGS: [flag: string, kind: IndicatorKind][] = [
  ['ip', 'ip'],
  ['asn', 'asn'],
  ['user-agent', 'user-agent'],
  ['device-id', 'device-id'],
  ['session-id', 'session-id'],
];

function openExisting(casePath: string): CaseSession {
  return CaseSession.open(userPath(casePath), { mustExist: true });
}

export async function runScopeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(FLAGS.map(([flag]) => [flag, { type: 'string' as const, multiple: true }])),
      indicators: { type: 'string' },
      'from-tags': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${scopeUsage}`);
  const given: Indicator[] = [];
  for (const [flag, kind] of FLAGS) {
    for (const text of ((values as Record<string, unknown>)[flag] as string[] | undefined) ?? []) {
      // A user agent holds commas; the other kinds may be given as a comma list.
      for (const value of kind === 'user-agent' ? [text] : text.split(',').map((v) => v.trim()).filter(Boolean)) {
        const error = indicatorError(kind, value);
        if (error) throw new UsageError(`--${flag}: ${error}`);
        given.push({ kind, value: value.trim() });
      }
    }
  }
  const session = openExisting(casePath);
  try {
    if (values.indicators) {
      const file = userPath(values.indicators as string);
      if (!fs.existsSync(file)) throw new UsageError(`--indicators: no file at ${file}`);
      const parsed = parseIndicatorText(fs.readFileSync(file, 'utf8'), caseGuidLookup(session.db));
      for (const r of parsed.rejected) note(`skipped "${r.text}": ${r.reason}`);
      for (const n of parsed.notes) note(n);
      given.push(...parsed.indicators);
    }
    if (values['from-tags']) {
      const tagged = indicatorsFromTags(session.db);
      if (tagged === null) note('this case has no annotations: --from-tags adds nothing');
      else given.push(...tagged);
    }
    if (!given.length) throw new UsageError(`give at least one indicator (--ip, --asn, --user-agent, --device-id, --session-id, --indicators or --from-tags)\nusage: ${scopeUsage}`);
    const result = await auditedScope(session.db, given, 'cli');
    if (values.json) printJson(scopeJson(result));
    else {
      for (const a of result.accounts) {
        const matched = a.matched.map((m) => (m.value === m.indicator ? m.value : `${m.value} (${m.indicator})`)).join(', ');
        process.stdout.write(`${String(a.successes).padStart(6)} ok ${String(a.failures).padStart(6)} failed  ${a.first}  ${a.last}  ${a.user}  ${matched}\n`);
      }
      for (const i of result.indicators) if (i.signIns === 0) note(`no sign-in matches ${i.kind} ${i.value}`);
      note(`${result.accounts.length} account${result.accounts.length === 1 ? '' : 's'} touched ${result.indicators.length} indicator${result.indicators.length === 1 ? '' : 's'}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof SightlineError && err.code === 'bad-request') throw new UsageError(err.message);
    throw err;
  } finally {
    session.close();
  }
}

function printProfile(p: EntityProfile): void {
  const out: string[] = [];
  out.push(`${p.kind} ${p.value}${p.label ? ` (${p.label})` : ''}`);
  out.push(`  ${p.total} sign-ins, first ${p.first ?? '—'}, last ${p.last ?? '—'}`);
  out.push(`  status: ${Object.entries(p.byStatus).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  out.push(`  types: ${Object.entries(p.byType).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  for (const g of p.related) {
    if (!g.items.length) continue;
    out.push(`${g.title} (${g.distinct}):`);
    for (const it of g.items.slice(0, 20)) {
      const b = it.baseline;
      const mark = b ? `  ${b.status}${b.isNew ? `, new since ${b.firstSuccess}` : ''} (${Math.round(b.share * 1000) / 10}% of successes)` : '';
      out.push(`  ${String(it.total).padStart(6)}  ${String(it.byStatus.success).padStart(6)} ok ${String(it.byStatus.failure).padStart(6)} failed  ${it.value}${it.label ? ` (${it.label})` : ''}${mark}`);
    }
    if (g.items.length > 20) out.push(`  … ${g.distinct - 20} more (--json lists up to ${g.items.length})`);
  }
  if (p.findings?.length) {
    out.push(`Findings (${p.findings.length}):`);
    for (const f of p.findings) out.push(`  ${f.severity ?? ''} ${f.title ?? f.id} [${f.triage ?? ''}]`);
  }
  if (p.annotations?.length) {
    out.push('Tags and notes:');
    for (const a of p.annotations) out.push(`  ${a.kind}: ${a.value ?? ''} (${a.analyst ?? ''}, ${a.createdAt ?? ''})`);
  }
  process.stdout.write(out.join('\n') + '\n');
  for (const n of p.notes) note(n);
}

export async function runEntityCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [casePath, kindText, value, ...extra] = positionals;
  if (!casePath || !kindText || value === undefined || extra.length) throw new UsageError(`usage: ${entityUsage}`);
  const kind = EntityKind.safeParse(kindText);
  if (!kind.success) throw new UsageError(`the entity kind is one of ${ENTITY_KINDS.join(', ')}; got "${kindText}"`);
  const session = openExisting(casePath);
  try {
    const profile = await entityProfile(session.db, kind.data, value);
    if (values.json) printJson(profile);
    else printProfile(profile);
    return 0;
  } catch (err) {
    if (err instanceof SightlineError && err.code === 'bad-request') throw new UsageError(err.message);
    throw err;
  } finally {
    session.close();
  }
}
