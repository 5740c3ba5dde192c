package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.TopicPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The settings topic as the admin API needs it: every provider's record in force with its version, in the order of
 * its partition (the order compaction keeps, whatever the writers' clocks say), and a way to wait until this instance
 * has read everything the topic held when a request came in, so that an {@code If-Match} is checked against changes
 * made through any ingress instance, not only this one's.
 *
 * <p>messaging's {@code CompactedTopicReader} serves the router and the workers; this reader also tracks its position
 * per partition (for {@link #awaitCaughtUp}) and keeps a deleted provider's version, so that versions keep growing
 * through a reset.
 */
class SettingsLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SettingsLog.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration BROKER_WAIT = Duration.ofSeconds(5);

    private final Map<String, Object> consumerConfig;
    private final Map<String, SettingsInForce> byProvider = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> asked = new ConcurrentLinkedQueue<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    SettingsLog(KafkaProperties kafka) {
        this.consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** The provider's settings as read so far; the catalog's defaults at version 0 when never changed. */
    SettingsInForce current(String provider) {
        return byProvider.getOrDefault(provider, SettingsInForce.defaults(provider));
    }

    /**
     * Waits until this instance has read the settings topic up to its end as of now.
     *
     * @throws SettingsUnavailableException when it could not within {@code timeout} (the broker is away)
     */
    void awaitCaughtUp(Duration timeout) {
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        asked.add(caughtUp);
        KafkaConsumer<String, byte[]> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SettingsUnavailableException("interrupted while reading the settings topic", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new SettingsUnavailableException("could not read the settings topic to its end within " + timeout, e);
        } finally {
            asked.remove(caughtUp);
        }
    }

    /**
     * What this instance published and the broker acknowledged, applied at once, so that the next request here sees
     * it even before the reader does. The reader applies the same record again later, which changes nothing.
     */
    void published(SettingsInForce state) {
        apply(state);
    }

    private void apply(SettingsInForce state) {
        byProvider.merge(state.provider(), state,
                (known, incoming) -> incoming.offset() > known.offset() ? incoming : known);
    }

    @Override
    public void start() {
        running = true;
        consumer = new KafkaConsumer<>(consumerConfig);
        thread = new Thread(this::run, "reader-admin-" + Topics.PROVIDER_SETTINGS.name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
        Thread readerThread = thread;
        if (readerThread != null) {
            try {
                readerThread.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        KafkaConsumer<String, byte[]> reader = consumer;
        // Each barrier: the end offsets when a request asked, and the requests waiting for this reader to reach them.
        List<Barrier> barriers = new ArrayList<>();
        try {
            List<TopicPartition> partitions = partitions(reader);
            if (partitions.isEmpty()) {
                return;
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            while (running) {
                try {
                    takeRequests(reader, barriers);
                    for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                        read(record);
                    }
                    barriers.removeIf(barrier -> barrier.releasedAt(reader));
                } catch (WakeupException asked) {
                    // A request wants a barrier (or the service stops): loop to take it.
                } catch (KafkaException e) {
                    // The broker is away: the requests waiting time out on their own; keep reading once it is back.
                    log.debug("settings reader: {}", e.toString());
                }
            }
        } catch (WakeupException stopping) {
            log.debug("admin settings reader stopped");
        } finally {
            barriers.forEach(Barrier::abandon);
            reader.close(Duration.ofMillis(500));
        }
    }

    private void takeRequests(KafkaConsumer<String, byte[]> reader, List<Barrier> barriers) {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (CompletableFuture<Void> request; (request = asked.poll()) != null; ) {
            waiting.add(request);
        }
        if (waiting.isEmpty()) {
            return;
        }
        try {
            Barrier barrier = new Barrier(reader.endOffsets(reader.assignment(), BROKER_WAIT), waiting);
            if (!barrier.releasedAt(reader)) {
                barriers.add(barrier);
            }
        } catch (RuntimeException e) {
            // Asked again on the next turn; a request that waited too long has answered 503 by then.
            asked.addAll(waiting);
            throw e;
        }
    }

    /**
     * The topic's partitions, waiting for the broker as long as the service runs. A request that wakes the consumer
     * meanwhile waits with the rest.
     */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> reader) {
        while (running) {
            try {
                return TopicPartitions.await(reader, Topics.PROVIDER_SETTINGS.name(), () -> running);
            } catch (WakeupException asked) {
                // asked before the partitions were known: go on waiting
            }
        }
        return List.of();
    }

    /** One record of the settings topic, in partition order; package-private for the tests. */
    void read(ConsumerRecord<String, byte[]> record) {
        String provider = record.key();
        if (provider == null) {
            return;
        }
        if (record.value() == null) {
            // A reset: the catalog's defaults, one version on from the record it deleted (as far as this instance saw).
            apply(new SettingsInForce(provider, null, current(provider).nextVersion(), record.offset()));
            return;
        }
        try {
            ProviderSettings settings = JsonSerde.instance().read(record.value(), ProviderSettings.class);
            apply(new SettingsInForce(provider, settings, settings.version(), record.offset()));
        } catch (MessageFormatException e) {
            log.warn("skipping unreadable settings at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private record Barrier(Map<TopicPartition, Long> ends, List<CompletableFuture<Void>> waiting) {

        boolean releasedAt(KafkaConsumer<String, byte[]> reader) {
            boolean reached = ends.entrySet().stream()
                    .allMatch(end -> reader.position(end.getKey(), BROKER_WAIT) >= end.getValue());
            if (reached) {
                waiting.forEach(request -> request.complete(null));
            }
            return reached;
        }

        void abandon() {
            waiting.forEach(request -> request.completeExceptionally(new IllegalStateException("reader stopped")));
        }
    }
}
