package io.genpipe.ingress.idempotency;

import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Idempotency-Key} on {@code POST /v1/jobs}: one job per key and request, however the duplicates arrive. */
class IdempotencyIT extends RunningIngress {

    private static final String JOB = "{\"prompt\":\"a lighthouse at dawn\",\"params\":{\"width\":768,\"height\":512}}";

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
    void theSameKeyAndBodyReturnTheSameJobAndPublishItOnce() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = submit(key, JOB, TENANT_KEY);
        // The same request, spaced and ordered differently, is the same request.
        HttpResponse<String> second = submit(key,
                "{ \"params\": {\"height\":512, \"width\":768}, \"prompt\": \"a lighthouse at dawn\" }", TENANT_KEY);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String jobId = json(first).path("jobId").asString();
        assertThat(json(second).path("jobId").asString()).isEqualTo(jobId);
        assertThat(json(second).path("statusUrl").asString()).isEqualTo(json(first).path("statusUrl").asString());
        assertThat(jobs.readNow(record -> jobId.equals(record.key()))).hasSize(1);
    }

    @Test
    void concurrentDuplicatesMakeOneJob() {
        String key = UUID.randomUUID().toString();
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> submit(key, JOB, TENANT_KEY)))
                .toList();
        List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(202));
        Set<String> jobIds = answers.stream().map(answer -> json(answer).path("jobId").asString())
                .collect(Collectors.toSet());
        assertThat(jobIds).hasSize(1);
        assertThat(answers.stream().filter(answer -> answer.headers().firstValue("Idempotent-Replayed").isEmpty()))
                .hasSize(1);
        String jobId = jobIds.iterator().next();
        assertThat(jobs.readNow(record -> jobId.equals(record.key()))).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs409NamingTheHeaderAndPublishesNothing() {
        String key = UUID.randomUUID().toString();
        String jobId = json(submit(key, JOB, TENANT_KEY)).path("jobId").asString();
        String otherJob = "other-" + UUID.randomUUID();

        HttpResponse<String> conflict = submit(key,
                "{\"jobId\":\"" + otherJob + "\",\"prompt\":\"a lighthouse at dusk\"}", TENANT_KEY);

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(conflict).path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(json(conflict).path("jobId").asString()).isEqualTo(jobId);
        assertThat(jobs.readNow(record -> otherJob.equals(record.key()))).isEmpty();
    }

    @Test
    void keysAreEachTenantsOwn() {
        String key = UUID.randomUUID().toString();
        String acme = json(submit(key, JOB, TENANT_KEY)).path("jobId").asString();
        HttpResponse<String> beta = submit(key, JOB, OTHER_TENANT_KEY);

        assertThat(beta.statusCode()).isEqualTo(202);
        assertThat(beta.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json(beta).path("jobId").asString()).isNotEqualTo(acme);
    }

    @Test
    void aRefusedRequestTakesNoKeyAndAMalformedKeyIs400() {
        String key = UUID.randomUUID().toString();
        assertThat(submit(key, "{\"prompt\":\"a lighthouse\",\"params\":{\"width\":9000}}", TENANT_KEY).statusCode())
                .isEqualTo(422);
        HttpResponse<String> corrected = submit(key, JOB, TENANT_KEY);
        assertThat(corrected.statusCode()).isEqualTo(202);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();

        HttpResponse<String> malformed = submit("x".repeat(256), JOB, TENANT_KEY);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(submit("two words", JOB, TENANT_KEY).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> submit(String idempotencyKey, String body, String apiKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", idempotencyKey)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
