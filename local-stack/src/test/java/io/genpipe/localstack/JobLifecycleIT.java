package io.genpipe.localstack;

import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A job's whole life, through the real broker, the real database and the vendor simulator. */
class JobLifecycleIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @Test
    void aJobSubmittedOverHttpSucceedsInTheSinkWithItsCost() {
        String jobId = "e2e-" + UUID.randomUUID();

        HttpResponse<String> accepted = pipeline.post("/v1/jobs",
                "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a lighthouse at dawn\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(60));
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("provider").asString()).isEqualTo("fal");
        assertThat(job.path("tenantId").asString()).isEqualTo(LocalKeys.TENANT);
        // flux/schnell at $0.003 per megapixel, one 1024x1024 image
        assertThat(job.path("totalCostUsd").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(job.path("attempts")).hasSize(1);
        assertThat(job.path("images").get(0).path("uri").asString()).startsWith("http://127.0.0.1");
        // The router's dispatch reaches the sink on its own topic, possibly after the outcome.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode attempt = pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(5)).path("attempts").get(0);
            assertThat(attempt.path("dispatchReason").asString()).isNotBlank();
            assertThat(attempt.path("dispatchedAt").isString()).isTrue();
            assertThat(attempt.path("deadline").isString()).isTrue();
        });
    }

    @Test
    void withFalFailingEveryCallTheJobSucceedsOnOpenAiAfterTwoAttempts() {
        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy().withOutage(true));
        try {
            String jobId = "e2e-fallback-" + UUID.randomUUID();

            assertThat(pipeline.post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a red kite\"}").statusCode())
                    .isEqualTo(202);

            JsonNode job = pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(60));
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("provider").asString()).isEqualTo("openai");
            JsonNode attempts = job.path("attempts");
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).path("provider").asString()).isEqualTo("fal");
            assertThat(attempts.get(0).path("status").asString()).isEqualTo("FAILED");
            assertThat(attempts.get(0).path("failureClass").asString()).isEqualTo("RETRYABLE");
            assertThat(attempts.get(1).path("provider").asString()).isEqualTo("openai");
            assertThat(attempts.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("totalCostUsd").decimalValue()).isPositive();
            // OpenAI answers in base64: the image went to the image store, and the event carries its reference.
            URI image = URI.create(job.path("images").get(0).path("uri").asString());
            assertThat(image.getScheme()).isEqualTo("file");
            assertThat(Files.exists(Path.of(image))).isTrue();
        } finally {
            TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy());
        }
    }

    @Test
    void everyRecordOfAJobOnEveryTopicCarriesTheTraceOfTheRequestThatSubmittedIt() {
        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy().withOutage(true));
        String traceId = "5b8efff798038103d269b633813fc60c";
        try {
            String jobId = "e2e-traced-" + UUID.randomUUID();

            HttpResponse<String> accepted = pipeline.send(HttpRequest.newBuilder(
                            pipeline.pipeline().ingressUrl().resolve("/v1/jobs"))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-eee19b7ec3c1b174-01")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a red kite\"}")).build());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(60)).path("attempts")).hasSize(2);

            // The request, the router, the fal worker's failure, the router again, the OpenAI worker, the outcome.
            for (String topic : List.of("genpipe.jobs.v1", "genpipe.dispatch.fal.v1", "genpipe.dispatch.openai.v1",
                    "genpipe.attempts.v1", "genpipe.outcomes.v1")) {
                try (KafkaTopicReader reader = new KafkaTopicReader(
                        TestInfrastructure.shared().kafkaBootstrapServers(), topic)) {
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                                    reader.readNow(record -> jobId.equals(record.key())))
                            .as(topic).isNotEmpty().extracting(JobLifecycleIT::traceIdOf).containsOnly(traceId));
                }
            }
        } finally {
            TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy());
        }
    }

    private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
        Header traceparent = record.headers().lastHeader("traceparent");
        return traceparent == null ? null : new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    @Test
    void aPromptTheVendorRejectsFailsWithoutAskingAnotherProvider() {
        String jobId = "e2e-unsafe-" + UUID.randomUUID();

        pipeline.post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"something [unsafe]\"}");

        JsonNode job = pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(60));
        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("failureClass").asString()).isEqualTo("CONTENT_REJECTED");
        assertThat(job.path("attempts")).hasSize(1);
    }

    @Test
    void badHttpInputIsRefusedWithProblemJsonNamingTheField() {
        HttpResponse<String> response = pipeline.post("/v1/jobs", "{\"params\":{\"count\":2}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("field").asString()).isEqualTo("prompt");
    }
}
