package io.genpipe.router.tracking;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.router.routing.Decision;
import io.genpipe.router.routing.JobRouter;
import io.genpipe.router.routing.RoutingSettings;
import io.genpipe.router.tracking.JobState.Phase;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The router's memory of each job, as a pure function: the job's state and one input (a job, an attempt result, a
 * tick) give the next state and what to publish. It is what makes routing effectively-once: an input read again
 * yields its output again with the same ids, and an input the job is past changes nothing. No Kafka here; the
 * {@code streams} package feeds it and keeps the states.
 */
@Component
public class JobTracker {

    private final JobRouter router;
    private final RoutingSettings settings;

    public JobTracker(JobRouter router, RoutingSettings settings) {
        this.router = router;
        this.settings = settings;
    }

    /**
     * A job request. A job id already tracked is not routed again: the same request read again republishes what it
     * led to, and another request with that id (a producer's retry with a new event id) is ignored while the first
     * is remembered.
     */
    public Step onJob(JobState state, JobRequested job, Instant now) {
        if (state != null) {
            return state.lastInputId().equals(job.eventId()) ? Step.replay(state) : Step.stale(state);
        }
        return apply(null, job, List.of(), router.route(job, now), job.eventId(), List.of(), now);
    }

    /** An attempt's result: only the result of the attempt in flight moves the job on. */
    public Step onResult(JobState state, AttemptResult result, Instant now) {
        if (state == null) {
            return Step.unknown();
        }
        if (state.lastInputId().equals(result.eventId())) {
            return Step.replay(state);
        }
        if (!isInFlight(state, result.attempt()) || !state.dispatch().provider().equals(result.provider())) {
            return Step.stale(state); // e.g. a worker's late answer to an attempt the router already timed out
        }
        return apply(state, state.job(), result.history(), router.reroute(result, now), result.eventId(), List.of(),
                now);
    }

    /** Time passed: an attempt's deadline, a waiting job worth asking again, the end of a wait. */
    public Step onTick(JobState state, Tick tick, Instant now) {
        if (state == null) {
            return Step.unknown();
        }
        if (state.lastInputId().equals(tick.eventId())) {
            return Step.replay(state);
        }
        return switch (tick.kind()) {
            case ATTEMPT_TIMEOUT -> {
                if (!isInFlight(state, tick.attempt())) {
                    yield Step.stale(state);
                }
                AttemptFailed timedOut = router.timedOut(state.dispatch(), settings.timeoutGrace(), now);
                yield apply(state, state.job(), timedOut.history(), router.reroute(timedOut, now), tick.eventId(),
                        List.of(timedOut), now);
            }
            case RETRY -> isWaitingFor(state, tick.attempt())
                    ? apply(state, state.job(), state.history(), router.retry(state.job(), state.history(), now),
                            tick.eventId(), List.of(), now)
                    : Step.stale(state);
            case BUDGET_DENIED -> isInFlight(state, tick.attempt())
                    ? apply(state, state.job(), state.history(), router.budgetDenied(state.dispatch(), tick.reason(),
                            now), tick.eventId(), List.of(), now)
                    : Step.stale(state);
            // Not sent: routed again, where this instance now counts the provider's probe as out.
            case PROBE_TAKEN -> isInFlight(state, tick.attempt())
                    ? apply(state, state.job(), state.history(), router.retry(state.job(), state.history(), now),
                            tick.eventId(), List.of(), now)
                    : Step.stale(state);
            case WAIT_OVER -> isWaitingFor(state, tick.attempt())
                    ? apply(state, state.job(), state.history(),
                            router.giveUp(state.job(), state.history(), state.waitReason(), state.waitUntil(), now),
                            tick.eventId(), List.of(), now)
                    : Step.stale(state);
        };
    }

    /**
     * Routing {@code input} threw: the job ends INTERNAL_ERROR now (see {@link JobRouter#defect}). A finished job
     * stays as it ended, and an input of a job the router never saw has no job to end.
     */
    public Step onDefect(JobState state, Object input, RuntimeException cause, Instant now) {
        JobRequested job = state != null ? state.job() : input instanceof JobRequested requested ? requested : null;
        if (job == null) {
            return Step.unknown();
        }
        if (state != null && state.phase() == Phase.FINISHED) {
            return Step.stale(state);
        }
        List<AttemptSummary> history = state == null ? List.of() : state.history();
        return apply(state, job, history, router.defect(job, history, cause, now), inputIdOf(input), List.of(), now);
    }

    private static String inputIdOf(Object input) {
        if (input instanceof JobRequested job) {
            return job.eventId();
        }
        return input instanceof AttemptResult result ? result.eventId() : ((Tick) input).eventId();
    }

    /** The tick due for this state when its timer fires; empty for a finished job (it is simply forgotten). */
    public Optional<Tick> dueTick(JobState state, Instant now) {
        return switch (state.phase()) {
            case DISPATCHED -> Optional.of(
                    Tick.of(state.job().jobId(), Tick.Kind.ATTEMPT_TIMEOUT, state.dispatch().attempt(), now));
            case WAITING -> Optional.of(
                    Tick.of(state.job().jobId(), Tick.Kind.WAIT_OVER, state.nextAttempt(), now));
            case FINISHED -> Optional.empty();
        };
    }

    /** A retry tick for a waiting job, if a candidate is available now; empty otherwise (nothing to publish). */
    public Optional<Tick> retryTick(JobState state, Instant now) {
        if (state.phase() != Phase.WAITING || !router.canRoute(state.job(), state.history(), now)) {
            return Optional.empty();
        }
        return Optional.of(Tick.of(state.job().jobId(), Tick.Kind.RETRY, state.nextAttempt(), now));
    }

    private static boolean isInFlight(JobState state, int attempt) {
        return state.phase() == Phase.DISPATCHED && state.dispatch().attempt() == attempt;
    }

    private static boolean isWaitingFor(JobState state, int attempt) {
        return state.phase() == Phase.WAITING && state.nextAttempt() == attempt;
    }

    private static Step apply(JobState before, JobRequested job, List<AttemptSummary> history, Decision decision,
                              String inputId, List<Object> recorded, Instant now) {
        JobState next;
        if (decision instanceof Decision.Dispatch dispatch) {
            next = new JobState(job, history, Phase.DISPATCHED, dispatch.attempt(), null, null, null, null, inputId);
        } else if (decision instanceof Decision.Wait wait) {
            // A job that waits again for the same attempt keeps the end of its first wait: retries never extend it.
            boolean waitingAlready = before != null && before.phase() == Phase.WAITING;
            next = new JobState(job, history, Phase.WAITING, null, wait.reason(),
                    waitingAlready ? before.waitUntil() : wait.until(), null, null, inputId);
        } else {
            next = new JobState(job, history, Phase.FINISHED, null, null, null,
                    ((Decision.Finish) decision).outcome(), now, inputId);
        }
        List<Object> emit = new ArrayList<>(recorded);
        emit.addAll(next.output());
        return new Step(Step.Effect.APPLIED, next, emit);
    }
}
