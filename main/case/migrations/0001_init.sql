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
  -- Rows the import could not read: [{"line","reason"}] (the first 1000).
  rejected      TEXT NOT NULL DEFAULT '[]',
  -- The header of a CSV evidence file (JSON array), naming the cells of its rows' raw records.
  columns       TEXT,
  -- How the file was read (e.g. {"dateOrder":"dmy"}), so a record re-read from raw reads the same.
  read_options  TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- Current sign-ins: typed columns for filtering and sorting, and the source record verbatim, from
-- which the canonical record is re-read (the raw record is the one truth; nothing is stored twice).
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
  session_id      TEXT,
  tenant_id       TEXT,
  failure_reason  TEXT,
  mfa_result      TEXT,
  os              TEXT,
  browser         TEXT,
  device_id       TEXT,
  is_compliant    INTEGER,
  is_managed      INTEGER,
  trust_type      TEXT,
  auth_requirement TEXT,
  ca_status       TEXT,
  risk_during     TEXT,
  risk_aggregated TEXT,
  risk_state      TEXT,
  -- JSON array text of risk event types (v2 names where present).
  risk_events     TEXT,
  incoming_token_type TEXT,
  auth_protocol   TEXT,
  asn             INTEGER,
  user_type       TEXT,
  cross_tenant    TEXT,
  -- The address as 32 hex digits of its IPv6 form (IPv4 as ::ffff:a.b.c.d): CIDR filters are ranges.
  ip_hex          TEXT,
  source_format   TEXT NOT NULL,
  -- The source record verbatim: JSON text, or for CSV the cells as a JSON array named by the
  -- evidence's `columns`. The canonical record is re-read from it through the evidence's reader.
  raw             TEXT NOT NULL,
  -- Where raw came from.
  src_evidence    INTEGER NOT NULL REFERENCES evidence (id),
  src_index       INTEGER NOT NULL,
  src_line        INTEGER NOT NULL,
  -- Only for a sign-in merged from two formats, which no single raw record yields: the merged
  -- canonical record (JSON, without the ingestion time). NULL means "read raw".
  merged          TEXT
) STRICT;

CREATE INDEX signins_created ON signins (created_ms);
CREATE INDEX signins_user ON signins (user_upn, created_ms);
CREATE INDEX signins_ip ON signins (ip, created_ms);
CREATE INDEX signins_app ON signins (app_name, created_ms);
CREATE INDEX signins_outcome ON signins (outcome, created_ms);
CREATE INDEX signins_country ON signins (country, created_ms);
CREATE INDEX signins_type ON signins (type, created_ms);
CREATE INDEX signins_ip_hex ON signins (ip_hex);
CREATE INDEX signins_correlation ON signins (correlation_id);
CREATE INDEX signins_session ON signins (session_id);
CREATE INDEX signins_user_id ON signins (user_id);
CREATE INDEX signins_device ON signins (device_id);
CREATE INDEX signins_error ON signins (error_code, created_ms);
CREATE INDEX signins_app_id ON signins (app_id);
-- List filters compare without case: NOCASE indexes let `col COLLATE NOCASE IN (...)` use them.
CREATE INDEX signins_client_app ON signins (client_app COLLATE NOCASE, created_ms);
CREATE INDEX signins_ca_status ON signins (ca_status COLLATE NOCASE, created_ms);
CREATE INDEX signins_token_type ON signins (incoming_token_type COLLATE NOCASE, created_ms);
CREATE INDEX signins_auth_protocol ON signins (auth_protocol COLLATE NOCASE, created_ms);
CREATE INDEX signins_asn ON signins (asn, created_ms);

-- Every (UPN, display name) pair seen: the user filter (a substring of either) looks here first,
-- then reads only those users' sign-ins through signins_user instead of scanning every row.
CREATE TABLE users (
  upn      TEXT NOT NULL,
  display  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (upn, display)
) STRICT, WITHOUT ROWID;

-- Full-text search over a sign-in's text fields (contentless: the text lives in `signins`; rowid =
-- signins.pk). Filled by the import's last step, for the rows that file added or changed.
CREATE VIRTUAL TABLE signins_fts USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');

-- Provenance beyond the record each version was read from (signins.src_*, signin_versions.src_*):
-- every other sighting of the same sign-in (duplicates in this or other files), with the line it
-- starts on and its index among the file's records. `version` is NULL for sightings of the current
-- version, else the superseded version they carried.
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
  source_format TEXT NOT NULL,
  raw           TEXT NOT NULL,
  src_evidence  INTEGER NOT NULL REFERENCES evidence (id),
  src_index     INTEGER NOT NULL,
  src_line      INTEGER NOT NULL,
  merged        TEXT
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
