package io.genpipe.ingress.health;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.SystemHealthReported;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/providers/health}: the system's level as the router last reported it, and each provider as its live
 * workers report it. What nobody reports is said to be unknown, never taken for health.
 *
 * @param level       {@code HEALTHY}, {@code DEGRADED}, {@code CRITICAL} (the router's), or {@code UNKNOWN} when no
 *                    router has reported within its report's validity
 * @param levelReason why the level is unknown; null otherwise
 * @param reportedAt  when the router's report was made; null when unknown
 * @param operations  each routed operation's level and its available and unavailable providers (the router's)
 */
public record ProvidersHealth(String level, String levelReason, Instant reportedAt, Instant checkedAt,
                              List<SystemHealthReported.OperationHealth> operations, List<Provider> providers) {

    /**
     * One provider over its live workers: the worst figures of any (a provider is as healthy as its weakest worker
     * says), the latest success and failure, the earliest trial call.
     *
     * @param state               {@code UP}, {@code DOWN} or {@code UNKNOWN} (no live worker reports on it)
     * @param consecutiveFailures the most any live worker counts since its last success; null when none says
     * @param failureRate         the highest of the live workers' breaker windows (0 to 1); null while too few calls
     * @param inFlight            vendor calls in progress, summed over the workers that say; null when none says
     * @param cooldownUntil       while down, the earliest a worker tries it again; null otherwise
     * @param failureClass        while not up, the class of the latest failure a worker counted; null otherwise
     * @param workers             each live worker's own report, with {@code detailed=true}; null otherwise
     */
    public record Provider(String provider, String state, String reason, int liveWorkers,
                           Integer consecutiveFailures, Double failureRate, Long latencyP50Ms, Long latencyP95Ms,
                           Instant lastSuccessAt, Instant lastFailureAt, Instant cooldownUntil, Integer inFlight,
                           FailureClass failureClass, List<Worker> workers) {
    }

    /** One worker instance's report, as it sent it. */
    public record Worker(String instance, HealthState state, String reason, Instant reportedAt, Instant validUntil,
                         Integer inFlight, Integer headroom, Integer consecutiveFailures, Double failureRate,
                         Long latencyP50Ms, Long latencyP95Ms, Instant lastSuccessAt, Instant lastFailureAt,
                         Instant cooldownUntil, FailureClass failureClass) {
    }
}
