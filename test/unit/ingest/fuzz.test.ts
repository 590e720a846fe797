// Fuzzing the importer with mutated, truncated and shuffled copies of the real samples and of
// generated exports in every format: whatever the input, no crash, and a file either imports with
// consistent counts or is rejected whole, leaving nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { generate, DEFAULT_END } from '../../../main/generate/generate';
import { Rng } from '../../../main/generate/prng';
import { importFiles } from '../../../main/ingest/import';
import { sample, samplesDir, tempDir } from '../helpers';

type Mutation = { name: string; apply(bytes: Buffer, rnd: Rng): Buffer };

const lines = (b: Buffer) => b.toString('latin1').split('\n');
const join = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');

const MUTATIONS: Mutation[] = [
  { name: 'truncate', apply: (b, r) => b.subarray(0, r.int(b.length)) },
  { name: 'flip-bytes', apply: (b, r) => { const c = Buffer.from(b); for (let i = 0; i < 1 + r.int(8); i++) c[r.int(c.length)] = r.int(256); return c; } },
  { name: 'drop-line', apply: (b, r) => { const ls = lines(b); ls.splice(r.int(ls.length), 1); return join(ls); } },
  { name: 'duplicate-line', apply: (b, r) => { const ls = lines(b); const i = r.int(ls.length); ls.splice(i, 0, ls[i]!); return join(ls); } },
  { name: 'shuffle-lines', apply: (b, r) => { const ls = lines(b); for (let i = ls.length - 1; i > 1; i--) { const j = 1 + r.int(i); [ls[i], ls[j]] = [ls[j]!, ls[i]!]; } return join(ls); } },
  { name: 'delete-quote', apply: (b, r) => { const s = b.toString('latin1'); const qs = [...s.matchAll(/"/g)].map((m) => m.index!); if (!qs.length) return b; const at = qs[r.int(qs.length)]!; return Buffer.from(s.slice(0, at) + s.slice(at + 1), 'latin1'); } },
  { name: 'insert-garbage', apply: (b, r) => { const at = r.int(b.length); const junk = Buffer.from(Array.from({ length: 1 + r.int(40) }, () => r.int(256))); return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]); } },
  { name: 'cut-bom-or-first-bytes', apply: (b, r) => b.subarray(1 + r.int(3)) },
];

function seeds(): { name: string; bytes: Buffer }[] {
  const real = [
    'sentinel-training-lab/sign-in_adelete.csv',
    'sentinel-training-lab/signinLogs.csv',
    'ciso-logs-public/SigninLogs.csv',
    'ciso-logs-public/query_data.csv',
    'elastic-integrations/test-service-principal-signinlogs-sample.log',
    'elastic-integrations/test-managed-identity-sample.log.EXCERPT_first2records.log',
    'graph-docs-examples/beta_signin-list.md.Example1.response.json',
    'graph-docs-examples/v1.0_signin-list.md.Example1.response.json',
  ].map((rel) => ({ name: path.basename(rel), bytes: fs.readFileSync(sample(rel)) }));
  const generated: { name: string; bytes: Buffer }[] = [];
  for (const format of ['portal-csv', 'portal-json', 'graph-json', 'la-csv', 'la-json'] as const) {
    const out = path.join(tempDir(), format);
    const result = generate({ out, users: 10, days: 2, rows: 60, seed: 11, format, attacks: [], end: DEFAULT_END });
    const first = result.files[0]!;
    generated.push({ name: path.basename(first.path), bytes: fs.readFileSync(first.path) });
  }
  return [...real, ...generated];
}

describe('fuzzing the importer', () => {
  it('survives 320 mutated inputs: each file imported with consistent counts or rejected whole', async () => {
    expect(fs.existsSync(samplesDir)).toBe(true);
    const rnd = Rng.from('sightline-fuzz');
    const dir = tempDir();
    const inputs = seeds();
    const cases: { file: string; label: string }[] = [];
    for (let i = 0; i < 320; i++) {
      const seed = inputs[i % inputs.length]!;
      const mutation = MUTATIONS[rnd.int(MUTATIONS.length)]!;
      const caseDir = path.join(dir, String(i));
      fs.mkdirSync(caseDir);
      // Keep the original name: it can carry the sign-in type (portal prefixes).
      const file = path.join(caseDir, seed.name);
      fs.writeFileSync(file, mutation.apply(seed.bytes, rnd));
      cases.push({ file, label: `${seed.name} / ${mutation.name} #${i}` });
    }

    const session = CaseSession.open(path.join(dir, 'fuzz.sightline'));
    const count = (table: string) => (session.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    let imported = 0;
    let rejected = 0;
    for (let i = 0; i < cases.length; i += 40) {
      const batch = cases.slice(i, i + 40);
      const before = { signins: count('signins'), evidence: count('evidence') };
      const summary = await importFiles(session.db, batch.map((c) => c.file));
      expect(summary.files).toHaveLength(batch.length);
      let newEvidence = 0;
      summary.files.forEach((f, k) => {
        const label = batch[k]!.label;
        expect(['imported', 'rejected'], label).toContain(f.status);
        if (f.status === 'rejected') {
          rejected++;
          expect(f.error, label).toBeTruthy();
          expect(f.records + f.inserted + f.updated + f.duplicates, label).toBe(0);
        } else {
          imported++;
          expect(f.error, label).toBeNull();
          expect(f.records, label).toBe(f.inserted + f.updated + f.duplicates + f.rejectedRows);
          newEvidence++;
        }
      });
      // Nothing of a rejected file stays behind: rows and evidence grow only by what imported files say.
      expect(count('signins') - before.signins).toBe(summary.totals.inserted);
      expect(count('evidence') - before.evidence).toBeLessThanOrEqual(newEvidence);
      expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
    }
    // Both outcomes really happened, so the test exercised both paths.
    expect(imported).toBeGreaterThan(30);
    expect(rejected).toBeGreaterThan(30);
    session.close();
  }, 300_000);
});
