package io.genpipe.localstack;

import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Records on genpipe.jobs.v1 that break the contract go to the DLQ with their reason; the pipeline goes on. */
class BadRecordsIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @Test
    void garbageAndAJobWithoutPromptGoToTheDlqAndTheNextJobStillCompletes() throws Exception {
        String garbageKey = "garbage-" + UUID.randomUUID();
        String noPromptKey = "no-prompt-" + UUID.randomUUID();
        String goodKey = "good-" + UUID.randomUUID();
        byte[] garbage = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x13, '{', '"'};
        String noPrompt = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"jobId\":\"" + noPromptKey
                + "\",\"occurredAt\":\"" + Instant.now() + "\",\"operation\":\"text-to-image\"}";
        String good = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"jobId\":\"" + goodKey
                + "\",\"occurredAt\":\"" + Instant.now() + "\",\"operation\":\"text-to-image\",\"prompt\":\"a quiet harbour\"}";

        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), garbageKey, garbage)).get();
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), noPromptKey, noPrompt.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), goodKey, good.getBytes(StandardCharsets.UTF_8))).get();
        }

        try (KafkaTopicReader dlq = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.DLQ.name())) {
            ConsumerRecord<String, byte[]> deadGarbage = dlq.awaitKey(garbageKey, Duration.ofSeconds(30));
            assertThat(deadGarbage.value()).isEqualTo(garbage);
            assertThat(header(deadGarbage, DlqHeaders.REASON)).contains("not valid JSON");
            assertThat(header(deadGarbage, DlqHeaders.SOURCE_TOPIC)).isEqualTo(Topics.JOBS.name());
            assertThat(header(deadGarbage, DlqHeaders.CONSUMER_GROUP)).startsWith("genpipe.");
            // A short reason, not a stack trace: a dead letter's headers stay small.
            assertThat(deadGarbage.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
            int headerBytes = 0;
            for (Header each : deadGarbage.headers()) {
                headerBytes += each.key().length() + (each.value() == null ? 0 : each.value().length);
            }
            assertThat(headerBytes).isLessThan(1_024);

            ConsumerRecord<String, byte[]> deadNoPrompt = dlq.awaitKey(noPromptKey, Duration.ofSeconds(30));
            assertThat(new String(deadNoPrompt.value(), StandardCharsets.UTF_8)).isEqualTo(noPrompt);
            assertThat(header(deadNoPrompt, DlqHeaders.FIELD)).isEqualTo("prompt");
            assertThat(header(deadNoPrompt, DlqHeaders.REASON)).contains("prompt: is required");
            assertThat(header(deadNoPrompt, DlqHeaders.SOURCE_OFFSET)).matches("\\d+");
        }

        JsonNode job = pipeline.awaitFinishedJob(goodKey, Duration.ofSeconds(60));
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(pipeline.getFromSink("/v1/jobs/" + noPromptKey).statusCode()).isEqualTo(404);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
