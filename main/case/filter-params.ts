// Filters as people type them (CLI flags, REST query parameters): text -> the typed SignInFilter.
// One parser for both, so `--status Failure` and `?status=failure` mean the same.
import { FILTERS, SIGN_IN_TYPES, SignInFilter, SortField, type FilterSpec, type SignInQuery } from '../../preload/contract';

export class FilterParamError extends Error {}

/** ISO time or a plain date (midnight UTC) -> ISO with milliseconds. */
export function parseTimeParam(flag: string, text: string): string {
  const t = text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? Date.parse(t) : Date.parse(`${t}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(ms)) throw new FilterParamError(`--${flag} must be an ISO time or a date (UTC), got "${text}"`);
  return new Date(ms).toISOString();
}

const splitList = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);

function parseValue(spec: FilterSpec, text: string): unknown {
  switch (spec.kind) {
    case 'time':
      return parseTimeParam(spec.flag, text);
    case 'text':
    case 'exact':
    case 'ip':
      if (!text.trim()) throw new FilterParamError(`--${spec.flag} needs a value`);
      return text.trim();
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (['yes', 'true', '1'].includes(t)) return true;
      if (['no', 'false', '0'].includes(t)) return false;
      throw new FilterParamError(`--${spec.flag} must be yes or no, got "${text}"`);
    }
    case 'int-list': {
      const values = splitList(text);
      if (!values.length || values.some((v) => !/^-?\d+$/.test(v))) throw new FilterParamError(`--${spec.flag} takes whole numbers separated by commas, got "${text}"`);
      return values.map(Number);
    }
    case 'list': {
      const values = splitList(text);
      if (!values.length) throw new FilterParamError(`--${spec.flag} needs a value`);
      if (!spec.values) return values;
      return values.map((v) => {
        const known = spec.values!.find((k) => k.toLowerCase() === v.toLowerCase());
        if (!known) throw new FilterParamError(`--${spec.flag} takes ${spec.values!.join(', ')}; got "${v}"`);
        return known;
      });
    }
  }
}

/** Flag name -> text (repeated list flags are joined) -> a validated SignInFilter. */
export function parseFilterParams(params: Record<string, string | string[] | undefined>): SignInFilter {
  const filter: Record<string, unknown> = {};
  for (const spec of FILTERS as readonly FilterSpec[]) {
    const raw = params[spec.flag];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join(',') : raw;
    filter[spec.key] = parseValue(spec, text);
  }
  const parsed = SignInFilter.safeParse(filter);
  if (!parsed.success) throw new FilterParamError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** `field[:asc|desc]`; newest first when absent. */
export function parseSort(text: string | undefined): NonNullable<SignInQuery['sort']> {
  if (!text) return { field: 'createdDateTime', dir: 'desc' };
  const [field, dir = 'asc'] = text.split(':');
  const parsed = SortField.safeParse(field);
  if (!parsed.success) throw new FilterParamError(`--sort takes one of ${SortField.options.join(', ')}, optionally :asc or :desc; got "${text}"`);
  if (dir !== 'asc' && dir !== 'desc') throw new FilterParamError(`--sort direction must be asc or desc; got "${dir}"`);
  return { field: parsed.data, dir };
}

export { SIGN_IN_TYPES };
