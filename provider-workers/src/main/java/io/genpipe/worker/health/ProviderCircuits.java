package io.genpipe.worker.health;

import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.WorkerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The breakers of the providers this instance serves, one per provider name. */
public final class ProviderCircuits {

    private final Map<String, ProviderCircuit> byProvider;

    public ProviderCircuits(List<ServedProvider> providers, WorkerSettings.CircuitBreaker settings, Clock clock) {
        Map<String, ProviderCircuit> circuits = new LinkedHashMap<>();
        for (ServedProvider provider : providers) {
            CircuitBreaker breaker = CircuitBreaker.of(provider.name(),
                    config(settings, provider.settings().attemptTimeout(), clock));
            String unusable = provider.apiKey().isPresent() ? null : "no API key in " + provider.apiKey().variable();
            circuits.put(provider.name(), new ProviderCircuit(provider.name(), breaker, unusable));
        }
        this.byProvider = Collections.unmodifiableMap(circuits);
    }

    public ProviderCircuit of(String provider) {
        ProviderCircuit circuit = byProvider.get(provider);
        if (circuit == null) {
            throw new NoSuchElementException("no circuit for provider " + provider);
        }
        return circuit;
    }

    public List<ProviderCircuit> all() {
        return List.copyOf(byProvider.values());
    }

    /**
     * {@code genpipe.worker.circuit.state{provider}}: each breaker's state as a number a graph and an alert can use:
     * 0 closed (calls go through), 1 half-open (trial calls), 2 open (no call until the wait is over, or never while
     * the provider has no key).
     */
    void registerGauges(MeterRegistry registry) {
        byProvider.forEach((provider, circuit) -> Gauge.builder("genpipe.worker.circuit.state", circuit,
                        c -> level(c.breaker().getState()))
                .description("0 closed, 1 half-open, 2 open")
                .tag("provider", provider).register(registry));
    }

    static int level(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, METRICS_ONLY, DISABLED -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        };
    }

    /** One provider's breaker: slow calls are judged against its own attempt timeout. */
    static CircuitBreakerConfig config(WorkerSettings.CircuitBreaker settings, Duration attemptTimeout, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(settings.automaticHalfOpen())
                .slowCallDurationThreshold(settings.slowCallDuration(attemptTimeout))
                .slowCallRateThreshold(settings.slowCallRateThreshold())
                // Outcomes are recorded explicitly (onSuccess/onError), so every recorded error counts.
                .recordException(error -> true)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }
}
