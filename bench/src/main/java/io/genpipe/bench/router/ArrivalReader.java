package io.genpipe.bench.router;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain consumer of whole topics, on its own thread: it assigns itself every partition (no group, so no
 * rebalance delays the first record), starts at the beginning or the end, and hands each record to the handler
 * with the wall-clock time its poll returned. Wall clock, because the latency is measured against the jobs'
 * {@code occurredAt}, which the sender stamped with the same clock in this JVM.
 */
public final class ArrivalReader implements AutoCloseable {

    /** One record and when this reader got it. */
    public interface Handler {
        void arrived(Instant receivedAt, String key, byte[] value);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RuntimeException failure;

    /**
     * @param fromBeginning false: only records written after this returns
     * @param eager         true: each fetch returns as soon as one record is there (for latency); false: fetches wait
     *                      up to 100 ms for 64 KiB, so that counting a backlog costs the shared cores fewer requests
     */
    public ArrivalReader(String bootstrap, List<String> topics, boolean fromBeginning, boolean eager, Handler handler) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, eager ? 1 : 64 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, eager ? 500 : 100,
                ConsumerConfig.CLIENT_ID_CONFIG, "router-bench-reader-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Resolve the positions now: a lazy seekToEnd would otherwise skip what is written before the first poll.
        partitions.forEach(consumer::position);
        thread = new Thread(() -> run(handler), "router-bench-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Handler handler) {
        try {
            while (true) {
                var records = consumer.poll(Duration.ofSeconds(1));
                Instant receivedAt = Instant.now();
                for (ConsumerRecord<String, byte[]> record : records) {
                    handler.arrived(receivedAt, record.key(), record.value());
                }
            }
        } catch (WakeupException closing) {
            // close() asked
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /** The reader's thread died of this, if it did: a run waiting for records would wait for nothing. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
