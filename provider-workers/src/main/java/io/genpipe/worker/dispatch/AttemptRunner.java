package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.health.ProviderCircuit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes one dispatched attempt on one provider and says how it ended: refused at once when its deadline has
 * passed or the provider's breaker is open, otherwise the vendor call under the breaker and the attempt
 * timeout. The result future never fails; every outcome is an attempt event.
 */
final class AttemptRunner {

    /**
     * Adapters end their own calls at the attempt timeout; this backstop, a little later, only guards against an
     * adapter that never completes, so that the record is acknowledged and the breaker hears of it.
     */
    private static final Duration BACKSTOP_GRACE = Duration.ofSeconds(5);

    private final VendorAdapter adapter;
    private final ProviderCircuit circuit;
    private final Duration attemptTimeout;
    private final Clock clock;

    AttemptRunner(VendorAdapter adapter, ProviderCircuit circuit, Duration attemptTimeout, Clock clock) {
        this.adapter = adapter;
        this.circuit = circuit;
        this.attemptTimeout = attemptTimeout;
        this.clock = clock;
    }

    CompletableFuture<AttemptResult> run(AttemptDispatched dispatch) {
        Instant now = clock.instant();
        if (dispatch.deadline() != null && !now.isBefore(dispatch.deadline())) {
            return CompletableFuture.completedFuture(
                    dispatch.failed(FailureClass.TIMEOUT, "deadline passed before the call", BigDecimal.ZERO, 0, now));
        }
        long started = System.nanoTime();
        GenerationRequest request = GenerationRequest.of(dispatch, attemptTimeout);
        long backstopMillis = attemptTimeout.plus(BACKSTOP_GRACE).toMillis();
        return circuit.call(() -> adapter.generate(request)
                        .completeOnTimeout(TransportFailures.timedOut(attemptTimeout), backstopMillis, TimeUnit.MILLISECONDS))
                .thenApply(result -> event(dispatch, result, elapsedMillis(started)));
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private AttemptResult event(AttemptDispatched dispatch, GenerationResult result, long latencyMs) {
        Instant now = clock.instant();
        if (result instanceof GenerationResult.Generated generated) {
            return dispatch.succeeded(generated.images(), generated.costUsd(), latencyMs, now);
        }
        GenerationResult.Failed failed = (GenerationResult.Failed) result;
        return dispatch.failed(failed.failureClass(), failed.reason(), failed.costUsd(), latencyMs, now);
    }
}
