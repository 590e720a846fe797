-- 0004: detections and their findings. Immutable once landed; later changes go in new files.

-- One row per run of the detections (CLI or UI), with what each detection did.
CREATE TABLE detection_runs (
  id           INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  analyst      TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
  -- [{"detection","version","params","ms","findings","notEvaluable","error"}]
  results      TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- One row per finding. The id is a hash of the detection id and the finding's key (what makes it the
-- same finding on a re-run), so re-running keeps ids and the analyst's triage.
CREATE TABLE findings (
  id                TEXT PRIMARY KEY,
  detection         TEXT NOT NULL,
  detection_version INTEGER NOT NULL,
  severity          TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  title             TEXT NOT NULL,
  explanation       TEXT NOT NULL,
  -- JSON arrays: lower-cased UPNs (or service principal names), IP addresses, ASNs.
  users             TEXT NOT NULL DEFAULT '[]',
  ips               TEXT NOT NULL DEFAULT '[]',
  asns              TEXT NOT NULL DEFAULT '[]',
  start_ms          INTEGER NOT NULL,
  end_ms            INTEGER NOT NULL,
  -- The parameters the detection ran with, and extra facts for the detail view and the report (JSON).
  params            TEXT NOT NULL DEFAULT '{}',
  facts             TEXT NOT NULL DEFAULT '{}',
  signin_count      INTEGER NOT NULL DEFAULT 0,
  triage            TEXT NOT NULL DEFAULT 'open' CHECK (triage IN ('open', 'confirmed', 'false_positive', 'needs_review')),
  triage_note       TEXT,
  triaged_at        TEXT,
  triaged_by        TEXT,
  first_run         INTEGER REFERENCES detection_runs (id),
  last_run          INTEGER REFERENCES detection_runs (id),
  -- 1 when the latest run of its detection no longer produced it; kept only because it was triaged.
  stale             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX findings_detection ON findings (detection, severity);
CREATE INDEX findings_start ON findings (start_ms);

-- The evidence sign-ins of each finding (the grid's `finding` filter reads this).
CREATE TABLE finding_signins (
  finding_id  TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  signin_pk   INTEGER NOT NULL REFERENCES signins (pk) ON DELETE CASCADE,
  PRIMARY KEY (finding_id, signin_pk)
) STRICT, WITHOUT ROWID;
CREATE INDEX finding_signins_signin ON finding_signins (signin_pk);

-- "Do not raise this detection for this user / IP / ASN": listed, reversible (removed_at), logged.
CREATE TABLE suppressions (
  id          INTEGER PRIMARY KEY,
  detection   TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('user', 'ip', 'asn')),
  value       TEXT NOT NULL,
  note        TEXT,
  finding_id  TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  removed_at  TEXT,
  removed_by  TEXT
) STRICT;
CREATE INDEX suppressions_detection ON suppressions (detection, kind, value);

-- Per-case parameter overrides (JSON values); a missing row means the detection's default.
CREATE TABLE detection_params (
  detection  TEXT NOT NULL,
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (detection, name)
) STRICT, WITHOUT ROWID;

-- Indexes the detections query by, so each reads only its candidate rows on a large case: distinct
-- user agents (suspicious-client, ropc-sign-in) and risky sign-ins (identity-protection-risk).
CREATE INDEX signins_user_agent ON signins (user_agent);
CREATE INDEX signins_risk_during ON signins (risk_during, created_ms);
CREATE INDEX signins_risk_events ON signins (created_ms) WHERE risk_events IS NOT NULL;
