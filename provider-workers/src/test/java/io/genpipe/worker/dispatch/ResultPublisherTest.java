package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.Dispatches;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResultPublisherTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AttemptResult result = Dispatches.falDispatch("job-1", null, Instant.now())
            .failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 10, Instant.now());

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void keepsPublishingUntilTheBrokerTakesTheResult() {
        FlakyBroker broker = new FlakyBroker(3);
        ResultPublisher publisher = new ResultPublisher(broker, scheduler, Duration.ofMillis(10), Duration.ofMillis(40));

        CompletableFuture<Void> published = publisher.publish(result);

        await().atMost(Duration.ofSeconds(5)).until(published::isDone);
        assertThat(published).isCompleted();
        assertThat(broker.sends).hasValue(4);
        assertThat(broker.lastKey).isEqualTo("job-1");
    }

    @Test
    void givesUpOnlyWhenTheWorkerStops() {
        FlakyBroker broker = new FlakyBroker(Integer.MAX_VALUE);
        ResultPublisher publisher = new ResultPublisher(broker, scheduler, Duration.ofMillis(10), Duration.ofMillis(20));

        CompletableFuture<Void> published = publisher.publish(result);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.sends.get() >= 3);
        assertThat(published).isNotDone();
        publisher.stop();

        await().atMost(Duration.ofSeconds(5)).until(published::isDone);
        assertThat(published).isCompletedExceptionally();
    }

    /** A broker that refuses the first {@code failures} sends. */
    private static final class FlakyBroker extends EventPublisher {

        private final int failures;
        private final AtomicInteger sends = new AtomicInteger();
        private volatile String lastKey;

        FlakyBroker(int failures) {
            super(null);
            this.failures = failures;
        }

        @Override
        public <V> CompletableFuture<RecordMetadata> publish(Topic<String, V> topic, String key, V event) {
            lastKey = key;
            if (sends.incrementAndGet() <= failures) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no broker"));
            }
            return CompletableFuture.completedFuture(new RecordMetadata(new TopicPartition(topic.name(), 0), 0, 0, 0, 0, 0));
        }
    }
}
