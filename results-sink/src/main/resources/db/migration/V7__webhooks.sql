-- Webhooks (results-sink/docs/webhooks.md). V6 and V7 are another change's.

-- Where the job's outcome is POSTed (JobRequested.callbackUrl); NULL for a job without one. Settled by the first event
-- that carries the request, as the request's other columns are. It may hold the receiver's token: never logged.
ALTER TABLE jobs ADD COLUMN callback_url text;

-- One delivery per job with a callback, written in the transaction that records its terminal outcome (an outbox):
-- a recorded outcome is never without its delivery, and a redelivered outcome adds none. The body is the outcome as
-- the contract's serde wrote it, kept as text: the bytes signed are the bytes recorded.
-- AWAITING_REQUEST: the outcome came before any event carrying the request, so whether there is a callback is not
-- known yet; the dispatcher makes it PENDING once the request shows one, and deletes it once the request shows none.
CREATE TABLE webhook_deliveries (
    job_id          text        PRIMARY KEY REFERENCES jobs (job_id),
    -- Genpipe-Delivery: the same on every attempt, so a receiver de-duplicates on it.
    delivery_id     uuid        NOT NULL UNIQUE,
    -- The outcome's eventId (Genpipe-Event-Id).
    event_id        text        NOT NULL,
    callback_url    text,
    body            text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('AWAITING_REQUEST', 'PENDING', 'DELIVERED', 'GAVE_UP')),
    -- Attempts started; one is counted when it is claimed, so an attempt a crash interrupted still counts.
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      timestamptz NOT NULL,
    -- When a PENDING delivery is next due; while an attempt runs, when its claim lapses and another instance may
    -- take it over.
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    -- The receiver's HTTP status of the last attempt; NULL when it gave none (refused, timed out, unreachable).
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    CHECK ((status = 'AWAITING_REQUEST') = (callback_url IS NULL)),
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL)),
    CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL))
);

-- The dispatcher's poll: due deliveries, oldest first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_awaiting ON webhook_deliveries (created_at) WHERE status = 'AWAITING_REQUEST';
