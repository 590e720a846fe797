-- 0002: live collection from Microsoft Graph. Immutable once landed; later changes go in new files.

-- One row per collection run (a CLI invocation or a Collect in the UI). Its sign-ins are evidence
-- (evidence.source = 'graph', format 'graph-json'); the evidence row is made with the first page.
-- `query` is what was asked (range, types, filters, Graph base, tenant): never a token.
CREATE TABLE collect_runs (
  id            INTEGER PRIMARY KEY,
  evidence_id   INTEGER REFERENCES evidence (id),
  started_at    TEXT NOT NULL,
  -- Touched with every page; with `owner` ({"host","pid"}) it tells a run whose process died
  -- (marked 'interrupted' by the next run) from one still going.
  updated_at    TEXT NOT NULL,
  owner         TEXT NOT NULL DEFAULT '{}',
  finished_at   TEXT,
  status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
  query         TEXT NOT NULL,
  resumed_from  TEXT,
  windows       INTEGER NOT NULL DEFAULT 0,
  pages         INTEGER NOT NULL DEFAULT 0,
  records       INTEGER NOT NULL DEFAULT 0,
  inserted      INTEGER NOT NULL DEFAULT 0,
  updated       INTEGER NOT NULL DEFAULT 0,
  duplicates    INTEGER NOT NULL DEFAULT 0,
  retries       INTEGER NOT NULL DEFAULT 0,
  throttled     INTEGER NOT NULL DEFAULT 0,
  warnings      TEXT NOT NULL DEFAULT '[]',
  error         TEXT
) STRICT;

-- Every page Graph returned, verbatim, with its SHA-256: the raw evidence of a run.
CREATE TABLE collect_pages (
  id            INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES collect_runs (id),
  -- 1-based order of the page in its run; a sign-in's provenance line is this number.
  seq           INTEGER NOT NULL,
  source        TEXT NOT NULL,
  event_type    TEXT,
  window_start  TEXT,
  window_end    TEXT,
  -- The request URL exactly as sent (first page of a window, or the nextLink as given).
  url           TEXT NOT NULL,
  api_version   TEXT NOT NULL,
  fetched_at    TEXT NOT NULL,
  http_status   INTEGER NOT NULL,
  records       INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  body          BLOB NOT NULL,
  UNIQUE (run_id, seq)
) STRICT;

-- A window of one source (and sign-in event type) whose pages all landed: a later run skips it.
-- `scope` is a hash of what the window was a window of (source, event type, user/app filters,
-- Graph base, tenant); windows are closed intervals (Graph filters ge/le).
CREATE TABLE collect_checkpoints (
  id            INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES collect_runs (id),
  scope         TEXT NOT NULL,
  source        TEXT NOT NULL,
  event_type    TEXT,
  window_start  TEXT NOT NULL,
  window_end    TEXT NOT NULL,
  start_ms      INTEGER NOT NULL,
  end_ms        INTEGER NOT NULL,
  pages         INTEGER NOT NULL,
  records       INTEGER NOT NULL,
  finished_at   TEXT NOT NULL
) STRICT;
CREATE INDEX collect_checkpoints_scope ON collect_checkpoints (scope, start_ms);

-- The optional other sources, each in its own table: typed columns for the timeline, the record
-- verbatim (raw), and the page it came from. A record seen again with changed content replaces the
-- stored one (risky users change state); every version stays in collect_pages.
CREATE TABLE directory_audits (
  pk            INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  time_ms       INTEGER NOT NULL,
  category      TEXT,
  activity      TEXT,
  result        TEXT,
  initiated_by  TEXT,
  raw           TEXT NOT NULL,
  page_id       INTEGER NOT NULL REFERENCES collect_pages (id)
) STRICT;
CREATE INDEX directory_audits_time ON directory_audits (time_ms);

CREATE TABLE risk_detections (
  pk            INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  time_ms       INTEGER NOT NULL,
  risk_event    TEXT,
  risk_level    TEXT,
  risk_state    TEXT,
  user_upn      TEXT,
  ip            TEXT,
  raw           TEXT NOT NULL,
  page_id       INTEGER NOT NULL REFERENCES collect_pages (id)
) STRICT;
CREATE INDEX risk_detections_time ON risk_detections (time_ms);

CREATE TABLE risky_users (
  pk            INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  time_ms       INTEGER,
  user_upn      TEXT,
  risk_level    TEXT,
  risk_state    TEXT,
  risk_detail   TEXT,
  raw           TEXT NOT NULL,
  page_id       INTEGER NOT NULL REFERENCES collect_pages (id)
) STRICT;
CREATE INDEX risky_users_time ON risky_users (time_ms);
