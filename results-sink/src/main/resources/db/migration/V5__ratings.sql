-- One rating per job, by whoever looked at its images (seed 001's thumbs up / down). A second rating replaces the
-- first: people change their minds, and the experiment report counts what they think now.
CREATE TABLE ratings (
    job_id     text        PRIMARY KEY REFERENCES jobs (job_id),
    rating     text        NOT NULL CHECK (rating IN ('thumbs_up', 'thumbs_down')),
    rated_at   timestamptz NOT NULL,
    -- How many times it was changed after the first.
    changes    integer     NOT NULL DEFAULT 0 CHECK (changes >= 0)
);
