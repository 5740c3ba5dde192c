package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.JobRequested;

/**
 * Event ids of the router's decisions, derived from the job and the attempt rather than drawn at random: a job or
 * attempt result the router reads again (a redelivery, a restart before its commit) yields the same decision with the
 * same id, so any reader can recognise the replay. The job's own event id is part of it, so a job id reused for a new
 * request is a new decision.
 */
public final class DecisionIds {

    private DecisionIds() {
    }

    /** The id of the dispatch of attempt {@code attempt}: {@code <jobId>/<request event id>/attempt-<n>}. */
    public static String dispatch(JobRequested job, int attempt) {
        return job.jobId() + "/" + job.eventId() + "/attempt-" + attempt;
    }

    /** The id of the TIMEOUT failure the router records for a dispatch that had no result in time. */
    static String timeout(AttemptDispatched dispatch) {
        return dispatch.eventId() + "/timeout";
    }

    /** The id of the job's one outcome: {@code <jobId>/<request event id>/outcome}. */
    static String outcome(JobRequested job) {
        return job.jobId() + "/" + job.eventId() + "/outcome";
    }
}
