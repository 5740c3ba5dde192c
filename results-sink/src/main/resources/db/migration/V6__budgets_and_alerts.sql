-- Budgets per provider or tenant, per UTC day and/or month. Rows come from configuration (genpipe.sink.budgets,
-- written at start-up) or from the admin API; one set through the admin API stands over configuration until it is
-- deleted there.
CREATE TABLE budgets (
    scope       text          NOT NULL CHECK (scope IN ('provider', 'tenant')),
    name        text          NOT NULL,
    daily_usd   numeric(18,8) CHECK (daily_usd > 0),
    monthly_usd numeric(18,8) CHECK (monthly_usd > 0),
    source      text          NOT NULL CHECK (source IN ('config', 'admin')),
    updated_at  timestamptz   NOT NULL,
    PRIMARY KEY (scope, name),
    CHECK (daily_usd IS NOT NULL OR monthly_usd IS NOT NULL)
);

-- One row per crossing of an alert rule for one subject (rule-specific: 'provider:fal', or a budget's
-- 'tenant:acme/day:2026-12-01/0.8'). The row is the alert's state, in the database so that it survives a restart and
-- is shared by every sink instance: open (cleared_at NULL) while the condition holds, at most one open row per rule
-- and subject (the partial unique index), so an alert fires once per crossing and again only after it cleared.
-- A rule that must hold for a while before it fires (the primary provider down for 5 minutes) opens its row pending
-- (raised_at NULL) when first seen; a pending row that clears before it fired is deleted.
CREATE TABLE alerts (
    alert_id        uuid          PRIMARY KEY,
    rule            text          NOT NULL,
    subject         text          NOT NULL,
    scope           text          NOT NULL,
    period          text          CHECK (period IN ('day', 'month')),
    period_start    date,
    threshold       numeric(24,8) NOT NULL,
    observed        numeric(24,8) NOT NULL,
    window_seconds  bigint,
    sample          bigint,
    message         text          NOT NULL,
    breached_since  timestamptz   NOT NULL,
    raised_at       timestamptz,
    cleared_at      timestamptz,
    cleared_observed numeric(24,8),
    cleared_message text,
    -- The outbox: the raise and the clearing are published to genpipe.alerts.v1 after the row commits, and marked.
    raise_published boolean       NOT NULL DEFAULT false,
    clear_published boolean       NOT NULL DEFAULT false,
    CHECK (cleared_at IS NULL OR raised_at IS NOT NULL),
    CHECK ((period IS NULL) = (period_start IS NULL))
);

-- At most one open alert per rule and subject: the once-per-crossing guarantee, across instances.
CREATE UNIQUE INDEX alerts_open ON alerts (rule, subject) WHERE cleared_at IS NULL;
-- GET /v1/alerts?since=: raised or cleared since.
CREATE INDEX alerts_by_raised ON alerts (raised_at) WHERE raised_at IS NOT NULL;
CREATE INDEX alerts_by_cleared ON alerts (cleared_at) WHERE cleared_at IS NOT NULL;
-- What is still to be published (a handful of rows at most).
CREATE INDEX alerts_unpublished ON alerts (raised_at)
    WHERE (raised_at IS NOT NULL AND NOT raise_published) OR (cleared_at IS NOT NULL AND NOT clear_published);

-- Spend of one provider over a month, for the snapshots: the existing index leads with the day, across providers.
CREATE INDEX attempts_spend_by_provider ON attempts (provider, billed_on) INCLUDE (cost_usd, status, lost_calls);
