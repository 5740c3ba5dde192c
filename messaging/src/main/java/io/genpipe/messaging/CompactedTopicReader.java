package io.genpipe.messaging;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads a whole compacted topic (provider health, model lifecycle) into memory, from the beginning, in every
 * instance of a service that needs it: each needs every key, so the reader assigns itself all partitions and
 * belongs to no consumer group. A record it cannot read, or that its view refuses, is skipped with a warning: only
 * genpipe writes these topics, and the next report of that key replaces it.
 */
public class CompactedTopicReader<V> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicReader.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

    private final Topic<String, V> topic;
    private final BiConsumer<String, V> onValue;
    private final Consumer<String> onTombstone;
    private final Map<String, Object> consumerConfig;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    /**
     * @param onValue     the latest value of a key
     * @param onTombstone a key deleted from the topic
     */
    public CompactedTopicReader(Topic<String, V> topic, KafkaProperties kafka, BiConsumer<String, V> onValue,
                                Consumer<String> onTombstone) {
        this.topic = topic;
        this.onValue = onValue;
        this.onTombstone = onTombstone;
        this.consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig);
        thread = new Thread(this::run, "reader-" + topic.name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        KafkaConsumer<String, byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(2).toMillis());
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
        try {
            List<TopicPartition> partitions = TopicPartitions.await(reader, topic.name(), () -> true);
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofSeconds(1))) {
                    apply(record);
                }
            }
        } catch (WakeupException stopping) {
            log.debug("reader of {} stopped", topic.name());
        } catch (RuntimeException e) {
            // Not silent: a view that stops following its topic would go on answering from stale reports.
            log.error("reader of {} stopped: what the service knows of it is frozen until it restarts", topic.name(), e);
        } finally {
            // No group and no offsets to commit: nothing is lost by not waiting on a broker that may be gone.
            reader.close(CLOSE_TIMEOUT);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            try {
                onTombstone.accept(record.key());
            } catch (RuntimeException e) {
                log.warn("skipping tombstone at {}-{}@{} its view refused: {}",
                        record.topic(), record.partition(), record.offset(), e.toString());
            }
            return;
        }
        V value;
        try {
            value = JsonSerde.instance().read(record.value(), topic.valueType());
        } catch (MessageFormatException e) {
            log.warn("skipping unreadable record at {}-{}@{}: {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        try {
            onValue.accept(record.key(), value);
        } catch (RuntimeException e) {
            // One record its view refuses must not stop the reader: the next report of the key replaces it.
            log.warn("skipping record at {}-{}@{} its view refused: {}",
                    record.topic(), record.partition(), record.offset(), e.toString());
        }
    }
}
