package io.genpipe.router.streams;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Record values as the contract's JSON ({@link JsonSerde}, strict), for the topology's topics and its stores. A
 * value that breaks the contract throws {@link MessageFormatException}, which the topology's dead-letter handler
 * turns into a DLQ record; an empty value is refused the same way (no genpipe topic carries tombstones here).
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Reads one type, writes anything: the merged stream carries jobs, results and ticks as {@code Object}. */
    static Serde<Object> reading(Class<?> type) {
        Serializer<Object> writer = (topic, value) -> value == null ? null : JsonSerde.instance().write(value);
        Deserializer<Object> reader = (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                throw MessageFormatException.missing("(record value)");
            }
            return JsonSerde.instance().read(bytes, type);
        };
        return Serdes.serdeFrom(writer, reader);
    }

    static <T> Serde<T> of(Class<T> type) {
        Serializer<T> writer = (topic, value) -> value == null ? null : JsonSerde.instance().write(value);
        Deserializer<T> reader = (topic, bytes) -> bytes == null ? null : JsonSerde.instance().read(bytes, type);
        return Serdes.serdeFrom(writer, reader);
    }
}
