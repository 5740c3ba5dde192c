package io.genpipe.ingress.health;

import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;

/**
 * A provider's health as the API shows it.
 *
 * @param status      {@code UP}, {@code DOWN}, or {@code UNKNOWN} when no live worker reports on the provider
 * @param reason      the workers' words, or why unknown
 * @param liveWorkers worker instances whose last report has not expired
 */
public record HealthStatus(String status, String reason, int liveWorkers) {

    public static HealthStatus of(ProviderStatus status) {
        return new HealthStatus(status.status().name(), status.reason(), status.liveInstances());
    }
}
