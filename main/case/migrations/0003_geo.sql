-- 0003: offline geolocation (main/geo). Immutable once landed; later changes go in new files.

-- What the offline databases say about one address, looked up once per distinct IP (a cache:
-- dropped and rebuilt when the analyst switches IP database). Private, reserved and unparseable
-- addresses are kept with their class and no location.
CREATE TABLE ip_info (
  ip            TEXT PRIMARY KEY,
  ip_class      TEXT NOT NULL CHECK (ip_class IN ('public', 'private', 'reserved', 'invalid')),
  asn           INTEGER,
  as_org        TEXT,
  -- From the curated ASN list with the case's overrides (main/geo/networks.ts).
  network_kind  TEXT CHECK (network_kind IN ('hosting', 'vpn', 'anonymizer')),
  country_code  TEXT,
  region        TEXT,
  city          TEXT,
  lat           REAL,
  lon           REAL,
  radius_km     REAL,
  -- Which IP database answered, e.g. 'dbip-city-lite 2026-06' or 'custom GeoLite2-City.mmdb'.
  ip_db         TEXT
) STRICT, WITHOUT ROWID;

-- Where each sign-in is placed, and how sure that is. No row, or NULL lat/lon, means "not
-- locatable" (never plotted). `source`: the record's own coordinates, the gazetteer for its
-- "City, State, CC" text, or the IP database. The last six columns copy the few sign-in fields
-- the map and travel read (user_key = lower-cased UPN, else the user id), so they never read the
-- wide signins rows (a 1M-row case: seconds instead of a minute).
CREATE TABLE signin_geo (
  signin_pk     INTEGER PRIMARY KEY REFERENCES signins (pk) ON DELETE CASCADE,
  lat           REAL,
  lon           REAL,
  radius_km     REAL,
  source        TEXT CHECK (source IN ('record', 'gazetteer', 'ipdb')),
  place         TEXT,
  country_code  TEXT,
  asn           INTEGER,
  network_kind  TEXT CHECK (network_kind IN ('hosting', 'vpn', 'anonymizer')),
  user_key      TEXT,
  created_ms    INTEGER,
  type          TEXT,
  outcome       TEXT,
  ip            TEXT,
  app           TEXT
) STRICT;

-- A newer version of a sign-in that changes what is kept here (another IP, place, time, outcome ...)
-- must be placed again: its row goes, and the next enrichment pass (after every import) redoes it.
CREATE TRIGGER signin_geo_stale AFTER UPDATE OF ip, latitude, longitude, city, state, country, asn, user_upn, user_id, created_ms, type, outcome, app_name ON signins
WHEN OLD.ip IS NOT NEW.ip OR OLD.latitude IS NOT NEW.latitude OR OLD.longitude IS NOT NEW.longitude
  OR OLD.city IS NOT NEW.city OR OLD.state IS NOT NEW.state OR OLD.country IS NOT NEW.country OR OLD.asn IS NOT NEW.asn
  OR OLD.user_upn IS NOT NEW.user_upn OR OLD.user_id IS NOT NEW.user_id OR OLD.created_ms IS NOT NEW.created_ms
  OR OLD.type IS NOT NEW.type OR OLD.outcome IS NOT NEW.outcome OR OLD.app_name IS NOT NEW.app_name
BEGIN
  DELETE FROM signin_geo WHERE signin_pk = NEW.pk;
END;

-- The analyst's trusted networks (office egress, VPN concentrators): CIDR blocks with their range
-- in the fixed-width hex form of signins.ip_hex, so membership is a comparison.
CREATE TABLE geo_trusted_ranges (
  id          INTEGER PRIMARY KEY,
  cidr        TEXT NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  low_hex     TEXT NOT NULL,
  high_hex    TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

-- The analyst's trusted places (offices): a point and a radius.
CREATE TABLE geo_trusted_places (
  id          INTEGER PRIMARY KEY,
  label       TEXT NOT NULL DEFAULT '',
  lat         REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon         REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  radius_km   REAL NOT NULL CHECK (radius_km > 0),
  created_at  TEXT NOT NULL
) STRICT;

-- The analyst's changes to the curated hosting / VPN / anonymiser ASN list, for this case only:
-- an added or re-classified ASN, or 'none' to drop a curated entry (e.g. the company's own SASE).
CREATE TABLE geo_asn_overrides (
  asn         INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('hosting', 'vpn', 'anonymizer', 'none')),
  label       TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL
) STRICT;

-- One row per enrichment pass (after an import, or run by the analyst), for the status display.
CREATE TABLE geo_runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  mode        TEXT NOT NULL CHECK (mode IN ('pending', 'full')),
  ip_db       TEXT NOT NULL,
  signins     INTEGER NOT NULL DEFAULT 0,
  located     INTEGER NOT NULL DEFAULT 0,
  ips         INTEGER NOT NULL DEFAULT 0,
  ms          INTEGER,
  status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  error       TEXT
) STRICT;
