package io.genpipe.worker.health;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.provider.WorkerSettings;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** Every health report says how many calls this instance has in flight for its provider, for load-aware routing. */
class HealthReporterTest {

    private static final WorkerSettings.CircuitBreaker BREAKER =
            new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, null, 100f);

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final List<ProviderHealth> published = new CopyOnWriteArrayList<>();
    private final ProviderCircuits circuits = new ProviderCircuits(
            List.of(TestCatalog.served("fal", "k"), TestCatalog.served("openai", "k")), BREAKER, Clock.systemUTC());
    private final HealthReporter reporter = new HealthReporter(circuits,
            provider -> inFlight.getOrDefault(provider, 0), "i-1",
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
