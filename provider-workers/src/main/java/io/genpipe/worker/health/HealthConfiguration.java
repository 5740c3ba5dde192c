package io.genpipe.worker.health;

import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    ProviderCircuits providerCircuits(ServedProviders providers, WorkerSettings settings, Clock clock) {
        return new ProviderCircuits(providers.all(), settings.circuitBreaker(), clock);
    }

    @Bean
    HealthReporter healthReporter(ProviderCircuits circuits, WorkerSettings settings, EventPublisher publisher,
                                  InFlightCounts inFlight, LimitHeadroom headroom, Clock clock) {
        return new HealthReporter(circuits, inFlight, headroom,
                settings.instance(), settings.health(), publisher, clock);
    }

    @Bean
    ProvidersHealthIndicator providersHealthIndicator(ProviderCircuits circuits) {
        return new ProvidersHealthIndicator(circuits);
    }
}
