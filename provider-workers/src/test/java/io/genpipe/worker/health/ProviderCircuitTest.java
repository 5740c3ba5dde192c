package io.genpipe.worker.health;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.provider.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderCircuitTest {

    private static final WorkerSettings.CircuitBreaker SETTINGS =
            new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, null, 100f);

    private final AtomicInteger vendorCalls = new AtomicInteger();

    @Test
    void opensAfterEnoughProviderFailuresAndThenRefusesWithoutCallingTheVendor() {
        ProviderCircuit circuit = circuit();
        for (int i = 0; i < 5; i++) {
            assertThat(call(circuit, failed(FailureClass.RETRYABLE))).isInstanceOf(GenerationResult.Failed.class);
        }
        assertThat(circuit.state()).isEqualTo(HealthState.DOWN);

        GenerationResult refused = call(circuit, new GenerationResult.Generated(List.of(), Usd.ZERO));

        assertThat(refused).isEqualTo(GenerationResult.Failed.of(FailureClass.RETRYABLE, "circuit open"));
        assertThat(vendorCalls).hasValue(5);
    }

    @Test
    void timeoutsRateLimitsAndEmptyAccountsCountAgainstTheProvider() {
        ProviderCircuit circuit = circuit();
        call(circuit, failed(FailureClass.TIMEOUT));
        call(circuit, failed(FailureClass.RATE_LIMITED));
        call(circuit, failed(FailureClass.CREDIT_EXHAUSTED));
        call(circuit, failed(FailureClass.TIMEOUT));
        call(circuit, failed(FailureClass.RATE_LIMITED));

        assertThat(circuit.state()).isEqualTo(HealthState.DOWN);
    }

    @Test
    void rejectedPromptsAndInvalidRequestsSayNothingAgainstTheProvider() {
        ProviderCircuit circuit = circuit();
        for (int i = 0; i < 10; i++) {
            call(circuit, failed(i % 2 == 0 ? FailureClass.CONTENT_REJECTED : FailureClass.INVALID_REQUEST));
        }

        assertThat(circuit.state()).isEqualTo(HealthState.UP);
        assertThat(circuit.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aVendorCallThatFailsExceptionallyIsRecordedAsARetryableFailure() {
        ProviderCircuit circuit = circuit();

        GenerationResult result = circuit.call(() -> CompletableFuture.failedFuture(new IllegalStateException("bug"))).join();

        assertThat(result).isInstanceOf(GenerationResult.Failed.class);
        assertThat(((GenerationResult.Failed) result).failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(circuit.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void aProviderWithoutAKeyIsDownFromTheStartAndNeverCalled() {
        ProviderCircuit circuit = new ProviderCircuits(List.of(TestCatalog.served("fal", null)), SETTINGS,
                Clock.systemUTC()).of("fal");

        assertThat(circuit.state()).isEqualTo(HealthState.DOWN);
        assertThat(circuit.reason(circuit.breaker().getState())).isEqualTo("no API key in FAL_KEY");
        assertThat(call(circuit, failed(FailureClass.RETRYABLE)))
                .isEqualTo(GenerationResult.Failed.of(FailureClass.RETRYABLE, "provider misconfigured: no API key in FAL_KEY"));
        assertThat(vendorCalls).hasValue(0);
    }

    @Test
    void theHealthReportOfAProviderWithoutAKeySaysWhy() {
        ProviderCircuits circuits = new ProviderCircuits(List.of(TestCatalog.served("openai", null)), SETTINGS,
                Clock.systemUTC());
        HealthReporter reporter = new HealthReporter(circuits, provider -> 0, "i-1",
                new WorkerSettings.Health(Duration.ofSeconds(5), 3),
                null, Clock.systemUTC());
        ProviderCircuit circuit = circuits.of("openai");

        ProviderHealth report = reporter.report(circuit, circuit.breaker().getState(), Instant.EPOCH);

        assertThat(report.state()).isEqualTo(HealthState.DOWN);
        assertThat(report.reason()).isEqualTo("no API key in OPENAI_API_KEY");
    }

    private ProviderCircuit circuit() {
        return new ProviderCircuits(List.of(TestCatalog.served("fal", "k")), SETTINGS, Clock.systemUTC()).of("fal");
    }

    private GenerationResult call(ProviderCircuit circuit, GenerationResult vendorAnswer) {
        return circuit.call(() -> {
            vendorCalls.incrementAndGet();
            return CompletableFuture.completedFuture(vendorAnswer);
        }).join();
    }

    private static GenerationResult failed(FailureClass failureClass) {
        return GenerationResult.Failed.of(failureClass, "test");
    }
}
