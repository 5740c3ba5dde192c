package io.genpipe.bench.router;

import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends contract JSON as a genpipe service does (acks=all, idempotent: Kafka's defaults) without waiting for each
 * acknowledgement; {@link #flush()} waits for all of them and fails if any send failed.
 */
public final class JsonProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    /** @param lingerMs 0 for the latency runs (they measure the hops, not the producer's batching), more to preload */
    public JsonProducer(String bootstrap, int lingerMs) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.CLIENT_ID_CONFIG, "router-bench-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void send(String topic, String key, Object value) {
        producer.send(new ProducerRecord<>(topic, key, JsonSerde.instance().write(value)), (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            }
        });
    }

    /** What a live worker of each provider would say: UP, valid for an hour, so no job waits for a provider. */
    void reportProvidersUp() {
        Instant now = Instant.now();
        for (String provider : BenchKafka.PROVIDERS) {
            ProviderHealth up = new ProviderHealth(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), now,
                    provider, "router-bench", HealthState.UP, "router bench", now.plus(Duration.ofHours(1)));
            send(Topics.PROVIDER_HEALTH.name(), up.key(), up);
        }
        flush();
    }

    public void flush() {
        producer.flush();
        Exception error = firstError.get();
        if (error != null) {
            throw new IllegalStateException("a send failed", error);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(3));
    }
}
