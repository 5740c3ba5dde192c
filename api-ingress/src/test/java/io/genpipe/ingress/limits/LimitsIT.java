package io.genpipe.ingress.limits;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What one request and one tenant may ask, on small limits: 413, 422, 429; and batches uploaded as JSONL. */
@TestPropertySource(properties = {
        "genpipe.ingress.limits.jobs-per-minute=5",
        "genpipe.ingress.limits.max-body-size=2KB",
        "genpipe.ingress.max-batch-size=3"})
class LimitsIT extends RunningIngress {

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaTopicReader jobs;

    @BeforeEach
    void readJobs() {
        jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void aTenantOverItsJobsPerMinuteIs429WithRetryAfterAndOtherTenantsGoOn() {
        for (int i = 0; i < 5; i++) {
            assertThat(post("/v1/jobs", "{\"prompt\":\"a kite\"}", TENANT_KEY).statusCode()).isEqualTo(202);
        }
        String jobId = "limited-" + UUID.randomUUID();
        HttpResponse<String> limited = post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a kite\"}", TENANT_KEY);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(json(limited).path("detail").asString()).contains("'acme'").contains("5 jobs a minute");
        assertThat(post("/v1/jobs", "{\"prompt\":\"a kite\"}", OTHER_TENANT_KEY).statusCode()).isEqualTo(202);
        assertThat(jobs.readNow(record -> jobId.equals(record.key()))).isEmpty();
    }

    @Test
    void aBatchOverTheMostJobsPerRequestIs422NamingPrompts() {
        HttpResponse<String> response = post("/v1/batches", "{\"prompts\":[\"a\",\"b\",\"c\",\"d\"]}", ADMIN_KEY);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("field").asString()).isEqualTo("prompts");
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsKnownOrNot() throws Exception {
        String big = "{\"prompt\":\"" + "x".repeat(3000) + "\"}";
        HttpResponse<String> known = post("/v1/jobs", big, ADMIN_KEY);
        assertThat(known.statusCode()).isEqualTo(413);
        assertThat(known.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // A stream of unknown length is sent chunked: counted as it is read.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        assertThat(http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
    }

    @Test
    void aJsonlUploadIsOneJobPerLineUnderOneBatchId() {
        String batchId = "upload-" + UUID.randomUUID();
        HttpResponse<String> response = upload("/v1/batches?batchId=" + batchId, """
                {"prompt":"a red kite"}

                {"prompt":"a blue kite","params":{"width":768,"height":512}}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = json(response);
        assertThat(accepted.path("jobIds").valueStream().map(JsonNode::asString))
                .containsExactly(batchId + "-1", batchId + "-2");
        JobRequested second = JsonSerde.instance().read(
                jobs.awaitKey(batchId + "-2", Duration.ofSeconds(10)).value(), JobRequested.class);
        assertThat(second.batchId()).isEqualTo(batchId);
        assertThat(second.prompt()).isEqualTo("a blue kite");
        assertThat(second.params().width()).isEqualTo(768);
    }

    @Test
    void aBadLineIsNamedByItsLineAndNothingOfTheBatchIsPublished() {
        String batchId = "upload-" + UUID.randomUUID();
        HttpResponse<String> response = upload("/v1/batches?batchId=" + batchId,
                "{\"prompt\":\"a red kite\"}\n\n{\"params\":{\"width\":768}}\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("field").asString()).isEqualTo("lines[2].prompt");
        assertThat(jobs.readNow(record -> record.key().startsWith(batchId))).isEmpty();
        assertThat(upload("/v1/batches", "{\"jobId\":\"mine\",\"prompt\":\"a kite\"}").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> upload(String path, String jsonl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(jsonl)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
