-- What the ledger keeps besides the fingerprint, so that a later run can show field-level changes without a
-- request (SPEC §5). Both columns are NULL in rows written before this migration, and such rows are planned by
-- their fingerprint alone, as before.
--
-- last_sent: the body Cortex last accepted, as JSON, WITHOUT password and auth_token, and with every secret
-- reference (env: or file:) as written, never its resolved value: nothing in it is secret. TEXT,
-- since a body may hold several strings of up to 262,144 characters each (the inventory's bound), beyond any
-- VARCHAR length worth declaring: H2 takes TEXT as a CLOB, PostgreSQL as its unbounded text.
--
-- secrets_fingerprint: the secrets apart, so that a change to one is seen without storing it: the hex
-- HMAC-SHA-256, keyed with the ledger's key like fingerprint, of the resolved password and auth_token only, each
-- length-prefixed so that no two pairs give the same input. Keyed, not a plain hash: a plain SHA-256 of a short
-- password can be guessed by trying candidates (SPEC §4: no unsalted hash of a secret in the job repository).
ALTER TABLE sync_ledger ADD COLUMN last_sent TEXT;
ALTER TABLE sync_ledger ADD COLUMN secrets_fingerprint VARCHAR(64);
