package io.genpipe.messaging.health;

import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
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

/**
 * Reads the whole compacted health topic into {@link ProviderHealthView}, from the beginning, in every instance
 * of a service that routes or shows health (router, ingress): each needs every provider's health, so this reader
 * assigns itself all partitions and belongs to no consumer group.
 */
public class HealthTopicReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HealthTopicReader.class);

    private final ProviderHealthView view;
    private final Map<String, Object> consumerConfig;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    public HealthTopicReader(ProviderHealthView view, KafkaProperties kafka) {
        this.view = view;
        this.consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig);
        thread = new Thread(this::run, "provider-health-reader");
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
                reader.join(Duration.ofSeconds(5).toMillis());
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
        try (KafkaConsumer<String, byte[]> reader = consumer) {
            List<TopicPartition> partitions = awaitPartitions(reader);
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofSeconds(1))) {
                    apply(record);
                }
            }
        } catch (WakeupException stopping) {
            log.debug("provider health reader stopped");
        }
    }

    /** The topic may not exist yet when the router starts before any worker; wait for it. */
    private static List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> reader) {
        while (true) {
            List<PartitionInfo> infos = reader.partitionsFor(Topics.PROVIDER_HEALTH.name(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            log.info("waiting for topic {}", Topics.PROVIDER_HEALTH.name());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            view.forget(record.key());
            return;
        }
        try {
            view.record(JsonSerde.instance().read(record.value(), ProviderHealth.class));
        } catch (MessageFormatException e) {
            // Only workers write here; a bad report is skipped (the next heartbeat replaces it), never fatal.
            log.warn("skipping unreadable provider health at {}-{}@{}: {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}
