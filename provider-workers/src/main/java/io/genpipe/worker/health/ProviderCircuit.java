package io.genpipe.worker.health;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.TransportFailures;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One provider's circuit breaker around its vendor calls, used without blocking: a permission is taken before
 * the call and the outcome recorded when its future completes. Only failures on the provider's side count
 * against it; a rejected prompt or an invalid request says nothing about the provider's health.
 *
 * <p>A provider that cannot work at all from the start (no API key) is held open for good: it reports DOWN with
 * that reason from the first heartbeat, rather than failing attempts until the breaker has seen enough of them.
 */
public final class ProviderCircuit {

    /** The reason of an attempt refused by an open breaker. */
    public static final String CIRCUIT_OPEN = "circuit open";

    private final String provider;
    private final CircuitBreaker breaker;
    private final String unusable;

    public ProviderCircuit(String provider, CircuitBreaker breaker) {
        this(provider, breaker, null);
    }

    /**
     * @param unusable why the provider cannot work until this instance is restarted (e.g. "no API key in FAL_KEY"),
     *                 or null; safe to publish
     */
    public ProviderCircuit(String provider, CircuitBreaker breaker, String unusable) {
        this.provider = provider;
        this.breaker = breaker;
        this.unusable = unusable;
        if (unusable != null) {
            breaker.transitionToForcedOpenState();
        }
    }

    public String provider() {
        return provider;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public HealthState state() {
        return HealthStates.of(breaker.getState());
    }

    /** For health reports: why the provider is in {@code state}. */
    public String reason(CircuitBreaker.State state) {
        return unusable != null ? unusable : HealthStates.reason(state, breaker.getMetrics());
    }

    /**
     * Runs {@code vendorCall} if the breaker lets it through, or answers a RETRYABLE "circuit open" failure (or the
     * reason the provider is unusable) at once without calling the vendor.
     */
    public CompletableFuture<GenerationResult> call(Supplier<CompletableFuture<GenerationResult>> vendorCall) {
        if (unusable != null) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.RETRYABLE,
                    "provider misconfigured: " + unusable));
        }
        if (!breaker.tryAcquirePermission()) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.RETRYABLE, CIRCUIT_OPEN));
        }
        long started = System.nanoTime();
        CompletableFuture<GenerationResult> call;
        try {
            call = vendorCall.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((result, error) -> {
            GenerationResult outcome = error == null ? result : TransportFailures.classify(error);
            record(outcome, System.nanoTime() - started);
            return outcome;
        });
    }

    private void record(GenerationResult outcome, long nanos) {
        if (outcome instanceof GenerationResult.Failed failed && countsAgainstProvider(failed.failureClass())) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(failed));
        } else {
            // A success, or an answer about the request itself: the provider is working.
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    static boolean countsAgainstProvider(FailureClass failureClass) {
        return switch (failureClass) {
            case RETRYABLE, TIMEOUT, RATE_LIMITED, CREDIT_EXHAUSTED -> true;
            case CONTENT_REJECTED, INVALID_REQUEST -> false;
            case NO_PROVIDER_AVAILABLE, BUDGET_EXHAUSTED -> false; // the router's, never a vendor's answer
        };
    }

    /** What the breaker records for a failed call; no stack trace, it is an outcome, not a bug. */
    static final class ProviderFailure extends RuntimeException {

        ProviderFailure(GenerationResult.Failed failed) {
            super(failed.failureClass() + ": " + failed.reason(), null, false, false);
        }
    }
}
