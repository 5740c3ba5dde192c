package io.genpipe.sink;

/**
 * Where a job is, as the sink records it. Statuses only move forward: a job is QUEUED when its request is seen,
 * RUNNING once an attempt is seen, and terminal with its first outcome; a late or redelivered event never moves
 * it back.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}
