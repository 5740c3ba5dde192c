package io.genpipe.messaging;

import io.genpipe.contracts.json.JsonSerde;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any genpipe event as its contract JSON. */
public final class ContractSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object event) {
        return event == null ? null : JsonSerde.instance().write(event);
    }
}
