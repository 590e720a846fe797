-- 0001: the first case schema. Immutable once landed; later changes go in new files.

CREATE TABLE case_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per evidence file (or Graph collection). The file itself is never modified.
CREATE TABLE evidence (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  path          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  format        TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('file', 'graph')),
  imported_at   TEXT NOT NULL,
  records       INTEGER NOT NULL DEFAULT 0,
  inserted      INTEGER NOT NULL DEFAULT 0,
  updated       INTEGER NOT NULL DEFAULT 0,
  duplicates    INTEGER NOT NULL DEFAULT 0,
  rejected_rows INTEGER NOT NULL DEFAULT 0,
  warnings      TEXT NOT NULL DEFAULT '[]',
  -- The header of a CSV evidence file (JSON array), naming the cells of its rows' raw records.
  columns       TEXT
) STRICT;

-- Current sign-ins: typed columns for filtering and sorting; the canonical record as JSON;
-- the source record verbatim for the Raw tab.
CREATE TABLE signins (
  pk              INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  created_ms      INTEGER NOT NULL,
  created_raw     TEXT NOT NULL,
  ingested_ms     INTEGER,
  type            TEXT NOT NULL,
  outcome         TEXT NOT NULL,
  error_code      INTEGER,
  user_upn        TEXT,
  user_display    TEXT,
  user_id         TEXT,
  app_name        TEXT,
  app_id          TEXT,
  resource_name   TEXT,
  resource_id     TEXT,
  ip              TEXT,
  country         TEXT,
  state           TEXT,
  city            TEXT,
  latitude        REAL,
  longitude       REAL,
  client_app      TEXT,
  user_agent      TEXT,
  correlation_id  TEXT,
  tenant_id       TEXT,
  source_format   TEXT NOT NULL,
  -- The canonical record (JSON, without the ingestion time): equal text = the same content.
  record          TEXT NOT NULL,
  raw             TEXT NOT NULL,
  -- CSV rows store their cells as a JSON array; this evidence's `columns` names them.
  raw_evidence    INTEGER REFERENCES evidence (id)
) STRICT;

CREATE INDEX signins_created ON signins (created_ms);
CREATE INDEX signins_user ON signins (user_upn, created_ms);
CREATE INDEX signins_ip ON signins (ip, created_ms);
CREATE INDEX signins_app ON signins (app_name, created_ms);
CREATE INDEX signins_outcome ON signins (outcome, created_ms);
CREATE INDEX signins_country ON signins (country, created_ms);
CREATE INDEX signins_type ON signins (type, created_ms);

-- Provenance: every evidence record that said something about a sign-in: the line it starts on
-- and its index among the file's records. `version` is NULL for records that carry (or went into)
-- the current version, else the superseded version they carried.
CREATE TABLE signin_sources (
  signin_pk     INTEGER NOT NULL REFERENCES signins (pk) ON DELETE CASCADE,
  evidence_id   INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  record_index  INTEGER NOT NULL,
  line          INTEGER NOT NULL,
  version       INTEGER REFERENCES signin_versions (pk),
  PRIMARY KEY (signin_pk, evidence_id, record_index)
) STRICT, WITHOUT ROWID;
CREATE INDEX signin_sources_evidence ON signin_sources (evidence_id);

-- Older versions of a sign-in that a newer record with the same id replaced (nothing is lost).
CREATE TABLE signin_versions (
  pk            INTEGER PRIMARY KEY,
  id            TEXT NOT NULL,
  superseded_at TEXT NOT NULL,
  ingested_ms   INTEGER,
  record        TEXT NOT NULL,
  raw           TEXT NOT NULL,
  raw_evidence  INTEGER REFERENCES evidence (id)
) STRICT;
CREATE INDEX signin_versions_id ON signin_versions (id);

-- Append-only trail of analyst actions.
CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  analyst  TEXT NOT NULL,
  action   TEXT NOT NULL,
  detail   TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
