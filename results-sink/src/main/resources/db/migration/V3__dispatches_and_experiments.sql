-- What the router said when it dispatched each attempt (genpipe.dispatch.<provider>.v1), and the A/B arm of the job.
-- A dispatch may arrive before or after the attempt's result or the job's outcome: it only ever fills the dispatch
-- columns (first dispatch wins), and a row that only a dispatch has written is an attempt in flight, DISPATCHED,
-- with no cost and no latency yet. The result or the outcome's summary of the attempt replaces that status.
ALTER TABLE attempts DROP CONSTRAINT attempts_status_check;
ALTER TABLE attempts ADD CONSTRAINT attempts_status_check CHECK (status IN ('DISPATCHED', 'SUCCEEDED', 'FAILED'));
ALTER TABLE attempts ALTER COLUMN latency_ms DROP NOT NULL;
-- An attempt in flight has no latency and bills nothing yet; a finished one always has a latency.
ALTER TABLE attempts ADD CONSTRAINT attempts_in_flight_check
    CHECK ((status = 'DISPATCHED') = (latency_ms IS NULL) AND (status <> 'DISPATCHED' OR cost_usd IS NULL));

-- The dispatch's reason in words (the existing reason column is the attempt's failure reason), its structured
-- route (policy, scores, skipped: the contract's RouteExplanation), when it was dispatched and the worker's deadline.
-- All NULL until the dispatch has been recorded, and left NULL when it did not say.
ALTER TABLE attempts ADD COLUMN dispatch_reason text;
ALTER TABLE attempts ADD COLUMN route jsonb;
ALTER TABLE attempts ADD COLUMN dispatched_at timestamptz;
ALTER TABLE attempts ADD COLUMN deadline timestamptz;

-- The A/B arm, from whichever event of the job carries it first (dispatch, result, outcome): a job keeps its arm.
ALTER TABLE attempts ADD COLUMN experiment text;
ALTER TABLE attempts ADD COLUMN arm text;
ALTER TABLE attempts ADD CONSTRAINT attempts_arm_check CHECK ((experiment IS NULL) = (arm IS NULL));
ALTER TABLE jobs ADD COLUMN experiment text;
ALTER TABLE jobs ADD COLUMN arm text;
ALTER TABLE jobs ADD CONSTRAINT jobs_arm_check CHECK ((experiment IS NULL) = (arm IS NULL));

-- Results by arm, for the A/B reports.
CREATE INDEX jobs_by_experiment ON jobs (experiment, arm, status) WHERE experiment IS NOT NULL;
