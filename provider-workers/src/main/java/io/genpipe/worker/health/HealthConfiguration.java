package io.genpipe.worker.health;

import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    ProviderCircuits providerCircuits(ServedProviders providers, WorkerSettings settings, Clock clock,
                                      MeterRegistry meterRegistry) {
        ProviderCircuits circuits = new ProviderCircuits(providers.all(), settings.circuitBreaker(), clock);
        circuits.registerGauges(meterRegistry);
        return circuits;
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
