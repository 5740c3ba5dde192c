-- GET /v1/jobs for an admin: every tenant's newest jobs, read from the end of this index instead of sorting the table.
-- A tenant's come from jobs_by_tenant (tenant_id, requested_at).
CREATE INDEX jobs_by_requested_at ON jobs (requested_at);
