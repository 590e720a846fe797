// Bulk loading: leaving WAL for a rollback journal only while the import's connection is alone on the case.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaveWalWhileAlone } from '../../../main/case/bulk';
import { openCaseDb } from '../../../main/case/db';
import { tempDir } from '../helpers';

const mode = (db: ReturnType<typeof openCaseDb>) => db.pragma('journal_mode', { simple: true });

describe('leaveWalWhileAlone', () => {
  it('takes a case nobody else has open to a rollback journal, and back to WAL', () => {
    const db = openCaseDb(path.join(tempDir(), 'a.sightline'));
    try {
      const restore = leaveWalWhileAlone(db);
      expect(restore).not.toBeNull();
      expect(mode(db)).toBe('delete');
      restore!();
      expect(mode(db)).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('leaves the case in WAL, at once, when another connection has it open', () => {
    const file = path.join(tempDir(), 'b.sightline');
    const db = openCaseDb(file);
    const other = openCaseDb(file, { readonly: true });
    try {
      const started = performance.now();
      expect(leaveWalWhileAlone(db)).toBeNull();
      // Not the 10 s busy timeout: the attempt does not wait for the other connection.
      expect(performance.now() - started).toBeLessThan(2000);
      expect(mode(db)).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
      expect(other.prepare('SELECT count(*) AS n FROM signins').get()).toEqual({ n: 0 });
    } finally {
      other.close();
      db.close();
    }
  });

  it('a reader that came and went meanwhile does not stop the way back to WAL', () => {
    const file = path.join(tempDir(), 'c.sightline');
    const db = openCaseDb(file);
    try {
      const restore = leaveWalWhileAlone(db)!;
      const reader = openCaseDb(file, { readonly: true });
      expect(reader.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
      reader.close();
      restore();
      expect(mode(db)).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('a process opening the case while a bulk load holds it alone is told so, after the busy timeout', () => {
    const file = path.join(tempDir(), 'd.sightline');
    const db = openCaseDb(file);
    try {
      const restore = leaveWalWhileAlone(db)!;
      // What a bulk load's transaction comes to once its pages spill to the file: an exclusive lock.
      db.exec('BEGIN EXCLUSIVE');
      expect(() => openCaseDb(file)).toThrow(/d\.sightline is busy: another process is writing to it alone \(a large import\); try again once that has finished/);
      db.exec('ROLLBACK');
      restore();
      const again = openCaseDb(file);
      expect(again.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
      again.close();
    } finally {
      db.close();
    }
  }, 30_000);
});
