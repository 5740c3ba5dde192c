package io.genpipe.router.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the router treats attempts and waiting jobs. Where jobs go is the catalog's (its routes,
 * {@code genpipe.catalog.routes}).
 *
 * @param maxAttempts       attempts per job across providers, unless the job asks for fewer or more
 * @param attemptDeadline   how long a dispatched attempt may wait and run before the worker gives up on it, when
 *                          the job's own deadline is later or absent
 * @param timeoutGrace      how long past an attempt's deadline the router waits for its result before it records a
 *                          TIMEOUT and routes the job on: a worker may start a vendor call just before the deadline,
 *                          so this is at least the workers' longest call ({@code attempt-timeout}, 120 s), or the
 *                          job would be sent on while the first vendor still works (and bills) for it
 * @param maxWait           how long a job without a deadline waits for a provider to recover before it fails
 *                          (NO_PROVIDER_AVAILABLE); a job with a deadline waits until its deadline
 * @param finishedRetention how long the router remembers a finished job, to recognise a job or result read again
 * @param timerInterval     how often the router looks for attempts past their deadline and waits that are over
 * @param recheckInterval   how often a waiting job is checked against the providers' health
 * @param systemHealthInterval how often the system health level is assessed and published
 */
@ConfigurationProperties("genpipe.routing")
public record RoutingSettings(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5m") Duration attemptDeadline,
        @DefaultValue("150s") Duration timeoutGrace,
        @DefaultValue("15m") Duration maxWait,
        @DefaultValue("30m") Duration finishedRetention,
        @DefaultValue("200ms") Duration timerInterval,
        @DefaultValue("500ms") Duration recheckInterval,
        @DefaultValue("5s") Duration systemHealthInterval) {

    public RoutingSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("genpipe.routing.max-attempts must be at least 1");
        }
        for (Duration positive : new Duration[] {attemptDeadline, maxWait, timerInterval, recheckInterval,
                systemHealthInterval}) {
            if (positive.isNegative() || positive.isZero()) {
                throw new IllegalArgumentException("genpipe.routing durations must be positive, was " + positive);
            }
        }
    }

    /** The settings as the tests and benches start from: the defaults above. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(3, Duration.ofMinutes(5), Duration.ofSeconds(150), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
