package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;

/**
 * The routing decisions, free of Kafka and of state: a new job gets its first attempt; a failed attempt gets the
 * next provider if another may fix the failure and attempts and time remain; a job with no provider available now
 * waits for one to recover, until its deadline; anything else ends the job. The events carry the job and its
 * attempts so far; what the router remembers between them (the attempt in flight, a waiting job) is the
 * {@code tracking} package's.
 */
@Component
public class JobRouter {

    /** An attempt on a model gets at least this many times its slow (p95) call time; the workers use the same. */
    static final int LONG_CALL_FACTOR = 3;

    private final RoutePlanner planner;
    private final RoutingSettings settings;

    public JobRouter(RoutePlanner planner, RoutingSettings settings) {
        this.planner = planner;
        this.settings = settings;
    }

    public Decision route(JobRequested job, Instant now) {
        return nextAttempt(job, List.of(), null, null, now);
    }

    /** A waiting job, asked again: dispatched if a candidate is back, still waiting, or ended. */
    public Decision retry(JobRequested job, List<AttemptSummary> history, Instant now) {
        FailureClass last = history.isEmpty() ? null : history.get(history.size() - 1).failureClass();
        return nextAttempt(job, history, last, null, now);
    }

    /** Whether a waiting job could be dispatched now; asks the planner without counting anything. */
    public boolean canRoute(JobRequested job, List<AttemptSummary> history, Instant now) {
        return planner.canRoute(job, tried(history), now);
    }

    /** A job that waited until {@code until} and found no provider: it fails, saying why each was passed over. */
    public Decision giveUp(JobRequested job, List<AttemptSummary> history, String whyNone, Instant until, Instant now) {
        return fail(job, history, FailureClass.NO_PROVIDER_AVAILABLE,
                "waited until " + until + " for a provider; " + whyNone, planner.experimentOf(job, null), now);
    }

    /**
     * The failure the router records for an attempt that had no result by its deadline plus {@code grace}: a worker
     * that never took the dispatch, or one that died with it. Its id derives from the dispatch, so a timer that fires
     * twice yields one failure. The cost is unknown: the vendor may have been called.
     */
    public AttemptFailed timedOut(AttemptDispatched dispatch, Duration grace, Instant now) {
        long waitedMs = Math.max(0, now.toEpochMilli() - dispatch.occurredAt().toEpochMilli());
        return new AttemptFailed(SCHEMA_VERSION, DecisionIds.timeout(dispatch), dispatch.jobId(), now,
                dispatch.attempt(), dispatch.provider(), dispatch.model(), FailureClass.TIMEOUT,
                "no result from " + dispatch.provider() + " by the attempt's deadline "
                        + (dispatch.deadline() == null ? "" : dispatch.deadline() + " ") + "and " + grace.toSeconds()
                        + " s of grace",
                null, waitedMs, dispatch.job(), dispatch.previousAttempts(), dispatch.adjustments(),
                dispatch.experiment(), null);
    }

    /**
     * An attempt the tenant's budget could not cover was never sent: the job fails BUDGET_EXHAUSTED with the
     * budget's words. Another provider would need the same money, so none is tried.
     */
    public Decision budgetDenied(AttemptDispatched dispatch, String reason, Instant now) {
        return fail(dispatch.job(), dispatch.previousAttempts(), FailureClass.BUDGET_EXHAUSTED,
                dispatch.provider() + " was not asked: " + reason, dispatch.experiment(), now);
    }

    public Decision reroute(AttemptResult result, Instant now) {
        JobRequested job = result.job();
        List<AttemptSummary> history = result.history();
        if (result instanceof AttemptSucceeded succeeded) {
            return new Decision.Finish(new JobSucceeded(SCHEMA_VERSION, DecisionIds.outcome(job), job.jobId(), now,
                    job.tenantId(), job.batchId(), job.occurredAt(), succeeded.provider(), succeeded.model(),
                    succeeded.images(), history, succeeded.experiment(), succeeded.trainedModel()));
        }
        AttemptFailed failed = (AttemptFailed) result;
        if (!failed.failureClass().anotherProviderMayFix()) {
            return fail(job, history, failed.failureClass(),
                    failed.provider() + ": " + failed.reason() + " (no other provider may fix " + failed.failureClass() + ")",
                    failed.experiment(), now);
        }
        return nextAttempt(job, history, failed.failureClass(), failed.experiment(), now);
    }

    /** @param assigned the job's A/B arm from its last dispatch; {@code null} when it had none or none is known */
    private Decision nextAttempt(JobRequested job, List<AttemptSummary> history, FailureClass lastFailure,
                                 ExperimentArm assigned, Instant now) {
        int maxAttempts = job.maxAttempts() != null ? job.maxAttempts() : settings.maxAttempts();
        if (history.size() >= maxAttempts) {
            return fail(job, history, lastFailure,
                    "all " + maxAttempts + " attempts failed; last: " + lastReason(history),
                    planner.experimentOf(job, assigned), now);
        }
        if (job.deadline() != null && !now.isBefore(job.deadline())) {
            return fail(job, history, lastFailure == null ? FailureClass.TIMEOUT : lastFailure,
                    "deadline " + job.deadline() + " passed", planner.experimentOf(job, assigned), now);
        }
        RoutePlanner.Plan plan = planner.plan(job, tried(history), assigned, now);
        Optional<Route> route = plan.route();
        if (route.isEmpty() && plan.canWait()) {
            return new Decision.Wait(plan.whyNone(),
                    job.deadline() != null ? job.deadline() : now.plus(settings.maxWait()));
        }
        if (route.isEmpty()) {
            return fail(job, history, lastFailure, plan.whyNone(), planner.experimentOf(job, assigned), now);
        }
        Instant attemptDeadline = now.plus(attemptDeadline(route.get()));
        if (job.deadline() != null && job.deadline().isBefore(attemptDeadline)) {
            attemptDeadline = job.deadline();
        }
        return new Decision.Dispatch(new AttemptDispatched(SCHEMA_VERSION,
                DecisionIds.dispatch(job, history.size() + 1), job.jobId(),
                now, history.size() + 1, route.get().provider(), route.get().model(), route.get().reason(),
                attemptDeadline, job, history, route.get().params(), route.get().adjustments(),
                route.get().explanation(), route.get().experiment()));
    }

    /**
     * The configured attempt deadline, or {@value #LONG_CALL_FACTOR} times the model's slow call time when that is
     * longer: a training's minutes would otherwise end every attempt as TIMEOUT. The workers give such a call the
     * same time.
     */
    private Duration attemptDeadline(Route route) {
        Duration scaled = route.slowCall() == null ? Duration.ZERO : route.slowCall().multipliedBy(LONG_CALL_FACTOR);
        return scaled.compareTo(settings.attemptDeadline()) > 0 ? scaled : settings.attemptDeadline();
    }

    private static Set<String> tried(List<AttemptSummary> history) {
        return history.stream().map(AttemptSummary::provider).collect(Collectors.toSet());
    }

    /**
     * The job ends because routing it threw: a defect in the router, not anything the job or a vendor did. It ends
     * at once, with the defect's words, rather than stay in no state at all until nobody remembers it (its record
     * goes to the DLQ beside, for whoever fixes the defect).
     */
    public Decision defect(JobRequested job, List<AttemptSummary> history, RuntimeException cause, Instant now) {
        return fail(job, history, FailureClass.INTERNAL_ERROR, "the router failed to route it (a defect, logged and"
                + " dead-lettered): " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, now);
    }

    private static Decision fail(JobRequested job, List<AttemptSummary> history, FailureClass failureClass,
                                 String reason, ExperimentArm experiment, Instant now) {
        return new Decision.Finish(new JobFailed(SCHEMA_VERSION, DecisionIds.outcome(job), job.jobId(), now,
                job.tenantId(), job.batchId(), job.occurredAt(), failureClass, reason, history, experiment));
    }

    private static String lastReason(List<AttemptSummary> history) {
        AttemptSummary last = history.get(history.size() - 1);
        return last.provider() + ": " + last.reason();
    }
}
