package io.genpipe.worker.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code genpipe.worker.rate-limit.wait} (timer; tags {@code provider}, {@code outcome} = admitted|timed-out): the
 * calls that had to wait for a turn within the account's limits, and how long. Calls that started at once are not
 * timed, so the count says how often the limit bit.
 */
final class RateLimitMeters {

    private final MeterRegistry registry;

    RateLimitMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void waited(String provider, Admission admission) {
        if (admission.waited().isZero()) {
            return;
        }
        String outcome = admission instanceof Admission.Admitted ? "admitted" : "timed-out";
        Timer.builder("genpipe.worker.rate-limit.wait")
                .description("vendor calls that waited for a turn within the provider account's limits")
                .tags("provider", provider, "outcome", outcome)
                .register(registry)
                .record(admission.waited());
    }
}
