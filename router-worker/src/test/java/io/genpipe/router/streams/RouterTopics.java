package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;

/** What a router IT does on the broker: write jobs, results and health; read dispatches and outcomes. */
final class RouterTopics implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(), new ByteArraySerializer());

    static String bootstrap() {
        return TestInfrastructure.shared().kafkaBootstrapServers();
    }

    static JobRequested job(String jobId, Instant deadline) {
        return JobRequested.create(jobId, "acme", null, Operation.TEXT_TO_IMAGE, "a lighthouse",
                ImageParams.defaults(), deadline, Instant.now());
    }

    /** Whether a router started as its own application is running with some work assigned. */
    static boolean isWorking(org.springframework.context.ConfigurableApplicationContext router) {
        RouterStreams streams = router.getBean(RouterStreams.class);
        return streams.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING && streams.activeTasks() > 0;
    }

    /** How many jobs that router routed (its {@code genpipe.router.inputs} of jobs applied). */
    static double appliedJobs(org.springframework.context.ConfigurableApplicationContext router) {
        var counter = router.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("genpipe.router.inputs").tags("input", "job", "effect", "applied").counter();
        return counter == null ? 0 : counter.count();
    }

    static String newJobId() {
        return "router-it-" + UUID.randomUUID();
    }

    <V> void send(Topic<String, V> topic, String key, V event) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, JsonSerde.instance().write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tombstone for {@code key} on a compacted topic: its readers forget the key. */
    void delete(Topic<String, ?> topic, String key) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, null)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #send}, with the W3C trace context of a producer that traces ({@code traceparent}). */
    <V> void sendTraced(Topic<String, V> topic, String key, V event, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key,
                JsonSerde.instance().write(event));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trace id of a record's {@code traceparent} header ({@code 00-<trace id>-<span id>-<flags>}); null if none. */
    static String traceId(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    /** A live worker instance reports the provider in this state for the next ten minutes. */
    void report(String provider, HealthState state) {
        Instant now = Instant.now();
        send(Topics.PROVIDER_HEALTH, provider + "/router-it", new ProviderHealth(SCHEMA_VERSION,
                UUID.randomUUID().toString(), now, provider, "router-it", state, "it says " + state,
                now.plus(Duration.ofMinutes(10))));
    }

    /** A tombstone for this test's instance's report on the provider: it no longer speaks for it. */
    void forget(String provider) {
        tombstone(Topics.PROVIDER_HEALTH.name(), provider + "/router-it");
    }

    /** A tombstone for the provider's runtime settings: the catalog's defaults again. */
    void forgetSettings(String provider) {
        tombstone(Topics.PROVIDER_SETTINGS.name(), provider);
    }

    private void tombstone(String topic, String key) {
        try {
            producer.send(new ProducerRecord<>(topic, key, null)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    AttemptDispatched awaitDispatch(String provider, String jobId) {
        try (KafkaTopicReader dispatch = new KafkaTopicReader(bootstrap(), Topics.dispatch(provider).name())) {
            return JsonSerde.instance().read(dispatch.awaitKey(jobId, WAIT).value(), AttemptDispatched.class);
        }
    }

    /** A dispatch of that job whose attempt is {@code attempt}. */
    AttemptDispatched awaitDispatch(String provider, String jobId, int attempt) {
        try (KafkaTopicReader dispatch = new KafkaTopicReader(bootstrap(), Topics.dispatch(provider).name())) {
            return JsonSerde.instance().read(dispatch.awaitFirst(record -> jobId.equals(record.key())
                    && JsonSerde.instance().read(record.value(), AttemptDispatched.class).attempt() == attempt, WAIT)
                    .value(), AttemptDispatched.class);
        }
    }

    JobOutcome awaitOutcome(String jobId) {
        try (KafkaTopicReader outcomes = new KafkaTopicReader(bootstrap(), Topics.OUTCOMES.name())) {
            return JsonSerde.instance().read(outcomes.awaitKey(jobId, WAIT).value(), JobOutcome.class);
        }
    }

    /** Every record of the job on the topic by now. */
    List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String jobId) {
        try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap(), topic)) {
            return reader.readNow(record -> jobId.equals(record.key()));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
