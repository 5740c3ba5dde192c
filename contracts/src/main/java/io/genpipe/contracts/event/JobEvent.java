package io.genpipe.contracts.event;

/** An event in the life of one job. Its key on every topic is the job id, so a job's events stay in order. */
public sealed interface JobEvent extends GenpipeEvent
        permits JobRequested, AttemptDispatched, AttemptResult, JobOutcome {

    String jobId();
}
