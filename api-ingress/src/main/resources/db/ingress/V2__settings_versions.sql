-- One row per provider settings version the admin API published. The primary key makes each version one writer's:
-- two ingress instances that both read version 3 both try to insert version 4; the second INSERT waits for the first
-- transaction (which holds the row until the broker acknowledged the settings record) and then fails, and that admin
-- is told the settings changed meanwhile. It also keeps versions growing after compaction drops a reset provider's
-- last record, which the settings topic alone would forget.
CREATE TABLE settings_versions (
    provider   text        NOT NULL,
    version    bigint      NOT NULL,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (provider, version)
);
