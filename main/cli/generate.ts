// sightline generate --out DIR [--users N] [--days D] [--rows N] [--seed S] [--format F] [--attacks LIST|all] [--end ISO] [--json]
import { parseArgs } from 'node:util';
import { ATTACK_KINDS, type AttackKind } from '../generate/attacks';
import { DEFAULT_END, DEFAULTS, generate, GenerateError } from '../generate/generate';
import { FORMATS, type Format } from '../generate/writers/common';
import { printJson, progressLine, UsageError, userPath } from './io';

export const generateUsage =
  'sightline generate --out DIR [--users N] [--days D] [--rows N] [--seed S] [--format portal-csv|portal-json|graph-json|la-csv|la-json] [--attacks LIST|all] [--end ISO] [--json]';

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function attackList(text: string | undefined): AttackKind[] {
  if (text === undefined || text === '' || text === 'none') return [];
  if (text === 'all') return [...ATTACK_KINDS];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(ATTACK_KINDS as readonly string[]).includes(n));
  if (unknown.length) throw new UsageError(`unknown attack(s) ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${ATTACK_KINDS.join(', ')}, or all`);
  return ATTACK_KINDS.filter((k) => names.includes(k));
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function runGenerate(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      users: { type: 'string' },
      days: { type: 'string' },
      rows: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      attacks: { type: 'string' },
      end: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; usage: ${generateUsage}`);
  if (!values.out) throw new UsageError(`--out DIR is required; usage: ${generateUsage}`);
  const format = (values.format ?? DEFAULTS.format) as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  const attacks = attackList(values.attacks);
  const users = integer('users', values.users, DEFAULTS.users, attacks.length ? 10 : 1, 100_000);
  const days = integer('days', values.days, DEFAULTS.days, 1, 366);
  const rows = integer('rows', values.rows, DEFAULTS.rows, 1, 100_000_000);
  const seed = integer('seed', values.seed, DEFAULTS.seed, 0, 4_294_967_295);
  let end = DEFAULT_END;
  if (values.end !== undefined) {
    end = Date.parse(values.end);
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(values.end) || !Number.isFinite(end)) {
      throw new UsageError(`--end must be an ISO 8601 date or UTC date-time (e.g. 2026-10-07 or 2026-10-07T00:00:00Z), got "${values.end}"`);
    }
  }
  const out = userPath(values.out);
  const progress = progressLine();
  const started = performance.now();
  let result;
  try {
    result = generate({
      out, users, days, rows, seed, format, attacks, end,
      onProgress: (done, total) => {
        const s = (performance.now() - started) / 1000;
        progress.update(`generating: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} rows, ${Math.round(done / Math.max(s, 0.001)).toLocaleString('en-US')} rows/s`);
      },
    });
  } catch (err) {
    if (err instanceof GenerateError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.done();
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    printJson({ out: result.out, files: result.files, rows: result.rows, incidents: result.incidents, seed: result.seed, truth: result.truth });
  } else {
    const lines = result.files.map((f) => `wrote ${f.path} (${f.format}): ${f.rows.toLocaleString('en-US')} rows, ${mb(f.bytes)}`);
    if (result.truth) lines.push(`wrote ${result.truth}: ${result.incidents} planted incident(s)`);
    const bytes = result.files.reduce((a, f) => a + f.bytes, 0);
    lines.push(`total: ${result.rows.toLocaleString('en-US')} sign-ins from ${result.from} to ${result.to} (seed ${seed}), ${mb(bytes)} in ${seconds.toFixed(1)} s`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return 0;
}
