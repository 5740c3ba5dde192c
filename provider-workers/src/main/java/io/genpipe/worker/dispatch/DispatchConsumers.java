package io.genpipe.worker.dispatch;

import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.DeadLetters;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One listener container per served provider, made from Boot's listener container factory (so it gets the
 * consumer settings and the DLQ error handler): topic {@code genpipe.dispatch.<provider>.v1}, group
 * {@code genpipe.worker.<provider>}, AckMode MANUAL without {@code asyncAcks}. The listener acknowledges only the
 * end of each partition's finished prefix (its {@link OffsetWindow}), so commits stay in order while the consumer
 * keeps polling; {@code asyncAcks} would instead pause the consumer until every record of the previous poll is
 * acknowledged, and the vendor calls would start in waves. The listener's {@link InFlightLimit} pauses and resumes
 * the container. Revoked or lost partitions are dropped from the window (after the container committed what was
 * acknowledged), and the shared error handler is kept from committing a recovered record out of order.
 *
 * <p>A graceful stop pauses the consumers, lets the calls in flight finish and their offsets be committed (up
 * to the drain timeout), then stops; whatever is still unfinished is delivered again to another instance.
 */
final class DispatchConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchConsumers.class);

    private final ConcurrentKafkaListenerContainerFactory<?, ?> factory;
    private final Map<String, DispatchListener> listeners;
    private final InFlightCalls inFlight;
    private final ResultPublisher publisher;
    private final DeadLetters deadLetters;
    private final Duration drainTimeout;
    private final Duration idleBetweenPolls;
    private final List<ConcurrentMessageListenerContainer<?, ?>> containers = new ArrayList<>();
    private volatile boolean running;

    DispatchConsumers(ConcurrentKafkaListenerContainerFactory<?, ?> factory, Map<String, DispatchListener> listeners,
                      InFlightCalls inFlight, ResultPublisher publisher, DeadLetters deadLetters,
                      Duration drainTimeout, Duration idleBetweenPolls) {
        this.factory = factory;
        this.listeners = listeners;
        this.inFlight = inFlight;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.drainTimeout = drainTimeout;
        this.idleBetweenPolls = idleBetweenPolls;
    }

    /**
     * The shared dead-letter policy, except that the handler never commits the record it recovered: with AckMode
     * MANUAL that commit would pass earlier dispatches whose calls are still in flight, and a crash would lose
     * them. Left alone, the recovered record is a gap in the {@link OffsetWindow} that the next commit covers.
     */
    static DefaultErrorHandler inOrderErrorHandler(DeadLetters deadLetters) {
        DefaultErrorHandler handler = deadLetters.newErrorHandler();
        handler.setAckAfterHandle(false);
        return handler;
    }

    static String groupId(String provider) {
        return "genpipe.worker." + provider;
    }

    @Override
    public synchronized void start() {
        listeners.forEach((provider, listener) -> {
            ConcurrentMessageListenerContainer<?, ?> container =
                    factory.createContainer(Topics.dispatch(provider).name());
            ContainerProperties properties = container.getContainerProperties();
            properties.setGroupId(groupId(provider));
            properties.setClientId("genpipe-worker-" + provider);
            properties.setAckMode(ContainerProperties.AckMode.MANUAL);
            properties.setAsyncAcks(false);
            // Unpaused, the consumer would otherwise poll, and commit, for every record or two as they trickle in:
            // that cost a quarter of the throughput of a CPU-bound burst. A short idle batches polls and commits.
            properties.setIdleBetweenPolls(idleBetweenPolls.toMillis());
            properties.setConsumerRebalanceListener(new ForgetRevoked(listener));
            properties.setMessageListener(listener);
            container.setCommonErrorHandler(inOrderErrorHandler(deadLetters));
            listener.limit().bind(container::pause, container::resume);
            container.setBeanName("dispatch-" + provider);
            container.start();
            containers.add(container);
            log.info("consuming {} as group {}", Topics.dispatch(provider).name(), groupId(provider));
        });
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        listeners.values().forEach(listener -> listener.limit().stop());
        containers.forEach(AbstractMessageListenerContainer::pause);
        try {
            if (!inFlight.awaitIdle(drainTimeout)) {
                log.warn("{} dispatches still in flight after {}; they will be delivered again", inFlight.count(),
                        drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.values().forEach(DispatchListener::stop);
        publisher.stop();
        containers.forEach(AbstractMessageListenerContainer::stop);
        containers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Drops revoked or lost partitions from the listener's window, after the container committed their acks. */
    private record ForgetRevoked(DispatchListener listener) implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                // The consumer's metadata for its own subscription: known by now, no extra round trip.
                String topic = partitions.iterator().next().topic();
                listener.assigned(partitions, consumer.partitionsFor(topic).size());
            }
        }

        @Override
        public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            listener.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            listener.forget(partitions);
        }
    }

    /** Stops before the health reporter and the producer, starts after them. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE;
    }
}
