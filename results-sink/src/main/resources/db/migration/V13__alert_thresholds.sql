-- Alert thresholds set through the admin API (PUT and DELETE /v1/admin/alerts/thresholds): one row per version, the
-- newest in force; none while genpipe.sink.alerts.* as configured is. Every sink instance reads the newest row at each
-- evaluation, so a change reaches all of them without a restart.
-- The primary key on version is the compare-and-set between instances: a change inserts the version after the one it
-- read, so of two instances that both read version 3 and both insert 4, the second fails and decides again (or
-- answers 412 to an If-Match of 3). Rows are never updated or deleted: the table is also the audit.
CREATE TABLE alert_thresholds (
    version     bigint      PRIMARY KEY CHECK (version >= 1),
    action      text        NOT NULL CHECK (action IN ('updated', 'reset')),
    -- what the change put in force, every member said, in the API's shape (a reset: the configuration's thresholds
    -- as the instance that made it had them; those of the instance reading it are in force)
    thresholds  jsonb       NOT NULL,
    -- what was in force when it was decided, in the same shape
    previous    jsonb       NOT NULL,
    -- the id of the admin's API key, never the key
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL
);
