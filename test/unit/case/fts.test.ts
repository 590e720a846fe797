// The search text of a bulk load: built without FTS5's incremental merging, then merging is back on.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { indexSearchText } from '../../../main/case/fts';
import { tempDir } from '../helpers';

const ROWS = 120_000;

function caseWithRows(rows: number): CaseSession {
  const s = CaseSession.open(path.join(tempDir(), 'fts.sightline'));
  s.db.prepare("INSERT INTO evidence (id, name, path, size, sha256, format, source, imported_at) VALUES (1, 'x.csv', '/x.csv', 1, '00', 'portal-csv', 'file', '2026-01-01T00:00:00.000Z')").run();
  const insert = s.db.prepare(
    "INSERT INTO signins (id, created_ms, created_raw, type, outcome, user_upn, app_name, source_format, raw, src_evidence, src_index, src_line) VALUES (?, ?, '', 'interactiveUser', 'success', ?, ?, 'portal-csv', '[]', 1, ?, ?)",
  );
  s.db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`id-${i}`, i * 1000, `user${i % 100}@contoso.com`, i % 2 ? 'Microsoft Teams' : 'Office 365 Exchange Online', i, i + 2);
  })();
  return s;
}

const config = (s: CaseSession, key: string) => s.db.prepare('SELECT v FROM signins_fts_config WHERE k = ?').pluck().get(key);
const matches = (s: CaseSession, query: string) => s.db.prepare('SELECT count(*) FROM signins_fts WHERE signins_fts MATCH ?').pluck().get(query);

describe('search text of a bulk load', () => {
  it('indexes every row, finds them, and leaves automatic merging on', () => {
    const s = caseWithRows(ROWS);
    indexSearchText(s.db, 0, []);
    expect(s.db.prepare('SELECT count(*) FROM signins_fts').pluck().get()).toBe(ROWS);
    expect(matches(s, 'user7')).toBe(ROWS / 100);
    expect(matches(s, 'teams')).toBe(ROWS / 2);
    expect(matches(s, 'exchange AND user8')).toBe(ROWS / 100);
    // The bulk build turned merging off for itself only.
    expect(config(s, 'automerge')).toBe(4);
    // A later small write merges and stays searchable.
    s.db.prepare("UPDATE signins SET user_upn = 'renamed@contoso.com' WHERE pk = 1").run();
    indexSearchText(s.db, ROWS, [1]);
    expect(matches(s, 'renamed')).toBe(1);
    // pk 1 was the first row, user0's.
    expect(matches(s, 'user0')).toBe(ROWS / 100 - 1);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() => s.db.prepare("INSERT INTO signins_fts (signins_fts, rank) VALUES ('integrity-check', 0)").run()).not.toThrow();
    s.close();
  });
});
