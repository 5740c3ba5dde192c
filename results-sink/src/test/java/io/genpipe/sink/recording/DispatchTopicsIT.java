package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink reads every provider's dispatch topic, a provider's that appears while it runs included, through the
 * same error handling as its other listeners: a record that breaks the contract goes to the DLQ, and the next one
 * is still recorded.
 */
class DispatchTopicsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Value("${spring.kafka.consumer.group-id}")
    private String group;

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aBrokenDispatchOnANewProvidersTopicGoesToTheDlqAndTheNextDispatchIsRecorded() throws Exception {
        // A provider whose topic did not exist when the sink subscribed: the pattern finds it.
        String provider = INFRA.uniqueName("p");
        String topic = Topics.dispatch(provider).name();
        createTopic(topic);
        String brokenJob = INFRA.uniqueName("job");
        String broken = "{\"schemaVersion\":" + GenpipeEvent.SCHEMA_VERSION + ",\"jobId\":\"" + brokenJob + "\"}";
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        story.succeeds(provider, FLUX, "0.003", 1_000);
        AttemptDispatched next = story.dispatches().get(0);

        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            producer.send(new ProducerRecord<>(topic, brokenJob, broken.getBytes(StandardCharsets.UTF_8))).get();
            // Different keys, maybe different partitions: no order between the two is assumed, only that both are read.
            producer.send(new ProducerRecord<>(topic, next.jobId(), JsonSerde.instance().write(next))).get();
        }

        try (KafkaTopicReader dlq = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topics.DLQ.name())) {
            ConsumerRecord<String, byte[]> dead = dlq.awaitFirst(record -> brokenJob.equals(record.key())
                    && group.equals(header(record, DlqHeaders.CONSUMER_GROUP)), PATIENCE);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(broken);
            assertThat(header(dead, DlqHeaders.SOURCE_TOPIC)).isEqualTo(topic);
            assertThat(header(dead, DlqHeaders.FIELD)).isNotBlank();
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode job = json(get("/v1/jobs/" + story.jobId()).body());
            assertThat(job.get("status").asString()).isEqualTo("RUNNING");
            assertThat(job.get("attempts").get(0).get("provider").asString()).isEqualTo(provider);
            assertThat(job.get("attempts").get(0).get("status").asString()).isEqualTo("DISPATCHED");
        });
        assertThat(get("/v1/jobs/" + brokenJob).statusCode()).isEqualTo(404);
        assertThat(meters.counter("genpipe.sink.events", "event", "dispatch", "effect", "written").count())
                .isPositive();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
