package io.genpipe.messaging;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every partition of a topic, for a reader that assigns itself all of them. The topic may not exist yet when a
 * service starts before any writer, and the broker may not answer yet: it waits for both, saying so once, not once
 * per try (a missing topic answers at once, so that would be a line per millisecond).
 */
public final class TopicPartitions {

    private static final Logger log = LoggerFactory.getLogger(TopicPartitions.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private TopicPartitions() {
    }

    /**
     * @param keepWaiting asked before each try; the wait ends with no partitions once it says false
     * @throws org.apache.kafka.common.errors.WakeupException when the consumer is woken meanwhile
     */
    public static List<TopicPartition> await(KafkaConsumer<?, ?> consumer, String topic, BooleanSupplier keepWaiting) {
        boolean said = false;
        while (keepWaiting.getAsBoolean()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, ASK_TIMEOUT);
                if (infos != null && !infos.isEmpty()) {
                    if (said) {
                        log.info("topic {} found", topic);
                    }
                    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                }
            } catch (TimeoutException unreachable) {
                // The broker did not answer within ASK_TIMEOUT: the same wait as for a topic not there yet.
            }
            if (!said) {
                log.info("waiting for topic {} (not there yet, or the broker does not answer)", topic);
                said = true;
            }
        }
        return List.of();
    }
}
