-- Every request a worker sent to a vendor, as attempt results report them (AttemptResult.calls): one row per call id
-- (jobId/attempt/n), from whichever report of its attempt came first. A call made again after a crash has an id of its
-- own, so the rows of a period add up to what the vendors bill; the attempts table bills each attempt once, from the
-- first report of it, and a call no report the attempt bills from answered is what was paid twice (see
-- CallRecords). An older producer reports no calls: its attempts have no rows here, never rows at $0.
CREATE TABLE vendor_calls (
    call_id            text          PRIMARY KEY,
    job_id             text          NOT NULL REFERENCES jobs (job_id),
    attempt            integer       NOT NULL CHECK (attempt > 0),
    -- n of the id: the call's place in its attempt's journal, for the order calls were made in
    call_index         integer       NOT NULL CHECK (call_index >= 0),
    tenant_id          text          NOT NULL,
    provider           text          NOT NULL,
    model              text          NOT NULL,
    first_image        integer       NOT NULL CHECK (first_image >= 0),
    -- the queue vendor's id for the request, to find it on the vendor's bill; NULL for a synchronous call
    vendor_request_id  text,
    instance           text          NOT NULL,
    started_at         timestamptz   NOT NULL,
    outcome            text          NOT NULL CHECK (outcome IN ('ANSWERED', 'RETRIED', 'LOST', 'UNANSWERED')),
    -- NULL when unknown: the catalog could not price the answer (or, for a LOST call, what it asked)
    cost_usd           numeric(18,8) CHECK (cost_usd >= 0),
    -- the attempt result that reported it first
    event_id           text          NOT NULL,
    recorded_at        timestamptz   NOT NULL
);

CREATE INDEX vendor_calls_by_attempt ON vendor_calls (job_id, attempt, call_index);
CREATE INDEX vendor_calls_by_day ON vendor_calls (started_at);
