// `sightline scope` and `sightline entity` run for real (through npm, as people script them):
// one JSON object on stdout, usage errors exit 2, the scope is on the audit trail.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSightline } from '../helpers';
import { buildEntityCase, type EntityCase } from './fixture';

let c: EntityCase;
beforeAll(async () => {
  c = await buildEntityCase();
  c.session.close();
}, 120_000);
afterAll(() => c?.close());

const cli = (args: string[]) => runSightline(args, c.dir);

describe('sightline scope', () => {
  it('--json prints {"accounts":[...]} with what matched, most successes first', async () => {
    const net = c.spray.ip.split('.').slice(0, 3).join('.') + '.0/24';
    const r = await cli(['scope', 'entities.sightline', '--ip', net, '--ip', '1.128.3.4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { accounts: { user: string; successes: number; failures: number; first: string; last: string; matched: { kind: string; value: string; indicator: string }[] }[] };
    expect(out.accounts[0]).toMatchObject({ user: 'terraform-datadog-cli', successes: 7, matched: [{ kind: 'ip', value: '1.128.3.4', indicator: '1.128.3.4' }] });
    expect(out.accounts[1]).toMatchObject({ user: c.spray.hit, successes: 1, matched: [{ kind: 'ip', value: c.spray.ip, indicator: net }] });
    expect(out.accounts.filter((a) => a.matched.some((m) => m.value === c.spray.ip))).toHaveLength(25);
    for (const a of out.accounts) {
      expect(a.first).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(a.user).toBe(a.user.toLowerCase());
    }
  }, 60_000);

  it('takes ASNs, user agents and an indicator file; prints a table without --json', async () => {
    const file = path.join(c.dir, 'iocs.txt');
    fs.writeFileSync(file, '# pasted\nfasthttp\n45.155.205.999\n');
    const r = await cli(['scope', 'entities.sightline', '--asn', 'AS20473', '--indicators', 'iocs.txt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(c.spray.hit);
    expect(r.stderr).toMatch(/skipped "45\.155\.205\.999": not an IP address/);
    expect(r.stderr).toMatch(/accounts touched 2 indicators/);
  }, 60_000);

  it('usage errors exit 2 with the reason', async () => {
    for (const args of [['scope', 'entities.sightline'], ['scope', 'entities.sightline', '--ip', '10.0.0.0/99'], ['scope', 'entities.sightline', '--asn', 'x']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/sightline scope: /);
    }
    const missing = await cli(['scope', 'nope.sightline', '--ip', '1.2.3.4']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no case file/);
  }, 60_000);
});

describe('sightline entity', () => {
  it('--json prints the profile; the user is matched without case', async () => {
    const r = await cli(['entity', 'entities.sightline', 'user', 'AdeleV@M365x816222.onmicrosoft.com', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p).toMatchObject({ kind: 'user', value: 'adelev@m365x816222.onmicrosoft.com', total: 56, byStatus: { success: 53 } });
    expect(p.related.find((g: { kind: string }) => g.kind === 'ip').items[0].value).toBe('175.45.176.99');
  }, 60_000);

  it('every kind, text output, and usage errors', async () => {
    const ip = await cli(['entity', 'entities.sightline', 'ip', c.spray.ip]);
    expect(ip.code, ip.stderr).toBe(0);
    expect(ip.stdout).toMatch(/^ip /);
    expect(ip.stdout).toContain('Accounts (25)');
    const ua = await cli(['entity', 'entities.sightline', 'user-agent', 'fasthttp', '--json']);
    expect(JSON.parse(ua.stdout).related.find((g: { kind: string }) => g.kind === 'ip').distinct).toBe(3);
    for (const args of [['entity', 'entities.sightline', 'mailbox', 'x'], ['entity', 'entities.sightline', 'ip'], ['entity', 'entities.sightline', 'asn', 'ASX']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});
