package io.genpipe.ingress.limits;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.ingress.RunningIngress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one request and one tenant may ask: 413 over the default 4 MB, 422 over 1,000 jobs, 429 for tenant
 * {@code limited} over its 5 jobs a minute; and batches uploaded as JSONL. On the shared context, so each limit is the
 * one the ingress really runs with.
 */
class LimitsIT extends RunningIngress {

    /** {@code genpipe.ingress.max-batch-size}'s default. */
    private static final int MAX_BATCH = 1_000;

    @Test
    void aTenantOverItsJobsPerMinuteIs429WithRetryAfterAndOtherTenantsGoOn() {
        for (int i = 0; i < LIMITED_JOBS_PER_MINUTE; i++) {
            assertThat(post("/v1/jobs", "{\"prompt\":\"a kite\"}", LIMITED_KEY).statusCode()).isEqualTo(202);
        }
        String jobId = "limited-" + UUID.randomUUID();
        HttpResponse<String> limited = post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a kite\"}", LIMITED_KEY);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(json(limited).path("detail").asString()).contains("'limited'").contains("5 jobs a minute");
        assertThat(post("/v1/jobs", "{\"prompt\":\"a kite\"}", OTHER_TENANT_KEY).statusCode()).isEqualTo(202);
        assertThat(jobs().readNow(record -> jobId.equals(record.key()))).isEmpty();
    }

    @Test
    void aBatchOverTheMostJobsPerRequestIs422NamingPrompts() {
        String prompts = String.join(",", java.util.Collections.nCopies(1_001, "\"a kite\""));
        HttpResponse<String> response = post("/v1/batches", "{\"prompts\":[" + prompts + "]}", ADMIN_KEY);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("field").asString()).isEqualTo("prompts");
    }

    /** As JSON prompts and as a JSONL upload: each a tenant of its own, whose jobs per minute nobody else spends. */
    @Test
    void aBatchOfExactlyTheMostJobsIsAcceptedWholeUnderOneBatchId() {
        String tenant = "thousand-" + UUID.randomUUID();
        String batchId = "most-" + UUID.randomUUID();
        String prompts = IntStream.rangeClosed(1, MAX_BATCH).mapToObj(i -> "\"a kite " + i + "\"")
                .collect(Collectors.joining(","));

        HttpResponse<String> response = post("/v1/batches", """
                {"batchId":"%s","tenantId":"%s","prompts":[%s]}""".formatted(batchId, tenant, prompts), ADMIN_KEY);

        assertAcceptedWhole(response, batchId, tenant);
    }

    @Test
    void aJsonlUploadOfExactlyTheMostLinesIsAcceptedWholeUnderOneBatchId() {
        String tenant = "thousand-" + UUID.randomUUID();
        String batchId = "most-lines-" + UUID.randomUUID();
        String lines = IntStream.rangeClosed(1, MAX_BATCH).mapToObj(i -> "{\"prompt\":\"a kite " + i + "\"}\n")
                .collect(Collectors.joining());

        HttpResponse<String> response = upload("/v1/batches?batchId=" + batchId + "&tenantId=" + tenant, lines);

        assertAcceptedWhole(response, batchId, tenant);
    }

    @Test
    void aJsonlUploadOverTheMostLinesIs422NamingLines() {
        String batchId = "too-many-lines-" + UUID.randomUUID();
        HttpResponse<String> response = upload("/v1/batches?batchId=" + batchId,
                "{\"prompt\":\"a kite\"}\n".repeat(MAX_BATCH + 1));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).path("field").asString()).isEqualTo("lines");
        assertThat(jobs().readNow(record -> record.key().startsWith(batchId))).isEmpty();
    }

    /** 202 came after the broker's acknowledgement: every job is on the topic by now, each saying its batch's size. */
    private void assertAcceptedWhole(HttpResponse<String> response, String batchId, String tenant) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = json(response);
        assertThat(accepted.path("batchId").asString()).isEqualTo(batchId);
        assertThat(accepted.path("jobs").asInt()).isEqualTo(MAX_BATCH);
        assertThat(accepted.path("jobIds")).hasSize(MAX_BATCH);
        List<JobRequested> published = jobs().readNow(record -> record.key().startsWith(batchId + "-")).stream()
                .map(record -> JsonSerde.instance().read(record.value(), JobRequested.class)).toList();
        assertThat(published).hasSize(MAX_BATCH).allSatisfy(job -> {
            assertThat(job.batchId()).isEqualTo(batchId);
            assertThat(job.batchSize()).isEqualTo(MAX_BATCH);
            assertThat(job.tenantId()).isEqualTo(tenant);
        });
        assertThat(published).extracting(JobRequested::jobId).doesNotHaveDuplicates();
        assertThat(published).extracting(JobRequested::prompt).contains("a kite 1", "a kite " + MAX_BATCH);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsKnownOrNot() {
        String big = "{\"prompt\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}";
        HttpResponse<String> known = post("/v1/jobs", big, ADMIN_KEY);
        assertThat(known.statusCode()).isEqualTo(413);
        assertThat(known.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // A stream of unknown length is sent chunked: counted as it is read.
        HttpRequest chunked = HttpRequest.newBuilder(uri("/v1/jobs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        assertThat(send(chunked).statusCode()).isEqualTo(413);
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
                jobs().awaitKey(batchId + "-2", Duration.ofSeconds(10)).value(), JobRequested.class);
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
        assertThat(jobs().readNow(record -> record.key().startsWith(batchId))).isEmpty();
        assertThat(upload("/v1/batches", "{\"jobId\":\"mine\",\"prompt\":\"a kite\"}").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> upload(String path, String jsonl) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(jsonl)).build());
    }
}
