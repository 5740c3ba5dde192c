package io.genpipe.sink.batches;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /v1/batches/{id} over a batch whose jobs succeed first time, after a fallback, fail, or are still pending. */
class BatchStatisticsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void countsJobsFallbacksAttemptsAndCostsPerProvider() {
        String batchId = INFRA.uniqueName("batch");
        List<JobEvent> events = new ArrayList<>();

        JobStory firstTime = story(batchId); // 1250 ms
        events.add(firstTime.requested());
        events.add(firstTime.succeeds(FAL, FLUX, "0.003", 1_200));
        events.add(firstTime.succeeded());

        JobStory afterOutage = story(batchId); // 8450 ms
        events.add(afterOutage.requested());
        events.add(afterOutage.fails(FAL, FLUX, FailureClass.RETRYABLE, "0", 400));
        events.add(afterOutage.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000));
        events.add(afterOutage.succeeded());

        JobStory afterRateLimit = story(batchId); // 9150 ms
        events.add(afterRateLimit.requested());
        events.add(afterRateLimit.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 100));
        events.add(afterRateLimit.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000));
        events.add(afterRateLimit.succeeded());

        JobStory rejected = story(batchId); // 2050 ms; the vendor billed the refused render
        events.add(rejected.requested());
        events.add(rejected.fails(FAL, FLUX, FailureClass.CONTENT_REJECTED, "0.001", 2_000));
        events.add(rejected.failed("fal: fal said no (no other provider may fix CONTENT_REJECTED)"));

        JobStory pending = story(batchId);
        events.add(pending.requested());

        events.forEach(RunningSink::publish);

        // Average of the four finished jobs: (1250 + 8450 + 9150 + 2050) / 4.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(batch(batchId)).isEqualTo(json("""
                {"batchId": "%s", "total": 5, "succeeded": 3, "failed": 1, "pending": 1, "complete": false,
                 "totalCostUsd": 0.084, "unknownCostAttempts": 0, "averageDurationMs": 5225,
                 "byProvider": [
                   {"provider": "fal", "succeeded": 1, "afterFallback": 0, "attempts": 4, "failedAttempts": 3,
                    "costUsd": 0.004, "unknownCostAttempts": 0},
                   {"provider": "openai", "succeeded": 2, "afterFallback": 2, "attempts": 2, "failedAttempts": 0,
                    "costUsd": 0.08, "unknownCostAttempts": 0}]}
                """.formatted(batchId))));

        publish(pending.succeeds(FAL, FLUX, null, 1_000)); // 1050 ms; a cost the catalog could not compute
        publish(pending.succeeded());

        // (1250 + 8450 + 9150 + 2050 + 1050) / 5; the unknown cost is counted as unknown, not as zero.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(batch(batchId)).isEqualTo(json("""
                {"batchId": "%s", "total": 5, "succeeded": 4, "failed": 1, "pending": 0, "complete": true,
                 "totalCostUsd": 0.084, "unknownCostAttempts": 1, "averageDurationMs": 4390,
                 "byProvider": [
                   {"provider": "fal", "succeeded": 2, "afterFallback": 0, "attempts": 5, "failedAttempts": 3,
                    "costUsd": 0.004, "unknownCostAttempts": 1},
                   {"provider": "openai", "succeeded": 2, "afterFallback": 2, "attempts": 2, "failedAttempts": 0,
                    "costUsd": 0.08, "unknownCostAttempts": 0}]}
                """.formatted(batchId))));
    }

    @Test
    void aBatchThatSaysHowManyJobsItHasIsCompleteOnlyOnceAllOfThemEndedEvenThoseNotRecordedYet() {
        String batchId = INFRA.uniqueName("batch");
        List<JobStory> jobs = List.of(JobStory.ofBatch(INFRA.uniqueName("job"), "studio-north", batchId, 3),
                JobStory.ofBatch(INFRA.uniqueName("job"), "studio-north", batchId, 3),
                JobStory.ofBatch(INFRA.uniqueName("job"), "studio-north", batchId, 3));
        for (JobStory job : jobs.subList(0, 2)) {
            publish(job.requested());
            publish(job.succeeds(FAL, FLUX, "0.003", 1_200));
            publish(job.succeeded());
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode batch = batch(batchId);
            assertThat(batch.get("succeeded").asLong()).isEqualTo(2);
            assertThat(batch.get("total").asLong()).as("as its jobs say, the third not recorded yet").isEqualTo(3);
            assertThat(batch.get("pending").asLong()).isEqualTo(1);
            assertThat(batch.get("complete").asBoolean()).isFalse();
        });

        publish(jobs.get(2).requested());
        publish(jobs.get(2).succeeds(FAL, FLUX, "0.003", 1_200));
        publish(jobs.get(2).succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode batch = batch(batchId);
            assertThat(batch.get("total").asLong()).isEqualTo(3);
            assertThat(batch.get("succeeded").asLong()).isEqualTo(3);
            assertThat(batch.get("complete").asBoolean()).isTrue();
        });
    }

    @Test
    void aBatchsJobsAreListedAPageAtATimeTheFailedOnesWithTheirReasons() {
        String batchId = INFRA.uniqueName("batch");
        List<JobStory> stories = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JobStory story = story(batchId);
            stories.add(story);
            publish(story.requested());
            if (i == 3) {
                publish(story.fails(FAL, FLUX, FailureClass.CONTENT_REJECTED, "0.001", 2_000));
                publish(story.failed("fal: fal said no (no other provider may fix CONTENT_REJECTED)"));
            } else {
                publish(story.succeeds(FAL, FLUX, "0.003", 1_200));
                publish(story.succeeded());
            }
        }
        List<String> ids = stories.stream().map(JobStory::jobId).sorted().toList();

        JsonNode first = await().atMost(PATIENCE).until(() -> json(get("/v1/batches/" + batchId + "/jobs?limit=2")
                .body()), page -> page.path("total").asInt() == 5 && page.path("jobs").get(1) != null
                && page.path("jobs").get(1).path("status").asString().matches("SUCCEEDED|FAILED"));
        assertThat(first.path("jobs")).extracting(job -> job.path("jobId").asString())
                .containsExactly(ids.get(0), ids.get(1));
        assertThat(first.path("next").asInt()).isEqualTo(2);
        JsonNode succeeded = await().atMost(PATIENCE).until(() -> json(get("/v1/batches/" + batchId
                + "/jobs?status=SUCCEEDED").body()), page -> page.path("total").asInt() == 4);
        assertThat(succeeded.path("jobs")).as("each with where its images are").allSatisfy(job ->
                assertThat(job.path("images").get(0).path("uri").asString()).startsWith("https://"));
        JsonNode last = json(get("/v1/batches/" + batchId + "/jobs?limit=2&offset=4").body());
        assertThat(last.path("jobs")).extracting(job -> job.path("jobId").asString()).containsExactly(ids.get(4));
        assertThat(last.path("next").isNull()).as("the last page").isTrue();

        String failedId = stories.get(3).jobId();
        JsonNode failed = await().atMost(PATIENCE).until(() -> json(get("/v1/batches/" + batchId
                + "/jobs?status=FAILED").body()), page -> page.path("total").asInt() == 1);
        assertThat(failed.path("jobs").get(0).path("jobId").asString()).isEqualTo(failedId);
        assertThat(failed.path("jobs").get(0).path("failureClass").asString()).isEqualTo("CONTENT_REJECTED");
        assertThat(failed.path("jobs").get(0).path("totalCostUsd").decimalValue()).isEqualByComparingTo("0.001");

        HttpResponse<String> csv = get("/v1/batches/" + batchId + "/jobs?status=FAILED&format=csv");
        assertThat(csv.body()).startsWith("job_id,status,provider,model,total_cost_usd,")
                .contains("\r\n" + failedId + ",FAILED,,,0.001,0,0,CONTENT_REJECTED,");

        JsonNode badStatus = json(get("/v1/batches/" + batchId + "/jobs?status=DONE").body());
        assertThat(badStatus.path("field").asString()).isEqualTo("status");
        assertThat(get("/v1/batches/" + batchId + "/jobs?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/v1/batches/no-such-batch/jobs").statusCode()).isEqualTo(404);
    }

    @Test
    void aBatchWithoutJobsIsAProblem() {
        HttpResponse<String> response = get("/v1/batches/no-such-batch");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("field").asString()).isEqualTo("batchId");
        assertThat(problem.get("value").asString()).isEqualTo("no-such-batch");
    }

    private static JobStory story(String batchId) {
        return JobStory.of(INFRA.uniqueName("job"), "studio-north", batchId);
    }

    private JsonNode batch(String batchId) {
        HttpResponse<String> response = get("/v1/batches/" + batchId);
        assertThat(response.statusCode()).as("GET /v1/batches/%s: %s", batchId, response.body()).isEqualTo(200);
        return json(response.body());
    }
}
