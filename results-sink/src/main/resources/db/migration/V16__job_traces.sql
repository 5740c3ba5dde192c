-- The W3C trace id of each job (the traceparent its records carry: the request's, or the one the router started for
-- a job produced without one), so that GET /v1/jobs/{id} leads to the job's one trace in a tracing backend. Set by the
-- first record of the job that carries one, never changed after; NULL when none did.
ALTER TABLE jobs ADD COLUMN trace_id text CHECK (trace_id ~ '^[0-9a-f]{32}$');
