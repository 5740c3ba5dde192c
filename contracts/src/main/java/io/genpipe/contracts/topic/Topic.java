package io.genpipe.contracts.topic;

import java.util.Objects;

/**
 * One Kafka topic of the contract: its name, and the types of its keys and values.
 *
 * @param keyDescription what the key is (e.g. "job id"); every event of one job shares its partition
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType, String keyDescription) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(keyDescription, "keyDescription");
    }
}
