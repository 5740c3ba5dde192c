-- One row per job, whatever event about it arrived first. Columns that the job request owns (tenant, batch,
-- operation, requested_at) are filled from whichever event arrives first and settled by the request itself;
-- the columns of the outcome are written once, by the first terminal outcome.
CREATE TABLE jobs (
    job_id            text          PRIMARY KEY,
    tenant_id         text          NOT NULL,
    batch_id          text,
    -- NULL until the request (or an attempt, which carries the request) has been seen: an outcome does not say.
    operation         text,
    status            text          NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    requested_at      timestamptz   NOT NULL,
    completed_at      timestamptz,
    -- Who made the images; NULL unless SUCCEEDED.
    provider          text,
    model             text,
    images            jsonb         NOT NULL DEFAULT '[]'::jsonb,
    failure_class     text,
    failure_reason    text,
    -- Always the sum of this job's rows in attempts, recomputed in the transaction that writes them.
    total_cost_usd    numeric(18,8) NOT NULL DEFAULT 0,
    request_event_id  text,
    outcome_event_id  text,
    -- When the sink first recorded the job (sink clock), for lag; never changed afterwards.
    recorded_at       timestamptz   NOT NULL,
    CHECK ((status IN ('SUCCEEDED', 'FAILED')) = (completed_at IS NOT NULL))
);

CREATE INDEX jobs_by_batch ON jobs (batch_id, status) WHERE batch_id IS NOT NULL;
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, requested_at);

-- One row per attempt of a job: the billing record. The key makes a duplicate attempt event (a redelivery, or
-- the vendor called twice for the same attempt) a no-op, so nothing is billed twice. tenant_id and batch_id
-- are the job's, copied from the request every attempt event carries, so that spend reports need no join.
-- A row may first come from the job's outcome, which summarises every attempt (event_id NULL, occurred_at the
-- outcome's time); the attempt's own event replaces it when it arrives.
CREATE TABLE attempts (
    job_id         text          NOT NULL REFERENCES jobs (job_id),
    attempt        integer       NOT NULL CHECK (attempt > 0),
    tenant_id      text          NOT NULL,
    batch_id       text,
    provider       text          NOT NULL,
    model          text          NOT NULL,
    status         text          NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
    failure_class  text,
    reason         text,
    cost_usd       numeric(18,8) NOT NULL CHECK (cost_usd >= 0),
    latency_ms     bigint        NOT NULL CHECK (latency_ms >= 0),
    occurred_at    timestamptz   NOT NULL,
    -- The UTC day the attempt billed on, for spend per day.
    billed_on      date          GENERATED ALWAYS AS ((occurred_at AT TIME ZONE 'UTC')::date) STORED,
    -- The attempt event recorded; NULL while the row only holds the outcome's summary of the attempt.
    event_id       text,
    recorded_at    timestamptz   NOT NULL,
    PRIMARY KEY (job_id, attempt),
    CHECK ((status = 'FAILED') = (failure_class IS NOT NULL))
);

CREATE INDEX attempts_by_batch ON attempts (batch_id, provider) INCLUDE (status, cost_usd)
    WHERE batch_id IS NOT NULL;
-- Spend per day, per provider and model (and per provider alone, on the prefix).
CREATE INDEX attempts_spend_by_day ON attempts (billed_on, provider, model) INCLUDE (cost_usd);
-- Spend per tenant, per day.
CREATE INDEX attempts_spend_by_tenant ON attempts (tenant_id, billed_on) INCLUDE (cost_usd);
