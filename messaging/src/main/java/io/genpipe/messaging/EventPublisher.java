package io.genpipe.messaging;

import io.genpipe.contracts.topic.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes events to the topic descriptors of the contract, so the compiler checks that a topic gets the
 * events it carries. The producer is idempotent with acks=all: a completed future means the broker has the
 * record on every in-sync replica.
 */
public class EventPublisher {

    private final KafkaTemplate<String, Object> template;

    public EventPublisher(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    public <V> CompletableFuture<RecordMetadata> publish(Topic<String, V> topic, String key, V event) {
        return template.send(topic.name(), key, event).thenApply(result -> result.getRecordMetadata());
    }
}
