package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code genpipe.spend.v1} as a router reads it, from its first record, on a thread of its own until closed: the
 * snapshots a test asserts budgets by, by key ({@code tenant:acme/day:2026-12-01}).
 */
final class SpendTopic implements AutoCloseable {

    private final List<ConsumerRecord<String, byte[]>> read = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    SpendTopic(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.SPEND.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try {
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                }
            } catch (WakeupException closed) {
                consumer.close();
            }
        }, "it-spend-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every snapshot of that key read so far, oldest first. */
    List<SpendSnapshot> snapshots(String key) {
        return read.stream().filter(r -> key.equals(r.key()))
                .map(r -> JsonSerde.instance().read(r.value(), SpendSnapshot.class)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(2_000);
    }
}
