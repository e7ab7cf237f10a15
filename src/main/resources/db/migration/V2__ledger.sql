-- The last desired state successfully applied to each connector of each tenant, as a keyed fingerprint
-- (HMAC-SHA-256 of the request body as sent). Connectors whose fingerprint is unchanged are not sent again.
CREATE TABLE sync_ledger (
    tenant          VARCHAR(1024)            NOT NULL,
    connector_id    VARCHAR(300)             NOT NULL,
    fingerprint     VARCHAR(64)              NOT NULL,
    job_instance_id BIGINT                   NOT NULL,
    applied_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, connector_id)
);
