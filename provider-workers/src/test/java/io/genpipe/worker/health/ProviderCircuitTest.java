package io.genpipe.worker.health;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.worker.ManualClock;
import io.genpipe.worker.TestCatalog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
    void aBugOfOursIsAnInternalErrorThatNeverCountsAgainstTheProvider() {
        ProviderCircuit circuit = circuit();

        for (int i = 0; i < 10; i++) {
            GenerationResult result = circuit.call("job-" + i, 1,
                    () -> CompletableFuture.failedFuture(new IllegalStateException("bug"))).join();
            assertThat(result).isEqualTo(GenerationResult.Failed.of(FailureClass.INTERNAL_ERROR,
                    "internal error (IllegalStateException)"));
        }
        GenerationResult thrown = circuit.call("job-x", 1, () -> {
            throw new NullPointerException("bug");
        }).join();

        assertThat(((GenerationResult.Failed) thrown).failureClass()).isEqualTo(FailureClass.INTERNAL_ERROR);
        assertThat(circuit.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.state()).isEqualTo(HealthState.UP);
        assertThat(circuit.breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void aStatedWaitTheRetriesCouldNotAbsorbHoldsTheBreakerOpenForThatWaitAndRefusesAsRateLimited() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
        ProviderCircuit circuit = circuit(clock);

        call(circuit, failed(FailureClass.RATE_LIMITED).withRetryAdvice(Duration.ofSeconds(30), false));

        assertThat(circuit.state()).isEqualTo(HealthState.DOWN);
        assertThat(circuit.reason(circuit.breaker().getState()))
                .startsWith("circuit open until 2026-12-02T10:00:30Z: the vendor asked to wait 30000 ms");
        GenerationResult refused = call(circuit, new GenerationResult.Generated(List.of(), Usd.ZERO));
        assertThat(refused).isInstanceOfSatisfying(GenerationResult.Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED));
        assertThat(vendorCalls).hasValue(1);

        clock.advance(Duration.ofSeconds(29));
        assertThat(call(circuit, new GenerationResult.Generated(List.of(), Usd.ZERO)))
                .isInstanceOf(GenerationResult.Failed.class);
        assertThat(vendorCalls).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(call(circuit, new GenerationResult.Generated(List.of(), Usd.ZERO)))
                .isInstanceOf(GenerationResult.Generated.class);
        assertThat(circuit.state()).isEqualTo(HealthState.PROBING);
        assertThat(vendorCalls).hasValue(2);
    }

    @Test
    void aShorterStatedWaitNeverShortensAHold() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
        ProviderCircuit circuit = circuit(clock);
        List<CompletableFuture<GenerationResult>> inFlight = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        List<CompletableFuture<GenerationResult>> calls = inFlight.stream()
                .map(vendor -> circuit.call("job", 1, () -> vendor)).toList();

        inFlight.get(0).complete(failed(FailureClass.RATE_LIMITED).withRetryAdvice(Duration.ofSeconds(30), false));
        inFlight.get(1).complete(failed(FailureClass.RATE_LIMITED).withRetryAdvice(Duration.ofSeconds(2), false));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        clock.advance(Duration.ofSeconds(5));

        assertThat(circuit.state()).isEqualTo(HealthState.DOWN);
        assertThat(circuit.reason(circuit.breaker().getState())).startsWith("circuit open until 2026-12-02T10:00:30Z");
    }

    @Test
    void aFailureWithoutAStatedWaitDoesNotHoldTheBreaker() {
        ProviderCircuit circuit = circuit();

        call(circuit, failed(FailureClass.RATE_LIMITED));

        assertThat(circuit.state()).isEqualTo(HealthState.UP);
    }

    @Test
    void eachBreakersStateIsAGaugeOfItsProvider() {
        WorkerSettings.CircuitBreaker settings =
                new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, Duration.ofMinutes(1), 100f);
        ProviderCircuits circuits = new ProviderCircuits(List.of(TestCatalog.served("fal", "k"),
                TestCatalog.served("openai", "k")), settings, Clock.systemUTC());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        circuits.registerGauges(registry);

        circuits.of("fal").breaker().transitionToOpenState();

        assertThat(registry.get("genpipe.worker.circuit.state").tag("provider", "fal").gauge().value()).isEqualTo(2);
        assertThat(registry.get("genpipe.worker.circuit.state").tag("provider", "openai").gauge().value()).isZero();
        circuits.of("fal").breaker().transitionToHalfOpenState();
        assertThat(registry.get("genpipe.worker.circuit.state").tag("provider", "fal").gauge().value()).isEqualTo(1);
    }

    @Test
    void slowCallsOpenTheBreakerWhenTheyReachTheSlowCallRate() {
        WorkerSettings.CircuitBreaker slow =
                new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, Duration.ofNanos(1), 100f);
        ProviderCircuit circuit = new ProviderCircuits(List.of(TestCatalog.served("fal", "k")), slow,
                Clock.systemUTC()).of("fal");

        for (int i = 0; i < 5; i++) {
            // Every success takes longer than a nanosecond: all of them are slow.
            call(circuit, new GenerationResult.Generated(List.of(), Usd.ZERO));
        }

        assertThat(circuit.breaker().getMetrics().getNumberOfSlowCalls()).isEqualTo(5);
        assertThat(circuit.state()).isEqualTo(HealthState.DOWN);
    }

    @Test
    void theSlowCallDurationDefaultsToHalfTheAttemptTimeout() {
        assertThat(SETTINGS.slowCallDuration(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(60));
        CircuitBreaker breaker = new ProviderCircuits(List.of(TestCatalog.served("fal", "k")), SETTINGS,
                Clock.systemUTC()).of("fal").breaker();
        assertThat(breaker.getCircuitBreakerConfig().getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(breaker.getCircuitBreakerConfig().getSlowCallRateThreshold()).isEqualTo(100f);
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
        HealthReporter reporter = new HealthReporter(circuits, provider -> 0, LimitHeadroom.UNKNOWN, "i-1",
                new WorkerSettings.Health(Duration.ofSeconds(5), 3),
                null, Clock.systemUTC());
        ProviderCircuit circuit = circuits.of("openai");

        ProviderHealth report = reporter.report(circuit, circuit.breaker().getState(), Instant.EPOCH);

        assertThat(report.state()).isEqualTo(HealthState.DOWN);
        assertThat(report.reason()).isEqualTo("no API key in OPENAI_API_KEY");
    }

    private ProviderCircuit circuit() {
        return circuit(Clock.systemUTC());
    }

    private ProviderCircuit circuit(Clock clock) {
        return new ProviderCircuits(List.of(TestCatalog.served("fal", "k")), SETTINGS, clock).of("fal");
    }

    private GenerationResult call(ProviderCircuit circuit, GenerationResult vendorAnswer) {
        return circuit.call("job-1", 1, () -> {
            vendorCalls.incrementAndGet();
            return CompletableFuture.completedFuture(vendorAnswer);
        }).join();
    }

    private static GenerationResult.Failed failed(FailureClass failureClass) {
        return GenerationResult.Failed.of(failureClass, "test");
    }
}
