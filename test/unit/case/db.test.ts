import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openCaseDb } from '../../../main/case/db';
import { appendAudit } from '../../../main/case/audit';
import { CaseSession } from '../../../main/case/session';
import { importFiles } from '../../../main/ingest/import';
import { sample, tempDir, tempFile } from '../helpers';

describe('case database', () => {
  it('creates a missing case (and its folder) with WAL, the schema and a creation time', () => {
    const file = path.join(tempDir(), 'new/folder/case.sightline');
    const db = openCaseDb(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)!.version);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['evidence', 'signins', 'signin_sources', 'signin_versions', 'audit', 'settings', 'case_meta']));
    db.close();
  });

  it('migrations are numbered files applied once, in order', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual([...migrations.keys()].map((i) => i + 1));
    const db = new Database(':memory:');
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(migrate(db, migrations)).toBe(0);
    db.close();
  });

  it('refuses a case written by a newer schema, a foreign SQLite file and a non-database', () => {
    const newer = path.join(tempDir(), 'newer.sightline');
    const raw = new Database(newer);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openCaseDb(newer)).toThrow(/newer Sightline/);

    const foreign = path.join(tempDir(), 'other.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => openCaseDb(foreign)).toThrow(/not a Sightline case file/);

    const text = tempFile('notes.sightline', 'this is not a database at all, just text that is long enough to matter\n'.repeat(20));
    expect(() => openCaseDb(text)).toThrow(/not a Sightline case file/);
  });

  it('the audit trail is append-only', () => {
    const db = openCaseDb(path.join(tempDir(), 'a.sightline'));
    appendAudit(db, 'test.action', { n: 1 }, 'alice');
    expect(() => db.prepare('UPDATE audit SET analyst = ?').run('mallory')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT analyst, action, detail FROM audit').get()).toEqual({ analyst: 'alice', action: 'test.action', detail: '{"n":1}' });
    db.close();
  });

  it('two connections on one case: a reader sees committed data while another writes', async () => {
    const file = path.join(tempDir(), 'shared.sightline');
    const writer = CaseSession.open(file);
    const reader = CaseSession.open(file);
    const importing = importFiles(writer.db, [sample('sentinel-training-lab/sign-in_adelete.csv')]);
    expect(reader.info().signIns).toBe(0);
    await importing;
    expect(reader.info().signIns).toBe(56);
    // A second writer waits for the first (busy timeout) instead of failing.
    const second = await importFiles(reader.db, [sample('ciso-logs-public/query_data.csv')]);
    expect(second.totals.inserted).toBe(98);
    expect(writer.info()).toMatchObject({ signIns: 154, evidence: 2 });
    writer.close();
    reader.close();
  });
});
