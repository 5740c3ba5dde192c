package io.genpipe.router.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the router treats attempts. Where jobs go is the catalog's (its routes, {@code genpipe.catalog.routes}).
 *
 * @param maxAttempts     attempts per job across providers, unless the job asks for fewer or more
 * @param attemptDeadline how long a dispatched attempt may wait and run before the worker gives up on it,
 *                        when the job's own deadline is later or absent
 */
@ConfigurationProperties("genpipe.routing")
public record RoutingSettings(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5m") Duration attemptDeadline) {

    public RoutingSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("genpipe.routing.max-attempts must be at least 1");
        }
    }
}
