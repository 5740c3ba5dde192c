package io.genpipe.infra.test;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a whole topic from the beginning, in no consumer group, as raw bytes: what a test needs to see what
 * really went onto the broker, bad records included. Not thread-safe; one per test.
 */
public final class KafkaTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public KafkaTopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        // partitionsFor waits for the topic's metadata; a topic that does not exist yet has none.
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The first record with this key, waiting for it to arrive. */
    public ConsumerRecord<String, byte[]> awaitKey(String key, Duration timeout) {
        return awaitFirst(record -> key.equals(record.key()), timeout);
    }

    /** The first record that matches, waiting for it to arrive. */
    public ConsumerRecord<String, byte[]> awaitFirst(Predicate<ConsumerRecord<String, byte[]>> matching,
                                                     Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ConsumerRecord<String, byte[]>> found = seen.stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching record on the topic within " + timeout
                        + " (" + seen.size() + " records read)");
            }
            // poll blocks until records arrive or the time is up: waiting on the broker, not sleeping.
            consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos()))).forEach(seen::add);
        }
    }

    /**
     * Every record read so far that matches, after reading up to what the topic holds by now: its end offsets when
     * asked, however many polls that takes (one poll returns at most max.poll.records, and the ITs' topics are
     * shared by every test of the JVM).
     */
    public List<ConsumerRecord<String, byte[]>> readNow(Predicate<ConsumerRecord<String, byte[]>> matching) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        } while (!caughtUp(ends) && System.nanoTime() < deadline);
        return seen.stream().filter(matching).toList();
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        // A read_committed reader's position may stop short of an end offset that is a transaction marker.
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
