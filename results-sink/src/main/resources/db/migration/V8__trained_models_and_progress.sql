-- Image editing and model training (issues 6 and 7): what a training made, and how long-running attempts get on.
-- jobs.operation (V1) already tells text-to-image, image-edit and model-training jobs apart.

-- What a model-training job made (JobSucceeded.trainedModel): written with the winning outcome's other columns, so
-- the first terminal outcome settles it; all three set or none (none for every other operation, and for a failure).
ALTER TABLE jobs ADD COLUMN trained_kind text
    CHECK (trained_kind IN ('lora-weights', 'model-version', 'custom-model'));
ALTER TABLE jobs ADD COLUMN trained_reference text;
ALTER TABLE jobs ADD COLUMN trained_trigger_word text;
ALTER TABLE jobs ADD CONSTRAINT jobs_trained_model_check
    CHECK ((trained_kind IS NULL) = (trained_reference IS NULL)
       AND (trained_kind IS NULL) = (trained_trigger_word IS NULL));

-- Whether what the job's attempts bill buys images. A training's cost buys a model and no image: counted as spend,
-- but left out of every cost-per-image figure rather than divided by its 0 images. One definition for every report.
-- A job whose request is not recorded yet (operation NULL) counts as making images unless its outcome trained a model.
ALTER TABLE jobs ADD COLUMN makes_images boolean
    GENERATED ALWAYS AS (operation IS DISTINCT FROM 'model-training' AND trained_kind IS NULL) STORED;

-- The latest progress of each job's long-running attempt (genpipe.progress.v1, AttemptProgressed), one row per job.
-- Newer means a later attempt, then a later occurred_at, then (for a tie) the greater event id: an older or
-- redelivered event never replaces a newer one, so any order of a job's progress ends in the same row. No foreign
-- key to jobs: progress does not carry the request, and may be read before any event that does. The row is kept
-- after the job finished; the job's status shows it only while the job runs.
CREATE TABLE job_progress (
    job_id      text        PRIMARY KEY,
    -- The event's tenant; the job's status shows the row only when it is the job's tenant.
    tenant_id   text        NOT NULL,
    attempt     integer     NOT NULL CHECK (attempt > 0),
    provider    text        NOT NULL,
    model       text        NOT NULL,
    -- The vendor's own word for its state (IN_QUEUE, processing, ...), as the worker reported it.
    status      text        NOT NULL,
    percent     integer     CHECK (percent BETWEEN 0 AND 100),
    message     text,
    occurred_at timestamptz NOT NULL,
    event_id    text        NOT NULL,
    -- When the sink recorded this progress (sink clock).
    recorded_at timestamptz NOT NULL
);
