// A detection's parameters: its defaults, overridden per case. Every value is checked against the
// spec (same type as the default, within min/max), so a detection never sees a malformed threshold.
import type { Detection, ParamSpec, ParamValue } from './types';

export class ParamError extends Error {}

function kindOf(v: ParamValue): 'number' | 'string' | 'boolean' | 'list' {
  return Array.isArray(v) ? 'list' : (typeof v as 'number' | 'string' | 'boolean');
}

/** One value checked against its spec; returns it (lists trimmed, empties dropped) or throws a ParamError. */
export function checkParam(detection: string, name: string, spec: ParamSpec, value: unknown): ParamValue {
  const want = kindOf(spec.default);
  const where = `${detection}: parameter "${name}"`;
  switch (want) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ParamError(`${where} must be a number`);
      if (spec.min !== undefined && value < spec.min) throw new ParamError(`${where} must be at least ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) throw new ParamError(`${where} must be at most ${spec.max}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new ParamError(`${where} must be true or false`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new ParamError(`${where} must be text`);
      return value.trim();
    case 'list':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ParamError(`${where} must be a list of text values`);
      return (value as string[]).map((v) => v.trim()).filter(Boolean);
  }
}

/** The defaults with the case's overrides applied; an override for an unknown name is an error. */
export function resolveParams(d: Detection, overrides: Record<string, unknown> = {}): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(d.params)) out[name] = spec.default;
  for (const [name, value] of Object.entries(overrides)) {
    const spec = d.params[name];
    if (!spec) throw new ParamError(`${d.id} has no parameter "${name}" (it has ${Object.keys(d.params).join(', ') || 'none'})`);
    out[name] = checkParam(d.id, name, spec, value);
  }
  return out;
}
