package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.AlertCleared;
import io.genpipe.contracts.event.AlertEvent;
import io.genpipe.contracts.event.AlertRaised;
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
 * {@code genpipe.alerts.v1} as a reader sees it, from its first record, on a thread of its own until closed: what
 * a test asserts alerts by, by key prefix ({@code success-rate/provider:fal}).
 */
final class AlertsTopic implements AutoCloseable {

    private final List<ConsumerRecord<String, byte[]>> read = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    AlertsTopic(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name()).stream()
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
        }, "it-alerts-reader");
        thread.setDaemon(true);
        thread.start();
    }

    List<AlertRaised> raised(String keyPrefix) {
        return alerts(keyPrefix).stream().filter(AlertRaised.class::isInstance).map(AlertRaised.class::cast).toList();
    }

    List<AlertCleared> cleared(String keyPrefix) {
        return alerts(keyPrefix).stream().filter(AlertCleared.class::isInstance).map(AlertCleared.class::cast)
                .toList();
    }

    private List<AlertEvent> alerts(String keyPrefix) {
        return read.stream().filter(r -> r.key().startsWith(keyPrefix))
                .map(r -> JsonSerde.instance().read(r.value(), AlertEvent.class)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(2_000);
    }
}
