package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/admin/audit}: the audit topic read from its start to its end as of the request, by a consumer of its
 * own (no group), filtered and newest first. Settings change a few times a day, so reading them all per request costs
 * little and keeps no state in the ingress; the topic keeps them for as long as its retention (none by default).
 */
@Component
class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final Map<String, Object> consumerConfig;
    private final AdminSettings settings;

    AuditLog(KafkaProperties kafka, AdminSettings settings) {
        this.settings = settings;
        this.consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /**
     * @param provider only this provider's changes; all when {@code null}
     * @param since    only changes made at or after it; all when {@code null}
     * @param limit    at most this many, the newest
     * @throws SettingsUnavailableException when the topic could not be read within the read timeout
     */
    List<ProviderSettingsChanged> read(String provider, Instant since, int limit) {
        Duration timeout = settings.readTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProviderSettingsChanged> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.ADMIN_AUDIT.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!caughtUp(consumer, ends, timeout)) {
                if (System.nanoTime() > deadline) {
                    throw new SettingsUnavailableException("could not read the audit log to its end within " + timeout,
                            null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (provider == null || provider.equals(record.key())) {
                        read(record, since).ifPresent(found::add);
                    }
                }
            }
        } catch (KafkaException e) {
            throw new SettingsUnavailableException("could not read the audit log: " + e.getClass().getSimpleName(), e);
        }
        return found.stream()
                .sorted(Comparator.comparing(ProviderSettingsChanged::occurredAt)
                        .thenComparing(ProviderSettingsChanged::version).reversed())
                .limit(limit)
                .toList();
    }

    private static Optional<ProviderSettingsChanged> read(ConsumerRecord<String, byte[]> record, Instant since) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            ProviderSettingsChanged change = JsonSerde.instance().read(record.value(), ProviderSettingsChanged.class);
            return since == null || !change.occurredAt().isBefore(since) ? Optional.of(change)
                    : Optional.empty();
        } catch (MessageFormatException e) {
            log.warn("skipping unreadable audit record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends,
                                    Duration timeout) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey(), timeout) >= end.getValue());
    }
}
