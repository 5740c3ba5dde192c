package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;

/**
 * The routing decisions, free of Kafka: a new job gets its first attempt; a failed attempt gets the next
 * provider if another may fix the failure and attempts and time remain; anything else ends the job. The
 * events carry the job and its attempts so far, so the router keeps no state between them.
 */
@Component
public class JobRouter {

    private final RoutePlanner planner;
    private final RoutingSettings settings;

    public JobRouter(RoutePlanner planner, RoutingSettings settings) {
        this.planner = planner;
        this.settings = settings;
    }

    public Decision route(JobRequested job, Instant now) {
        return nextAttempt(job, List.of(), null, now);
    }

    public Decision reroute(AttemptResult result, Instant now) {
        JobRequested job = result.job();
        List<AttemptSummary> history = result.history();
        if (result instanceof AttemptSucceeded succeeded) {
            return new Decision.Finish(new JobSucceeded(SCHEMA_VERSION, DecisionIds.outcome(job), job.jobId(), now,
                    job.tenantId(), job.batchId(), job.occurredAt(), succeeded.provider(), succeeded.model(),
                    succeeded.images(), history));
        }
        AttemptFailed failed = (AttemptFailed) result;
        if (!failed.failureClass().anotherProviderMayFix()) {
            return fail(job, history, failed.failureClass(),
                    failed.provider() + ": " + failed.reason() + " (no other provider may fix " + failed.failureClass() + ")",
                    now);
        }
        return nextAttempt(job, history, failed.failureClass(), now);
    }

    private Decision nextAttempt(JobRequested job, List<AttemptSummary> history, FailureClass lastFailure,
                                 Instant now) {
        int maxAttempts = job.maxAttempts() != null ? job.maxAttempts() : settings.maxAttempts();
        if (history.size() >= maxAttempts) {
            return fail(job, history, lastFailure, "all " + maxAttempts + " attempts failed; last: " + lastReason(history), now);
        }
        if (job.deadline() != null && !now.isBefore(job.deadline())) {
            return fail(job, history, lastFailure == null ? FailureClass.TIMEOUT : lastFailure,
                    "deadline " + job.deadline() + " passed", now);
        }
        Set<String> tried = history.stream().map(AttemptSummary::provider).collect(Collectors.toSet());
        RoutePlanner.Plan plan = planner.plan(job, tried, now);
        Optional<Route> route = plan.route();
        if (route.isEmpty()) {
            return fail(job, history, lastFailure, plan.whyNone(), now);
        }
        Instant attemptDeadline = now.plus(settings.attemptDeadline());
        if (job.deadline() != null && job.deadline().isBefore(attemptDeadline)) {
            attemptDeadline = job.deadline();
        }
        return new Decision.Dispatch(new AttemptDispatched(SCHEMA_VERSION,
                DecisionIds.dispatch(job, history.size() + 1), job.jobId(),
                now, history.size() + 1, route.get().provider(), route.get().model(), route.get().reason(),
                attemptDeadline, job, history, route.get().params(), route.get().adjustments()));
    }

    private static Decision fail(JobRequested job, List<AttemptSummary> history, FailureClass failureClass,
                                 String reason, Instant now) {
        return new Decision.Finish(new JobFailed(SCHEMA_VERSION, DecisionIds.outcome(job), job.jobId(), now,
                job.tenantId(), job.batchId(), job.occurredAt(), failureClass, reason, history));
    }

    private static String lastReason(List<AttemptSummary> history) {
        AttemptSummary last = history.get(history.size() - 1);
        return last.provider() + ": " + last.reason();
    }
}
