-- Versions of each budget (scope and name) that an admin made through /v1/admin/budgets (PUT, DELETE, import): one row
-- per version, never updated or deleted, so the table is also the audit. The budgets table (V6) still holds what is in
-- force; a change writes its row there in the same transaction as its version here. A budget no admin ever changed is
-- version 0 (no row).
-- The primary key is the compare-and-set between instances: a change inserts the version after the one it read, so of
-- two instances that both read version 3 of tenant:acme and both insert 4, the second fails (after the first commits)
-- and decides again, or answers 412 to an If-Match of 3.
CREATE TABLE budget_versions (
    scope              text          NOT NULL CHECK (scope IN ('provider', 'tenant')),
    name               text          NOT NULL,
    version            bigint        NOT NULL CHECK (version >= 1),
    action             text          NOT NULL CHECK (action IN ('updated', 'deleted', 'imported')),
    -- what was in force when it was decided (source NULL: no budget), and what it put in force, as the budgets
    -- table says them: after a DELETE the configuration's budget (source 'config') or none
    before_daily_usd   numeric(18,8),
    before_monthly_usd numeric(18,8),
    before_source      text          CHECK (before_source IN ('config', 'admin')),
    after_daily_usd    numeric(18,8),
    after_monthly_usd  numeric(18,8),
    after_source       text          CHECK (after_source IN ('config', 'admin')),
    -- the id of the admin's API key, never the key
    changed_by         text          NOT NULL,
    changed_at         timestamptz   NOT NULL,
    PRIMARY KEY (scope, name, version)
);
-- GET /v1/admin/budgets/audit: newest first, across budgets (one budget's are served by the primary key).
CREATE INDEX budget_versions_by_time ON budget_versions (changed_at DESC);
