package io.genpipe.worker.health;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.provider.WorkerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Every health report says how many calls this instance has in flight for its provider and how many more it could
 * start, for load-aware routing, and the figures behind its state.
 */
class HealthReporterTest {

    private static final WorkerSettings.CircuitBreaker BREAKER =
            new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, null, 100f);

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final List<ProviderHealth> published = new CopyOnWriteArrayList<>();
    private final ProviderCircuits circuits = new ProviderCircuits(
            List.of(TestCatalog.served("fal", "k"), TestCatalog.served("openai", "k")), BREAKER, Clock.systemUTC());
    private final HealthReporter reporter = new HealthReporter(circuits,
            provider -> inFlight.getOrDefault(provider, 0), LimitHeadroom.UNKNOWN, "i-1",
            new WorkerSettings.Health(Duration.ofMinutes(10), 3), new CapturingPublisher(), Clock.systemUTC());

    @AfterEach
    void stop() {
        reporter.stop();
    }

    @Test
    void eachReportCarriesItsOwnProvidersCallsInFlight() {
        inFlight.put("fal", 7);
        inFlight.put("openai", 2);

        ProviderHealth fal = reporter.report(circuits.of("fal"), circuits.of("fal").breaker().getState(),
                Instant.EPOCH);
        ProviderHealth openai = reporter.report(circuits.of("openai"), circuits.of("openai").breaker().getState(),
                Instant.EPOCH);

        assertThat(fal.inFlight()).isEqualTo(7);
        assertThat(openai.inFlight()).isEqualTo(2);
    }

    @Test
    void theHeartbeatReportsTheCountsOfTheMomentItRuns() {
        inFlight.put("fal", 3);

        reporter.start(); // the first heartbeat runs at once; the next one only in ten minutes

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        assertThat(published).extracting(ProviderHealth::provider, ProviderHealth::inFlight)
                .containsExactlyInAnyOrder(tuple("fal", 3),
                        tuple("openai", 0));
    }

    @Test
    void aStateChangeReportCarriesTheCountToo() {
        reporter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        inFlight.put("openai", 5);

        circuits.of("openai").breaker().transitionToOpenState();

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
        ProviderHealth change = published.get(2);
        assertThat(change.provider()).isEqualTo("openai");
        assertThat(change.state()).isEqualTo(HealthState.DOWN);
        assertThat(change.inFlight()).isEqualTo(5);
    }

    @Test
    void aReportSaysTheHeadroomWithinTheLimitsAndSaysNothingWhereNoLimitIsKnown() {
        HealthReporter limited = new HealthReporter(circuits, provider -> 0,
                provider -> provider.equals("fal") ? OptionalInt.of(4) : OptionalInt.empty(), "i-1",
                new WorkerSettings.Health(Duration.ofMinutes(10), 3), new CapturingPublisher(), Clock.systemUTC());

        assertThat(limited.report(circuits.of("fal"), CircuitBreaker.State.CLOSED, Instant.EPOCH).headroom())
                .isEqualTo(4);
        assertThat(limited.report(circuits.of("openai"), CircuitBreaker.State.CLOSED, Instant.EPOCH).headroom())
                .isNull();
    }

    @Test
    void anUpProviderReportsItsLatenciesAndNoFailureFiguresItDoesNotHave() {
        ProviderCircuit fal = circuits.of("fal");
        call(fal, new GenerationResult.Generated(List.of(), Usd.ZERO));

        ProviderHealth report = reporter.report(fal, fal.breaker().getState(), Instant.EPOCH);

        assertThat(report.state()).isEqualTo(HealthState.UP);
        assertThat(report.latencyP50Ms()).isNotNull().isNotNegative();
        assertThat(report.latencyP95Ms()).isGreaterThanOrEqualTo(report.latencyP50Ms());
        assertThat(report.consecutiveFailures()).isZero();
        assertThat(report.failureRate()).as("one call is too few to judge").isNull();
        assertThat(report.failureClass()).isNull();
        assertThat(report.cooldownUntil()).isNull();
        assertThat(report.lastSuccessAt()).isNotNull();
        assertThat(report.lastFailureAt()).as("no failure yet").isNull();

        ProviderHealth openai = reporter.report(circuits.of("openai"), CircuitBreaker.State.CLOSED, Instant.EPOCH);
        assertThat(openai.latencyP50Ms()).as("no success yet").isNull();
        assertThat(openai.lastSuccessAt()).as("no success yet").isNull();
    }

    @Test
    void aDownProviderReportsWhyAndUntilWhenItCoolsDown() {
        ProviderCircuit openai = circuits.of("openai");
        Instant before = Instant.now();
        for (int i = 0; i < 5; i++) {
            call(openai, GenerationResult.Failed.of(FailureClass.CREDIT_EXHAUSTED, "out of credit"));
        }

        ProviderHealth report = reporter.report(openai, openai.breaker().getState(), Instant.EPOCH);

        assertThat(report.state()).isEqualTo(HealthState.DOWN);
        assertThat(report.consecutiveFailures()).isEqualTo(5);
        assertThat(report.failureRate()).isEqualTo(1.0);
        assertThat(report.failureClass()).isEqualTo(FailureClass.CREDIT_EXHAUSTED);
        assertThat(report.lastFailureAt()).isBetween(before, Instant.now());
        assertThat(report.lastSuccessAt()).isNull();
        // BREAKER waits a minute in OPEN before a trial call
        assertThat(report.cooldownUntil()).isBetween(before.plus(Duration.ofMinutes(1)),
                Instant.now().plus(Duration.ofMinutes(1)));
    }

    @Test
    void aSuccessEndsTheRunOfFailures() {
        ProviderCircuit fal = circuits.of("fal");
        call(fal, GenerationResult.Failed.of(FailureClass.RETRYABLE, "503"));
        call(fal, GenerationResult.Failed.of(FailureClass.RETRYABLE, "503"));
        call(fal, GenerationResult.Failed.of(FailureClass.CONTENT_REJECTED, "flagged")); // says nothing of fal
        assertThat(reporter.report(fal, fal.breaker().getState(), Instant.EPOCH).consecutiveFailures()).isEqualTo(2);

        call(fal, new GenerationResult.Generated(List.of(), Usd.ZERO));

        assertThat(reporter.report(fal, fal.breaker().getState(), Instant.EPOCH).consecutiveFailures()).isZero();
    }

    private static void call(ProviderCircuit circuit, GenerationResult result) {
        circuit.call("job-1", 1, () -> CompletableFuture.completedFuture(result)).join();
    }

    /** Keeps what would go to the health topic; tombstones (null) are the stop's business, not these tests'. */
    private final class CapturingPublisher extends EventPublisher {

        CapturingPublisher() {
            super(null);
        }

        @Override
        public <V> CompletableFuture<RecordMetadata> publish(Topic<String, V> topic, String key, V event) {
            if (event instanceof ProviderHealth health) {
                published.add(health);
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
