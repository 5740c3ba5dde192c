package io.genpipe.router.tracking;

import java.util.List;

/**
 * What one input did to a job.
 *
 * @param next the job's state after it; null when the router tracks no such job
 * @param emit what to publish, in order (a dispatch, an outcome, a TIMEOUT failure the router records)
 */
public record Step(Effect effect, JobState next, List<Object> emit) {

    public enum Effect {
        /** The input moved the job on. */
        APPLIED,
        /** The input is the one that led to the job's state, read again: its output is published again, same ids. */
        REPLAYED,
        /** The job is known and past this input already (a job sent twice, a result of an attempt timed out). */
        IGNORED_STALE,
        /** A result or tick for a job the router does not track (never routed here, or forgotten after retention). */
        IGNORED_UNKNOWN
    }

    public Step {
        emit = List.copyOf(emit);
    }

    static Step replay(JobState state) {
        return new Step(Effect.REPLAYED, state, state.output());
    }

    static Step stale(JobState state) {
        return new Step(Effect.IGNORED_STALE, state, List.of());
    }

    static Step unknown() {
        return new Step(Effect.IGNORED_UNKNOWN, null, List.of());
    }

    public String tag() {
        return effect.name().toLowerCase().replace('_', '-');
    }
}
