package io.genpipe.router.health;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the worker instances last said about each provider. A provider is unavailable only when every instance
 * that still speaks for it (its report has not expired) says DOWN; a provider nobody has reported on is
 * presumed available, and its worker's circuit breaker protects it if it is not.
 */
public class ProviderHealthView {

    private final Map<String, ProviderHealth> latestByInstance = new ConcurrentHashMap<>();

    /** Keeps the newer of two reports from one instance: the compacted topic may replay an older one. */
    public void record(ProviderHealth report) {
        latestByInstance.merge(report.key(), report,
                (known, incoming) -> incoming.occurredAt().isBefore(known.occurredAt()) ? known : incoming);
    }

    /** A tombstone on the health topic: the instance is gone. */
    public void forget(String key) {
        latestByInstance.remove(key);
    }

    public Availability availability(String provider, Instant now) {
        List<ProviderHealth> speaking = latestByInstance.values().stream()
                .filter(report -> report.provider().equals(provider) && report.isValidAt(now))
                .toList();
        if (speaking.isEmpty() || speaking.stream().anyMatch(report -> report.state() != HealthState.DOWN)) {
            return Availability.AVAILABLE;
        }
        return new Availability(false, speaking.get(0).reason());
    }

    /** @param reason why not, from the worker's report; empty when available */
    public record Availability(boolean available, String reason) {
        public static final Availability AVAILABLE = new Availability(true, "");
    }
}
