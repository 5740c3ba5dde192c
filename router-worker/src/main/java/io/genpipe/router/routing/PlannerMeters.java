package io.genpipe.router.routing;

import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.router.policy.Weights;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the planner counts: each candidate passed over and why, each route chosen by stage and policy, and each job
 * assigned to an A/B arm. Counted for real decisions only, never for a waiting job's re-check.
 */
final class PlannerMeters {

    private final MeterRegistry registry;

    PlannerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void skipped(RouteExplanation.Skip skip, boolean real) {
        if (real) {
            registry.counter("genpipe.router.candidates.skipped", "provider", skip.provider(), "cause", skip.cause())
                    .increment();
        }
    }

    /**
     * @param firstAttempt whether this is the job's first attempt, when its arm is counted (once per job)
     */
    void routed(String stage, Weights weights, ExperimentArm experiment, boolean firstAttempt, boolean real) {
        if (!real) {
            return;
        }
        registry.counter("genpipe.router.routes", "stage", stage, "policy", weights.describe()).increment();
        if (experiment != null && firstAttempt) {
            registry.counter("genpipe.router.experiment.assignments", "experiment", experiment.experiment(),
                    "arm", experiment.arm()).increment();
        }
    }
}
