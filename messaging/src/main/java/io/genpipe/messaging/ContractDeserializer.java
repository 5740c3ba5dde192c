package io.genpipe.messaging;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a record's value as the event type its topic carries (the topic descriptor says which), so one
 * consumer can read jobs, attempts and health. A value that breaks the contract throws
 * {@link MessageFormatException}; wrapped in spring-kafka's {@code ErrorHandlingDeserializer} that sends the
 * record to the DLQ instead of stopping the consumer.
 */
public final class ContractDeserializer implements Deserializer<Object> {

    /** Looked up once per topic, not per record: this runs for every record every service reads. */
    private final Map<String, Class<?>> valueTypes = new ConcurrentHashMap<>();

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // a tombstone on a compacted topic
        }
        return JsonSerde.instance().read(data, valueTypes.computeIfAbsent(topic, ContractDeserializer::valueTypeOf));
    }

    private static Class<?> valueTypeOf(String topic) {
        return Topics.forName(topic).map(Topic::valueType).orElseThrow(() -> new IllegalStateException(
                "topic " + topic + " is not a genpipe topic; no contract type is known for it"));
    }
}
