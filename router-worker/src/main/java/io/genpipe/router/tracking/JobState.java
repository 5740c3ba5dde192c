package io.genpipe.router.tracking;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.router.routing.RoutingSettings;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the router remembers of one job between events: where it is, the attempt in flight, why it waits, how it
 * ended. Kept in a state store changelogged to Kafka, so any router instance that takes over the job's partition
 * knows it too.
 *
 * @param history     every finished attempt, oldest first
 * @param dispatch    the attempt in flight when {@link Phase#DISPATCHED}; null otherwise (the history has the rest)
 * @param waitReason  when {@link Phase#WAITING}: each candidate passed over and why
 * @param waitUntil   when {@link Phase#WAITING}: the job fails NO_PROVIDER_AVAILABLE if none is back by then
 * @param outcome     when {@link Phase#FINISHED}: the job's one terminal outcome
 * @param finishedAt  when {@link Phase#FINISHED}: when the router decided it
 * @param lastInputId the event id of the input that led here: read again, it yields this state's output again
 */
public record JobState(JobRequested job, List<AttemptSummary> history, Phase phase, AttemptDispatched dispatch,
                       String waitReason, Instant waitUntil, JobOutcome outcome, Instant finishedAt,
                       String lastInputId) {

    public enum Phase {
        /** An attempt is out with a provider's workers; its deadline is watched. */
        DISPATCHED,
        /** No provider can take the job now; it is routed again when one recovers. */
        WAITING,
        /** The outcome is written; the state stays a while to recognise a replay, then goes. */
        FINISHED
    }

    public JobState {
        Objects.requireNonNull(job, "job");
        history = List.copyOf(history);
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lastInputId, "lastInputId");
        if (phase == Phase.DISPATCHED) {
            Objects.requireNonNull(dispatch, "dispatch");
        } else if (phase == Phase.WAITING) {
            Objects.requireNonNull(waitUntil, "waitUntil");
        } else {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }
    }

    /** What this state told the rest of the pipeline: the dispatch in flight, the outcome, or nothing while waiting. */
    public List<Object> output() {
        return switch (phase) {
            case DISPATCHED -> List.of(dispatch);
            case WAITING -> List.of();
            case FINISHED -> List.of(outcome);
        };
    }

    /**
     * When the router must look at this job again unasked: the attempt's deadline plus grace, the end of the wait,
     * or the end of the finished job's retention.
     */
    public Instant timerAt(RoutingSettings settings) {
        return switch (phase) {
            case DISPATCHED -> (dispatch.deadline() != null ? dispatch.deadline()
                    : dispatch.occurredAt().plus(settings.attemptDeadline())).plus(settings.timeoutGrace());
            case WAITING -> waitUntil;
            case FINISHED -> finishedAt.plus(settings.finishedRetention());
        };
    }

    /** The number the job's next attempt would get. */
    public int nextAttempt() {
        return history.size() + 1;
    }
}
