package io.genpipe.messaging;

import io.genpipe.contracts.json.JsonSerde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Writes dead letters: the original bytes when the record could not be read (spring-kafka hands those over),
 * or the event's contract JSON when it was read but could not be processed.
 */
final class DeadLetterSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return JsonSerde.instance().write(data);
    }
}
