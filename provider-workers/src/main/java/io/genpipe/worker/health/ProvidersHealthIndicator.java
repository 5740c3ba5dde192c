package io.genpipe.worker.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Shows each provider's breaker on the actuator's health endpoint. The instance itself stays UP when a vendor
 * is down: restarting the worker would not fix the vendor, and the router already routes around it.
 */
public final class ProvidersHealthIndicator implements HealthIndicator {

    private final ProviderCircuits circuits;

    public ProvidersHealthIndicator(ProviderCircuits circuits) {
        this.circuits = circuits;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (ProviderCircuit circuit : circuits.all()) {
            health.withDetail(circuit.provider(), circuit.state().name());
        }
        return health.build();
    }
}
