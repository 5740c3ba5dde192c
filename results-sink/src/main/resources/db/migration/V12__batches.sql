-- One row per batch whose jobs say how many it has (JobRequested.batchSize, set by the ingress's POST /v1/batches):
-- its statistics then count the jobs not recorded yet as pending, so a batch is complete only once all of them ended.
-- A batch whose producer does not say has no row here and is as large as the jobs recorded of it.
CREATE TABLE batches (
    batch_id          text          NOT NULL,
    tenant_id         text          NOT NULL,
    -- the largest size its jobs stated (a batch posted again under its id makes the same jobs, of the same size)
    declared_jobs     integer       NOT NULL CHECK (declared_jobs > 0),
    first_seen_at     timestamptz   NOT NULL,
    PRIMARY KEY (batch_id, tenant_id)
);
