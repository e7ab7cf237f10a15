-- What a run found when it compared each connector (SPEC §5), beside its outcome. Both NULL in rows written before
-- this migration, and in rows that were not compared (INVALID, a first sync without a ledger row, an export).
--
-- changes: the field-level changes as the report's JSON array, [{"field": "region", "from": "us-east-1",
-- "to": "eu-west-1"}, {"field": "password", "secret": true}]: never a secret value (a secret is named, without
-- values; other values are cut at 200 characters). TEXT: many fields of up to 200 characters each.
--
-- drift: with sync.compare=live only, whether the live definition differed from what registry-sync last sent
-- (the connector was changed outside it); NULL when not compared live or when the ledger has no body to compare.
ALTER TABLE sync_outcome ADD COLUMN changes TEXT;
ALTER TABLE sync_outcome ADD COLUMN drift BOOLEAN;
