-- Seeds 000 and 002's result cache: the last job of each tenant and cache key (a digest of the normalized request),
-- and when it succeeded. A client that allows it (Cache-Control: max-age) is answered with that job instead of a
-- new one while it is young enough. succeeded_at stays null until the ingress that submitted the job reads its
-- JobSucceeded; a job that failed, or whose outcome no ingress saw, is never a hit.
CREATE TABLE result_cache (
    tenant_id    text        NOT NULL,
    cache_key    text        NOT NULL,
    job_id       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    succeeded_at timestamptz,
    PRIMARY KEY (tenant_id, cache_key)
);
CREATE INDEX result_cache_by_job ON result_cache (job_id);
