package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.adapter.Progress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Progress of long-running attempts goes to genpipe.progress.v1 once per change, and never fails the call. */
class ProgressPublisherTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final Broker broker = new Broker();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProgressPublisher publisher = new ProgressPublisher(broker, Clock.fixed(NOW, ZoneOffset.UTC), meters);
    private final AttemptDispatched dispatch = Dispatches.falDispatch("job-train", NOW.plusSeconds(600), NOW);

    @Test
    void publishesEachChangeOfStatusPercentOrMessageOnceKeyedByTheJob() {
        Progress progress = publisher.of(dispatch);

        progress.report("IN_QUEUE", null, "queue position 2");
        progress.report("IN_QUEUE", null, "queue position 2"); // the next poll, nothing new
        progress.report("IN_QUEUE", null, "queue position 1");
        progress.report("IN_PROGRESS", 10, "step 100/1000");
        progress.report("IN_PROGRESS", 10, "step 100/1000");
        progress.report("IN_PROGRESS", 20, "step 100/1000");
        progress.report("COMPLETED", 100, null);

        assertThat(broker.sent).extracting(Sent::topic).containsOnly(Topics.PROGRESS.name());
        assertThat(broker.sent).extracting(Sent::key).containsOnly("job-train");
        assertThat(broker.sent).extracting(sent -> sent.event().status() + " " + sent.event().percent() + " "
                + sent.event().message()).containsExactly("IN_QUEUE null queue position 2",
                "IN_QUEUE null queue position 1", "IN_PROGRESS 10 step 100/1000", "IN_PROGRESS 20 step 100/1000",
                "COMPLETED 100 null");
        AttemptProgressed first = broker.sent.get(0).event();
        assertThat(first.jobId()).isEqualTo("job-train");
        assertThat(first.attempt()).isEqualTo(dispatch.attempt());
        assertThat(first.provider()).isEqualTo("fal");
        assertThat(first.model()).isEqualTo("fal-ai/flux/schnell");
        assertThat(first.occurredAt()).as("from the injected clock").isEqualTo(NOW);
        assertThat(meters.counter("genpipe.worker.progress", "outcome", "published").count()).isEqualTo(5);
    }

    @Test
    void eachAttemptHasItsOwnLastState() {
        publisher.of(dispatch).report("IN_PROGRESS", 50, null);
        publisher.of(dispatch).report("IN_PROGRESS", 50, null);

        assertThat(broker.sent).hasSize(2);
    }

    @Test
    void aSendThatFailsIsCountedAndDroppedNeverThrownNorRetried() {
        Progress progress = publisher.of(dispatch);
        broker.failing = true;

        assertThatCode(() -> progress.report("IN_PROGRESS", 10, null)).doesNotThrowAnyException();
        broker.throwing = true;
        assertThatCode(() -> progress.report("IN_PROGRESS", 20, null)).doesNotThrowAnyException();
        broker.failing = broker.throwing = false;
        progress.report("IN_PROGRESS", 20, null); // the same state: not sent again, though its send failed
        progress.report("IN_PROGRESS", 30, null);

        assertThat(meters.counter("genpipe.worker.progress", "outcome", "dropped").count()).isEqualTo(2);
        assertThat(meters.counter("genpipe.worker.progress", "outcome", "published").count()).isEqualTo(1);
        assertThat(broker.attempts).isEqualTo(3);
    }

    private record Sent(String topic, String key, AttemptProgressed event) {
    }

    /** Records what would go to the broker; can fail a send's future, or throw from the send itself. */
    private static final class Broker extends EventPublisher {

        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        volatile boolean throwing;
        volatile int attempts;

        Broker() {
            super(null);
        }

        @Override
        public <V> CompletableFuture<RecordMetadata> publish(Topic<String, V> topic, String key, V event) {
            attempts++;
            if (throwing) {
                throw new IllegalStateException("producer closed");
            }
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));
            }
            sent.add(new Sent(topic.name(), key, (AttemptProgressed) event));
            return CompletableFuture.completedFuture(null);
        }
    }
}
