-- registry-sync's own tables, beside Spring Batch's. Plain SQL that H2 and PostgreSQL both take.

-- One row per run (a Spring Batch job instance): what it synchronises, and how to find it again on restart.
CREATE TABLE sync_run (
    job_instance_id  BIGINT                   NOT NULL PRIMARY KEY,
    run_key          VARCHAR(64)              NOT NULL,
    run_seq          BIGINT                   NOT NULL,
    inventory        VARCHAR(1024)            NOT NULL,
    inventory_sha256 VARCHAR(64)              NOT NULL,
    tenant           VARCHAR(1024)            NOT NULL,
    dry_run          BOOLEAN                  NOT NULL,
    records          BIGINT                   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX sync_run_key_seq ON sync_run (run_key, run_seq);

-- One row per inventory record per run, written in the same transaction as the chunk that handled it.
CREATE TABLE sync_outcome (
    job_instance_id  BIGINT                   NOT NULL,
    job_execution_id BIGINT                   NOT NULL,
    record_number    BIGINT                   NOT NULL,
    connector_id     VARCHAR(300),
    source           VARCHAR(1100)            NOT NULL,
    outcome          VARCHAR(16)              NOT NULL,
    message          VARCHAR(4000),
    http_status      INTEGER,
    error_code       VARCHAR(64),
    attempts         INTEGER                  NOT NULL,
    duration_ms      BIGINT                   NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_instance_id, record_number)
);
CREATE INDEX sync_outcome_connector ON sync_outcome (connector_id);
CREATE INDEX sync_outcome_execution ON sync_outcome (job_execution_id);
