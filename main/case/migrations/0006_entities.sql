-- 0006: entities and scope. Immutable once landed; later changes go in new files.

-- Scope of a compromise looks up every sign-in from the analyst's IPs and CIDR blocks (and, through
-- the IP database, ASNs) and needs only who signed in, how it ended, when, and whether the record
-- names its own ASN. With those in the index the lookup never reads the (large) rows: a scope of 100
-- indicators that includes busy office addresses stays under a second on a million sign-ins (npm run
-- bench). It starts with ip_hex, so it serves every IP filter the old single-column index served,
-- and that one goes.
CREATE INDEX signins_ip_scope ON signins (ip_hex, user_upn, outcome, created_ms, asn);
DROP INDEX signins_ip_hex;
