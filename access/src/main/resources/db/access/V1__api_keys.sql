-- API keys made through the admin API, by their SHA-256: the key itself is shown once, when made, and kept nowhere.
CREATE TABLE api_keys (
    key_id      text        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('TENANT', 'ADMIN')),
    key_sha256  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    revoked_at  timestamptz,
    revoked_by  text
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);
