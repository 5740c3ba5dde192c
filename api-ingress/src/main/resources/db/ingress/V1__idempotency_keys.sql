-- One row per Idempotency-Key a tenant has used: the request it came with (canonical JSON, hashed) and the job it made.
-- The primary key is what makes concurrent duplicates safe: a second INSERT of the same key waits for the first
-- transaction, and finds its row once that commits (or takes the key itself if the first rolled back).
CREATE TABLE idempotency_keys (
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_sha256  text        NOT NULL,
    job_id          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

-- Expired keys are deleted by age.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
