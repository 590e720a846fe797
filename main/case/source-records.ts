// Reading particular records of an evidence again, from the evidence itself: a file from disk
// (only if its bytes still hash to the recorded SHA-256), a Graph collection from its stored raw
// pages. Used when a sign-in must be rebuilt from the sources that remain after an evidence is
// removed: a duplicate sighting keeps only where it was seen, not its text, so its record is read
// again from where it came from, and nothing is guessed.
import fs from 'node:fs';
import path from 'node:path';
import type { SourceFormat } from '../../preload/contract';
import { readPage } from '../collect/graph';
import { readHead, sha256File } from '../ingest/decode';
import { startParse } from '../ingest/parse-client';
import { rereadRecords } from '../ingest/reread';
import type { DateOrder } from '../ingest/types';
import { COLUMN_AT, rowFromValues, toRow, type SignInRow } from './columns';
import type { CaseDb } from './db';
import { evidenceMeta } from './records';

export type RecordRef = { recordIndex: number; line: number; signInId: string };

type EvidenceRow = { id: number; name: string; path: string; size: number; sha256: string; format: SourceFormat; source: 'file' | 'graph'; read_options: string };

export class SourceUnavailable extends Error {}

function evidenceRow(db: CaseDb, id: number): EvidenceRow {
  const row = db.prepare('SELECT id, name, path, size, sha256, format, source, read_options FROM evidence WHERE id = ?').get(id) as EvidenceRow | undefined;
  if (!row) throw new SourceUnavailable(`evidence ${id} is not in the case`);
  return row;
}

/** Whether the evidence can be read again, without reading it (for a preview): the reason if not. */
export function sourceAvailability(db: CaseDb, evidenceId: number): string | null {
  const e = evidenceRow(db, evidenceId);
  if (e.source === 'graph') {
    const pages = db.prepare('SELECT count(*) FROM collect_pages p JOIN collect_runs r ON r.id = p.run_id WHERE r.evidence_id = ?').pluck().get(evidenceId) as number;
    return pages ? null : `the collection's raw pages are not in the case`;
  }
  if (!fs.existsSync(e.path)) return `${e.name} is no longer at ${e.path}`;
  if (fs.statSync(e.path).size !== e.size) return `${e.path} has changed since it was imported (its size differs)`;
  return null;
}

/** A stored raw record of an evidence as the row it was written as (through the same reader). */
export async function rowsFromRaw(db: CaseDb, evidenceId: number, records: (RecordRef & { raw: string })[]): Promise<SignInRow[]> {
  const meta = evidenceMeta(db, evidenceId);
  const out: SignInRow[] = [];
  for (let i = 0; i < records.length; i += 2000) {
    const chunk = records.slice(i, i + 2000);
    const normalized = await rereadRecords(meta, chunk.map((r) => r.raw));
    chunk.forEach((r, k) => {
      const n = normalized[k]!;
      out.push(toRow(n.signIn, n.createdRaw, n.raw, n.ingestedMs, { evidence: evidenceId, index: r.recordIndex, line: r.line }));
    });
  }
  return out;
}

/** Reads the records of a file evidence at the given indexes, after checking the file is the one imported. */
async function fromFile(e: EvidenceRow, refs: RecordRef[]): Promise<Map<number, SignInRow>> {
  const why = !fs.existsSync(e.path) ? `${e.name} is no longer at ${e.path}` : null;
  if (why) throw new SourceUnavailable(why);
  if ((await sha256File(e.path)) !== e.sha256) throw new SourceUnavailable(`${e.path} has changed since it was imported (its SHA-256 differs)`);
  const wanted = new Map(refs.map((r) => [r.recordIndex, r]));
  const options = JSON.parse(e.read_options) as { dateOrder?: DateOrder };
  const size = fs.statSync(e.path).size;
  const parse = startParse({ file: e.path, name: path.basename(e.path), head: await readHead(e.path), format: e.format, dateOrder: options.dateOrder, evidenceId: e.id }, undefined, size);
  const found = new Map<number, SignInRow>();
  try {
    let step;
    while (!(step = await parse.batches.next()).done) {
      for (const item of step.value.items) {
        const ref = wanted.get(item.recordIndex);
        if (ref && item.values && item.values[COLUMN_AT.id] === ref.signInId) found.set(item.recordIndex, rowFromValues(item.values));
      }
    }
    if (step.value.sha256 !== e.sha256) throw new SourceUnavailable(`${e.path} changed while it was being read`);
  } finally {
    await parse.stop();
  }
  return found;
}

/** Reads records of a Graph collection from its stored pages: `line` is the page's number in its run. */
async function fromPages(db: CaseDb, e: EvidenceRow, refs: RecordRef[]): Promise<Map<number, SignInRow>> {
  const page = db.prepare(
    `SELECT p.body, p.url FROM collect_pages p JOIN collect_runs r ON r.id = p.run_id WHERE r.evidence_id = ? AND p.seq = ? AND p.source = 'signIns'`,
  );
  const byLine = new Map<number, RecordRef[]>();
  for (const r of refs) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
  const found: (RecordRef & { raw: string })[] = [];
  for (const [line, wanted] of byLine) {
    const stored = page.get(e.id, line) as { body: Buffer; url: string } | undefined;
    if (!stored) throw new SourceUnavailable(`page ${line} of ${e.name} is not in the case`);
    const { records } = await readPage(stored.body, stored.url);
    const byId = new Map<string, string>();
    for (const raw of records) {
      const id = (JSON.parse(raw) as { id?: unknown }).id;
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, raw);
    }
    for (const r of wanted) {
      const raw = byId.get(r.signInId);
      if (raw !== undefined) found.push({ ...r, raw });
    }
  }
  const rows = await rowsFromRaw(db, e.id, found);
  return new Map(rows.map((row, i) => [found[i]!.recordIndex, row]));
}

/**
 * The records of one evidence at the given places, as rows (keyed by record index). Throws
 * SourceUnavailable when the evidence cannot be read again or a record is not where it was.
 */
export async function readSourceRecords(db: CaseDb, evidenceId: number, refs: RecordRef[]): Promise<Map<number, SignInRow>> {
  if (!refs.length) return new Map();
  const e = evidenceRow(db, evidenceId);
  const found = e.source === 'graph' ? await fromPages(db, e, refs) : await fromFile(e, refs);
  const lost = refs.filter((r) => !found.has(r.recordIndex));
  if (lost.length) {
    throw new SourceUnavailable(`${e.name}: ${lost.length} record${lost.length === 1 ? '' : 's'} (e.g. line ${lost[0]!.line}, sign-in ${lost[0]!.signInId}) are no longer where the import found them`);
  }
  return found;
}
