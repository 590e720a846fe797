// The registry: every detection of the reference, each id once, each module complete.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SignInType } from '../../../preload/contract';
import { createRegistry, registry, RegistryError } from '../../../main/detect/registry';
import { resolveParams, ParamError } from '../../../main/detect/params';
import { passwordSpray } from '../../../main/detect/password-spray';
import { samplesDir } from '../helpers';

/** The ids the reference lists in its summary table. */
function referenceIds(): string[] {
  const text = fs.readFileSync(`${samplesDir}/../reference/detections.md`, 'utf8');
  const table = text.slice(text.indexOf('## Summary'));
  return [...table.matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]!).filter((id) => id !== 'id');
}

describe('registry', () => {
  it('holds every detection of the reference, with the id written there, plus the workload-identity anomalies', () => {
    const ids = registry.all.map((d) => d.id);
    const reference = referenceIds();
    expect(reference).toHaveLength(20);
    // The geo area's three (impossible-travel, new-country, hosting-asn) register here too.
    expect(ids.sort()).toEqual([...reference, 'workload-identity-anomaly'].sort());
  });

  it('refuses two detections with one id, and malformed ids', () => {
    expect(() => createRegistry([passwordSpray, { ...passwordSpray }])).toThrow(RegistryError);
    expect(() => createRegistry([passwordSpray, { ...passwordSpray }])).toThrow(/two detections share the id "password-spray"/);
    expect(() => createRegistry([{ ...passwordSpray, id: 'Password Spray' }])).toThrow(/kebab/);
  });

  it('select: all by default, the named ones in order, an unknown id names the known ones', () => {
    expect(registry.select()).toHaveLength(registry.all.length);
    expect(registry.select(['mfa-fatigue', 'password-spray']).map((d) => d.id)).toEqual(['mfa-fatigue', 'password-spray']);
    expect(() => registry.select(['password-spary'])).toThrow(/unknown detection "password-spary"; known: .*password-spray/);
  });

  it.each(registry.all.map((d) => [d.id, d] as const))('%s is complete: title, version, severity, ATT&CK, types, params with help, KQL', (_id, d) => {
    expect(d.title.length).toBeGreaterThan(5);
    expect(d.version).toBeGreaterThanOrEqual(1);
    expect(['low', 'medium', 'high']).toContain(d.severity);
    expect(d.attack.length).toBeGreaterThan(0);
    for (const a of d.attack) expect(a).toMatch(/^T\d{4}(\.\d{3})?$/);
    expect(d.appliesTo.length).toBeGreaterThan(0);
    for (const t of d.appliesTo) expect(SignInType.options).toContain(t);
    for (const [name, spec] of Object.entries(d.params)) expect(spec.help.length, `${d.id}.${name}`).toBeGreaterThan(5);
    expect(d.kql).toMatch(/SigninLogs|AADNonInteractiveUserSignInLogs|AADServicePrincipalSignInLogs/);
    expect(resolveParams(d)).toEqual(Object.fromEntries(Object.entries(d.params).map(([k, s]) => [k, s.default])));
  });
});

describe('parameters', () => {
  it('overrides are checked against the spec: type, bounds, known names', () => {
    expect(resolveParams(passwordSpray, { minUsers: 8 }).minUsers).toBe(8);
    expect(() => resolveParams(passwordSpray, { minUsers: 1 })).toThrow(ParamError);
    expect(() => resolveParams(passwordSpray, { minUsers: '8' })).toThrow(/must be a number/);
    expect(() => resolveParams(passwordSpray, { failureCodes: 'x' })).toThrow(/list of text values/);
    expect(() => resolveParams(passwordSpray, { nope: 1 })).toThrow(/has no parameter "nope"/);
    expect(resolveParams(passwordSpray, { failureCodes: [' 50126 ', ''] }).failureCodes).toEqual(['50126']);
  });
});
