// The filter flags every query-like command takes, built from the contract's FILTERS list.
import type { ParseArgsConfig } from 'node:util';
import { FILTERS, type SignInFilter } from '../../preload/contract';
import { FilterParamError, parseFilterParams } from '../case/filter-params';
import { UsageError } from './io';

export const filterOptions: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  FILTERS.map((f) => [f.flag, { type: 'string' as const, multiple: true }]),
);

export const filterUsage = FILTERS.map((f) => `--${f.flag}`).join(' ');

export const filterHelp = FILTERS.map((f) => `  --${f.flag.padEnd(22)} ${f.help}`).join('\n');

export function filterFromFlags(values: Record<string, unknown>): SignInFilter {
  const params: Record<string, string[]> = {};
  for (const f of FILTERS) {
    const v = values[f.flag];
    if (Array.isArray(v) && v.length) params[f.flag] = v as string[];
  }
  try {
    return parseFilterParams(params);
  } catch (err) {
    if (err instanceof FilterParamError) throw new UsageError(err.message);
    throw err;
  }
}
