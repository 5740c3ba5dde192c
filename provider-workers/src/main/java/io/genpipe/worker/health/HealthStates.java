package io.genpipe.worker.health;

import io.genpipe.contracts.event.HealthState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.Locale;

/** What a breaker's state says about its provider, in the words of the health topic. */
final class HealthStates {

    private HealthStates() {
    }

    static HealthState of(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> HealthState.UP;
            case HALF_OPEN -> HealthState.PROBING;
            case OPEN, FORCED_OPEN -> HealthState.DOWN;
        };
    }

    /** For operators: why the provider is in this state, from the breaker's own figures. */
    static String reason(CircuitBreaker.State state, CircuitBreaker.Metrics metrics) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> "circuit " + name(state) + ": " + failureRate(metrics);
            case HALF_OPEN -> "circuit half-open: probing with trial calls";
            case CLOSED, DISABLED, METRICS_ONLY -> "circuit " + name(state) + ": " + failureRate(metrics);
        };
    }

    private static String failureRate(CircuitBreaker.Metrics metrics) {
        int calls = metrics.getNumberOfBufferedCalls();
        if (metrics.getFailureRate() < 0) {
            return calls + (calls == 1 ? " call" : " calls") + ", too few to judge";
        }
        return "failure rate " + Math.round(metrics.getFailureRate()) + "% over " + calls + " calls";
    }

    private static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
