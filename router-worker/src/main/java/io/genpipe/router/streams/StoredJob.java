package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.router.tracking.JobState;

import java.time.Instant;
import java.util.List;

/**
 * A {@link JobState} as the jobs store keeps it. The dispatch in flight repeats the job and its history, which the
 * state has already, and those are most of its bytes (the prompt above all); the store keeps them once and the
 * dispatch without them ({@link InFlight}), and rebuilds the very same dispatch when it reads the state back. A
 * dispatch that does not repeat them exactly (none is written so) is kept whole in {@code dispatch}, as the states
 * written before this form were: both read back.
 */
record StoredJob(JobRequested job, List<AttemptSummary> history, JobState.Phase phase, AttemptDispatched dispatch,
                 InFlight inFlight, String waitReason, Instant waitUntil, JobOutcome outcome, Instant finishedAt,
                 String lastInputId) {

    static StoredJob of(JobState state) {
        AttemptDispatched dispatch = state.dispatch();
        if (dispatch != null && dispatch.job().equals(state.job())
                && dispatch.previousAttempts().equals(state.history())) {
            return new StoredJob(state.job(), state.history(), state.phase(), null, InFlight.of(dispatch),
                    state.waitReason(), state.waitUntil(), state.outcome(), state.finishedAt(), state.lastInputId());
        }
        return new StoredJob(state.job(), state.history(), state.phase(), dispatch, null, state.waitReason(),
                state.waitUntil(), state.outcome(), state.finishedAt(), state.lastInputId());
    }

    JobState state() {
        AttemptDispatched whole = dispatch != null ? dispatch : inFlight == null ? null : inFlight.with(job, history);
        return new JobState(job, history, phase, whole, waitReason, waitUntil, outcome, finishedAt, lastInputId);
    }

    /** The dispatch in flight without the job and the attempts before it. */
    record InFlight(int schemaVersion, String eventId, Instant occurredAt, int attempt, String provider, String model,
                    String reason, Instant deadline, ImageParams params, List<String> adjustments,
                    RouteExplanation route, ExperimentArm experiment) {

        static InFlight of(AttemptDispatched dispatch) {
            return new InFlight(dispatch.schemaVersion(), dispatch.eventId(), dispatch.occurredAt(), dispatch.attempt(),
                    dispatch.provider(), dispatch.model(), dispatch.reason(), dispatch.deadline(), dispatch.params(),
                    dispatch.adjustments(), dispatch.route(), dispatch.experiment());
        }

        AttemptDispatched with(JobRequested job, List<AttemptSummary> history) {
            return new AttemptDispatched(schemaVersion, eventId, job.jobId(), occurredAt, attempt, provider, model,
                    reason, deadline, job, history, params, adjustments, route, experiment);
        }
    }
}
