package io.genpipe.router.health;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.router.routing.Availability;
import io.genpipe.router.routing.RoutingSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.UUID;

/**
 * The system health level: published on {@code genpipe.system-health.v1}, shown on the actuator's health endpoint
 * ({@code routing}: the level and each operation's providers; the router itself stays UP, since restarting it would
 * not bring a vendor back), and as the gauge {@code genpipe.router.system.level} (0 healthy, 1 degraded,
 * 2 critical, -1 not assessed yet).
 */
@Configuration(proxyBeanMethods = false)
class SystemHealthConfiguration {

    @Bean
    SystemHealthPublisher systemHealthPublisher(LiveCatalog catalog, Availability availability,
                                                EventPublisher publisher, Clock clock, RoutingSettings settings,
                                                MeterRegistry meters) {
        SystemHealthPublisher health = new SystemHealthPublisher(new SystemHealthAssessor(catalog, availability),
                publisher, clock, settings.systemHealthInterval(), "router-" + UUID.randomUUID());
        Gauge.builder("genpipe.router.system.level", health, h -> h.latest() == null ? -1 : h.latest().level().ordinal())
                .description("0 healthy, 1 degraded, 2 critical (some operation has no provider available)")
                .register(meters);
        return health;
    }

    @Bean
    HealthIndicator routingHealth(SystemHealthPublisher health) {
        return () -> {
            SystemHealthReported latest = health.latest();
            return latest == null ? Health.unknown().withDetail("level", "not assessed yet").build()
                    : Health.up().withDetail("level", latest.level().name())
                            .withDetail("operations", latest.operations()).build();
        };
    }
}
