-- 0005: the analyst's work on a case: annotations (tags, notes, bookmarks) on sign-ins, findings and
-- entities. Immutable once landed; later changes go in new files. Case details (name, number,
-- analyst, client, time zone, description) live in case_meta (0001) under their own keys.

-- One row per annotation ever made. Nothing is deleted: removing an annotation stamps removed_at
-- (and removed_by), so the history of who tagged what, and when, survives. A note is edited by
-- removing the old row and adding the new text in one transaction.
CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  -- What is annotated: a sign-in (its request id, stable across re-imports), a finding (its id),
  -- a user (lower-cased UPN) or an IP address (as written in the sign-ins).
  target_kind TEXT NOT NULL CHECK (target_kind IN ('signin', 'finding', 'user', 'ip')),
  target      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('tag', 'note', 'bookmark')),
  -- The tag (lower-case) or the note text; NULL for a bookmark.
  value       TEXT,
  analyst     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  removed_at  TEXT,
  removed_by  TEXT,
  CHECK ((kind = 'bookmark') = (value IS NULL))
) STRICT;

-- The live annotations of one target (details pane, grid columns).
CREATE INDEX annotations_target ON annotations (target_kind, target) WHERE removed_at IS NULL;
-- The tag and bookmark filters: which targets carry a live tag / bookmark.
CREATE INDEX annotations_kind_value ON annotations (target_kind, kind, value, target) WHERE removed_at IS NULL;
-- History of one target, removed ones included.
CREATE INDEX annotations_history ON annotations (target_kind, target, id);

-- Per-evidence questions (coverage: the span and gaps of each evidence and sign-in type; removal:
-- which sign-ins an evidence supplied) answered from the index, without reading the sign-in rows.
-- Imports append to it in order (evidence ids only grow).
CREATE INDEX signins_evidence ON signins (src_evidence, type, created_ms);

-- Sightings that carried a superseded version: the foreign key from signin_sources.version is
-- checked through this when a version row is deleted (evidence removal), instead of a full scan
-- of signin_sources per version. Most sightings carry none and stay out of it.
CREATE INDEX signin_sources_version ON signin_sources (version) WHERE version IS NOT NULL;
