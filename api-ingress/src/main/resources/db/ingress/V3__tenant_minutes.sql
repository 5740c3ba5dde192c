-- Each tenant's jobs per UTC minute, counted by every ingress instance together (genpipe.ingress.limits.scope:
-- cluster): one row per tenant and minute, raised by one statement that only succeeds while the row stays within the
-- tenant's limit, so two instances can never both take the last permits. Rows of past minutes are deleted as new
-- minutes begin.
CREATE TABLE tenant_minutes (
    tenant       text        NOT NULL,
    minute_start timestamptz NOT NULL,
    jobs         integer     NOT NULL CHECK (jobs >= 0),
    PRIMARY KEY (tenant, minute_start)
);
