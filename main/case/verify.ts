// Re-verifying evidence hashes: a file is hashed again from disk and compared with the SHA-256
// recorded at import; a Graph collection is checked from the case itself (each stored page's body
// against its own hash, then the run digest against the evidence row). For the evidence view and
// the report ("the result of re-verifying each hash at report time").
import fs from 'node:fs';
import type { EvidenceVerification } from '../../preload/contract';
import { runDigest, sha256 } from '../collect/checkpoints';
import { sha256File } from '../ingest/decode';
import type { CaseDb } from './db';

type Row = { id: number; name: string; path: string; sha256: string; source: 'file' | 'graph' };

async function verifyFile(e: Row): Promise<Pick<EvidenceVerification, 'actual' | 'status'>> {
  if (!fs.existsSync(e.path)) return { actual: null, status: 'missing' };
  try {
    const actual = await sha256File(e.path);
    return { actual, status: actual === e.sha256 ? 'match' : 'mismatch' };
  } catch {
    return { actual: null, status: 'unreadable' };
  }
}

function verifyCollection(db: CaseDb, e: Row): Pick<EvidenceVerification, 'actual' | 'status'> {
  const runs = db.prepare('SELECT id FROM collect_runs WHERE evidence_id = ? ORDER BY id').pluck().all(e.id) as number[];
  if (!runs.length) return { actual: null, status: 'missing' };
  // Every page body must still hash to the hash stored beside it.
  const pages = db.prepare('SELECT sha256, body FROM collect_pages WHERE run_id = ? ORDER BY seq');
  for (const run of runs) {
    for (const p of pages.iterate(run) as Iterable<{ sha256: string; body: Buffer }>) {
      if (sha256(p.body) !== p.sha256) return { actual: sha256(p.body), status: 'mismatch' };
    }
  }
  const actual = runDigest(db, runs[0]!).sha256;
  return { actual, status: actual === e.sha256 ? 'match' : 'mismatch' };
}

/** Verifies the given evidence rows (all when `ids` is absent), one after the other. */
export async function verifyEvidence(db: CaseDb, ids?: number[]): Promise<EvidenceVerification[]> {
  const rows = db.prepare('SELECT id, name, path, sha256, source FROM evidence ORDER BY id').all() as Row[];
  const wanted = ids ? rows.filter((r) => ids.includes(r.id)) : rows;
  const out: EvidenceVerification[] = [];
  for (const e of wanted) {
    const r = e.source === 'graph' ? verifyCollection(db, e) : await verifyFile(e);
    out.push({ evidenceId: e.id, name: e.name, recorded: e.sha256, ...r, checkedAt: new Date().toISOString() });
  }
  return out;
}
