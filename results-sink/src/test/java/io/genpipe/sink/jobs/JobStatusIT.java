package io.genpipe.sink.jobs;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FAL_TRAINER;
import static io.genpipe.sink.JobStory.FLUX;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /v1/jobs/{id} after events went through the real topics, in order, out of order and twice; a training's
 * progress while it runs and the model it made.
 */
class JobStatusIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Value("${spring.kafka.consumer.group-id}")
    private String group;

    @Autowired
    private MeterRegistry meters;

    @Test
    void showsAJobFromItsRequestThroughAFallbackToItsOutcome() {
        String batchId = INFRA.uniqueName("batch");
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", batchId);

        publish(story.requested());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("QUEUED"));
        assertThat(job(story.jobId()).get("attempts")).isEmpty();

        publish(story.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("RUNNING"));

        publish(story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000));
        publish(story.succeeded());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("SUCCEEDED"));

        HttpResponse<String> response = get("/v1/jobs/" + story.jobId());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"totalCostUsd\":0.04,");
        assertThat(json(response.body())).isEqualTo(json("""
                {"jobId": "%s", "status": "SUCCEEDED", "tenantId": "studio-north", "batchId": "%s",
                 "operation": "text-to-image", "provider": "openai", "model": "gpt-image-1",
                 "images": [{"uri": "https://images.example/lighthouse.png", "width": 1024, "height": 768,
                             "contentType": "image/png"}], "trainedModel": null,
                 "totalCostUsd": 0.04, "unknownCostAttempts": 0, "lostVendorCalls": 0,
                 "lostVendorCallsExpectedCostUsd": null, "unpricedLostVendorCalls": 0, "failureClass": null, "failureReason": null,
                 "requestedAt": "2026-11-22T10:00:00Z", "completedAt": "2026-11-22T10:00:09.350Z",
                 "durationMs": 9350, "progress": null, "experiment": null, "rating": null, "vendorCalls": null,
                 "attempts": [
                   {"attempt": 1, "provider": "fal", "model": "fal-ai/flux/schnell", "status": "FAILED",
                    "failureClass": "RATE_LIMITED", "reason": "fal said no", "costUsd": 0, "costKnown": true,
                    "latencyMs": 300, "adjustments": [],
                    "dispatchedAt": null, "deadline": null, "dispatchReason": null, "route": null,
                    "vendorCalls": []},
                   {"attempt": 2, "provider": "openai", "model": "gpt-image-1", "status": "SUCCEEDED",
                    "failureClass": null, "reason": null, "costUsd": 0.04, "costKnown": true, "latencyMs": 9000,
                    "adjustments": [],
                    "dispatchedAt": null, "deadline": null, "dispatchReason": null, "route": null,
                    "vendorCalls": []}],
                 "webhook": null, "traceId": null}
                """.formatted(story.jobId(), batchId)));
    }

    @Test
    void showsWhyEachAttemptWentWhereItDidAndTheJobsArm() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null).inExperiment("fal-vs-openai", "b");
        AttemptFailed first = story.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300);
        story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000);

        publish(story.requested());
        publish(story.dispatches().get(0));
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode job = job(story.jobId());
            assertThat(job.get("status").asString()).as("a dispatch shows that work has started").isEqualTo("RUNNING");
            assertThat(job.get("attempts")).singleElement().satisfies(attempt -> {
                assertThat(attempt.get("status").asString()).isEqualTo("DISPATCHED");
                assertThat(attempt.get("latencyMs").isNull()).isTrue();
                assertThat(attempt.get("costUsd").isNull()).isTrue();
            });
        });
        assertThat(job(story.jobId()).get("unknownCostAttempts").asInt()).as("in flight is not unknown").isZero();

        publish(first);
        publish(story.dispatches().get(1));
        publish(story.attempts().get(1));
        publish(story.succeeded());
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode job = job(story.jobId());
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempts").get(1).get("dispatchedAt").isNull()).isFalse();
        });

        JsonNode job = job(story.jobId());
        assertThat(job.get("experiment")).isEqualTo(json("""
                {"experiment": "fal-vs-openai", "arm": "b"}"""));
        assertThat(job.get("attempts").get(1)).isEqualTo(json("""
                {"attempt": 2, "provider": "openai", "model": "gpt-image-1", "status": "SUCCEEDED",
                 "failureClass": null, "reason": null, "costUsd": 0.04, "costKnown": true, "latencyMs": 9000,
                 "adjustments": [],
                 "dispatchedAt": "2026-11-22T10:00:00.300Z", "deadline": "2026-11-22T10:02:00.300Z",
                 "dispatchReason": "cheapest qualifying: openai",
                 "route": {"policy": "cost",
                           "scores": [{"provider": "openai", "model": "gpt-image-1", "score": 0.875,
                                       "estimatedCostPerImageUsd": 0.04, "quality": 80,
                                       "expectedLatencyMs": 4000, "backlog": null, "successRate": null}],
                           "skipped": [{"provider": "fal", "model": "fal-ai/flux/schnell", "cause": "tried",
                                        "reason": "fal was tried"}]},
                 "vendorCalls": []}
                """));
        assertThat(job.get("attempts").get(0).get("reason").asString()).as("the failure's reason, as before")
                .isEqualTo("fal said no");
    }

    @Test
    void aDispatchBeforeOrAfterItsResultGivesTheSameAttemptAndARedeliveryChangesNothing() {
        JobStory dispatchFirst = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        JobStory resultFirst = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        for (JobStory story : new JobStory[] {dispatchFirst, resultFirst}) {
            story.fails(FAL, FLUX, FailureClass.RETRYABLE, "0.001", 500);
            story.succeeds(OPENAI, GPT_IMAGE, "0.04", 7_000);
        }

        publish(dispatchFirst.requested());
        publish(dispatchFirst.dispatches().get(0));
        publish(attempt(dispatchFirst, 1));
        publish(dispatchFirst.dispatches().get(1));
        publish(attempt(dispatchFirst, 2));
        publish(dispatchFirst.succeeded());

        publish(resultFirst.succeeded());
        publish(attempt(resultFirst, 2));
        publish(attempt(resultFirst, 1));
        publish(resultFirst.requested());
        publish(resultFirst.dispatches().get(1));
        publish(resultFirst.dispatches().get(0));

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(withoutJobId(job(resultFirst.jobId()))).isEqualTo(withoutJobId(job(dispatchFirst.jobId()))));
        JsonNode converged = job(dispatchFirst.jobId());
        assertThat(converged.get("attempts")).allSatisfy(attempt -> {
            assertThat(attempt.get("dispatchReason").isNull()).isFalse();
            assertThat(attempt.get("route").get("policy").asString()).isEqualTo("cost");
        });

        // Both dispatches go to fal's topic under the job's key, so once the second is recorded the redelivery
        // before it has been read, and it changed nothing.
        JobStory redelivered = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        redelivered.fails(FAL, FLUX, FailureClass.RETRYABLE, "0.001", 500);
        redelivered.fails(FAL, FLUX, FailureClass.RETRYABLE, "0.001", 500);
        publish(redelivered.requested());
        publish(redelivered.dispatches().get(0));
        publish(attempt(redelivered, 1));
        // Both the dispatch and the result recorded (two listeners): the attempt as it stays.
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode first = job(redelivered.jobId()).get("attempts").get(0);
            assertThat(first.get("dispatchedAt").isNull()).isFalse();
            assertThat(first.get("status").asString()).isEqualTo("FAILED");
        });
        JsonNode before = job(redelivered.jobId()).get("attempts").get(0);
        publish(redelivered.dispatches().get(0));
        publish(redelivered.dispatches().get(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(redelivered.jobId()).get("attempts")).hasSize(2));
        assertThat(job(redelivered.jobId()).get("attempts").get(0)).isEqualTo(before);
    }

    @Test
    void showsTheJobsTraceIdFromItsRequestOrElseFromItsOutcomeAndNoneWhenNoRecordCarriedOne() {
        String requestTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        JobStory traced = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        traced.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        publishTraced(traced.requested(), "00-" + requestTrace + "-00f067aa0ba902b7-01");
        traced.attempts().forEach(RunningSink::publish);
        // The router goes on with the request's trace; a context of another trace on the outcome changes nothing.
        publishTraced(traced.succeeded(), "00-11111111111111111111111111111111-2222222222222222-01");

        // A job produced without a trace gets one from the router, which its outcome carries.
        String routerTrace = "0af7651916cd43dd8448eb211c80319c";
        JobStory untraced = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        untraced.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        publish(untraced.requested());
        untraced.attempts().forEach(RunningSink::publish);
        publishTraced(untraced.succeeded(), "00-" + routerTrace + "-b7ad6b7169203331-01");

        JobStory none = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        none.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        publish(none.requested());
        none.attempts().forEach(RunningSink::publish);
        publish(none.succeeded());

        for (JobStory story : List.of(traced, untraced, none)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                    .isEqualTo("SUCCEEDED"));
        }
        assertThat(job(traced.jobId()).get("traceId").asString()).isEqualTo(requestTrace);
        assertThat(job(untraced.jobId()).get("traceId").asString()).isEqualTo(routerTrace);
        assertThat(job(none.jobId()).get("traceId").isNull()).isTrue();
    }

    @Test
    void anAttemptWhoseCostIsUnknownIsShownAsUnknownNeverAsZero() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        AttemptFailed failed = story.fails(FAL, FLUX, FailureClass.RETRYABLE, "0.003", 400);
        AttemptSucceeded unpriced = story.succeeds(OPENAI, GPT_IMAGE, null, 8_000);

        publish(story.requested());
        publish(failed);
        publish(unpriced);
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("SUCCEEDED"));
        JsonNode job = job(story.jobId());
        assertThat(job.get("totalCostUsd").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(job.get("unknownCostAttempts").asInt()).isEqualTo(1);
        assertThat(job.get("attempts").get(1).get("costUsd").isNull()).isTrue();
        assertThat(job.get("attempts").get(1).get("costKnown").asBoolean()).isFalse();
    }

    @Test
    void vendorCallsAWorkerCrashLostAreCountedBesideTheKnownTotalWithWhatTheyWereExpectedToCost() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        AttemptFailed priced = story.fails(FAL, FLUX, FailureClass.RETRYABLE, "0.003", 400)
                .withLostCalls(2, new BigDecimal("0.006"));
        AttemptResult unpriced = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000).withLostCalls(1, null);

        publish(story.requested());
        publish(priced);
        publish(unpriced);
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("SUCCEEDED"));
        JsonNode job = job(story.jobId());
        assertThat(job.get("totalCostUsd").decimalValue()).as("what the events state").isEqualByComparingTo("0.043");
        assertThat(job.get("lostVendorCalls").asInt()).as("the calls the vendors may bill besides").isEqualTo(3);
        assertThat(job.get("lostVendorCallsExpectedCostUsd").decimalValue())
                .as("fal's two, priced before they were made").isEqualByComparingTo("0.006");
        assertThat(job.get("unpricedLostVendorCalls").asInt()).as("OpenAI's one: unknown, not $0").isEqualTo(1);
        assertThat(job.get("attempts").get(0).get("costUsd").decimalValue()).isEqualByComparingTo("0.003");
    }

    @Test
    void aJobThatLostNoCallHasNoExpectedCostOfLostCalls() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);

        publish(story.requested());
        publish(story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000));
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("SUCCEEDED"));
        JsonNode job = job(story.jobId());
        assertThat(job.get("lostVendorCalls").asInt()).isZero();
        assertThat(job.get("lostVendorCallsExpectedCostUsd").isNull()).isTrue();
        assertThat(job.get("unpricedLostVendorCalls").asInt()).isZero();
    }

    @Test
    void billsAnAttemptOnceHoweverOftenItIsReported() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        AttemptFailed timedOut = story.fails(FAL, FLUX, FailureClass.TIMEOUT, "0.003", 60_000);

        publish(story.requested());
        publish(timedOut);
        publish(timedOut); // redelivered
        publish(story.reportedAgain(timedOut, "0.0031")); // the worker crashed and the vendor was called again
        // Same key, same partition: once attempt 2 is recorded, every report of attempt 1 before it has been read.
        AttemptSucceeded second = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        publish(second);
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode job = job(story.jobId());
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempts")).hasSize(2);
        });
        JsonNode job = job(story.jobId());
        assertThat(job.get("totalCostUsd").decimalValue()).isEqualByComparingTo("0.043");
        assertThat(job.get("attempts").get(0).get("costUsd").decimalValue()).isEqualByComparingTo("0.003");
    }

    @Test
    void aDuplicateEventIsIgnoredWhileAVendorCallMadeAgainAfterACrashIsCountedWithItsOwnId() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        AttemptSucceeded first = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        AttemptResult reported = first.withCalls(List.of(story.call(first, 0, VendorCall.Outcome.ANSWERED, "0.04")));
        // The worker crashed after reporting and before journaling the result: its replacement called OpenAI again.
        AttemptResult again = story.reportedAgain(first, "0.04").withLostCalls(1, new BigDecimal("0.04"));
        again = again.withCalls(List.of(story.call(first, 0, VendorCall.Outcome.LOST, "0.04"),
                story.call(first, 1, VendorCall.Outcome.ANSWERED, "0.04")));

        publish(story.requested());
        publish(reported);
        publish(reported); // redelivered
        publish(again);
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("vendorCalls").get("made")
                .asInt()).isEqualTo(2));
        JsonNode job = job(story.jobId());
        assertThat(job.get("totalCostUsd").decimalValue()).as("the attempt, billed once").isEqualByComparingTo("0.04");
        JsonNode calls = job.get("vendorCalls");
        assertThat(calls.get("billable").asInt()).isEqualTo(2);
        assertThat(calls.get("costUsd").decimalValue()).as("what OpenAI bills: both calls")
                .isEqualByComparingTo("0.08");
        assertThat(calls.get("duplicates").asInt()).isEqualTo(1);
        assertThat(calls.get("duplicatesCostUsd").decimalValue()).isEqualByComparingTo("0.04");
        JsonNode rows = job.get("attempts").get(0).get("vendorCalls");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("callId").asString()).isEqualTo(story.jobId() + "/1/0");
        assertThat(rows.get(0).get("outcome").asString()).as("the first report's word on it").isEqualTo("ANSWERED");
        assertThat(rows.get(0).get("duplicate").asBoolean()).as("the answer the attempt billed").isFalse();
        assertThat(rows.get(1).get("duplicate").asBoolean()).as("the call made again").isTrue();
    }

    @Test
    void aCallLostInACrashIsADuplicateAtItsExpectedCostAndARetryIsNotBilled() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        AttemptSucceeded succeeded = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        AttemptResult reported = succeeded.withLostCalls(1, null).withCalls(List.of(
                story.call(succeeded, 0, VendorCall.Outcome.LOST, null),
                story.call(succeeded, 1, VendorCall.Outcome.RETRIED, "0"),
                story.call(succeeded, 2, VendorCall.Outcome.ANSWERED, "0.04")));

        publish(story.requested());
        publish(reported);
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("vendorCalls").get("made")
                .asInt()).isEqualTo(3));
        JsonNode calls = job(story.jobId()).get("vendorCalls");
        assertThat(calls.get("billable").asInt()).as("the retry after a 429 is not billed").isEqualTo(2);
        assertThat(calls.get("costUsd").decimalValue()).isEqualByComparingTo("0.04");
        assertThat(calls.get("unpriced").asInt()).as("the lost call: unknown, never $0").isEqualTo(1);
        assertThat(calls.get("duplicates").asInt()).isEqualTo(1);
        assertThat(calls.get("duplicatesCostUsd").isNull()).isTrue();
    }

    @Test
    void aJobWhoseWorkersReportNoCallsShowsNoCallFiguresRatherThanZero() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);

        publish(story.requested());
        publish(story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000));
        publish(story.succeeded());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("SUCCEEDED"));
        assertThat(job(story.jobId()).get("vendorCalls").isNull()).isTrue();
    }

    @Test
    void anOutcomeBeforeItsRequestConvergesToTheSameJob() {
        JobStory inOrder = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        JobStory backwards = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        for (JobStory story : new JobStory[] {inOrder, backwards}) {
            story.fails(FAL, FLUX, FailureClass.RETRYABLE, "0", 500);
            story.succeeds(OPENAI, GPT_IMAGE, "0.04", 7_000);
        }
        JobSucceeded outcome = backwards.succeeded();
        AttemptFailed firstAttempt = (AttemptFailed) attempt(backwards, 1);
        AttemptSucceeded secondAttempt = (AttemptSucceeded) attempt(backwards, 2);

        publish(inOrder.requested());
        publish(attempt(inOrder, 1));
        publish(attempt(inOrder, 2));
        publish(inOrder.succeeded());

        publish(outcome);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode job = job(backwards.jobId());
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("operation").isNull()).as("operation unknown before the request").isTrue();
        });
        // Finished means finished: every attempt and the whole cost come with the outcome.
        JsonNode fromOutcome = job(backwards.jobId());
        assertThat(fromOutcome.get("attempts")).hasSize(2);
        assertThat(fromOutcome.get("totalCostUsd").decimalValue()).isEqualByComparingTo("0.04");
        publish(secondAttempt);
        publish(firstAttempt);
        publish(backwards.requested());

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(withoutJobId(job(backwards.jobId()))).isEqualTo(withoutJobId(job(inOrder.jobId()))));
        assertThat(job(inOrder.jobId()).get("attempts")).hasSize(2);
    }

    @Test
    void writesTinyAmountsAsPlainDecimals() {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "studio-north", null);
        publish(story.requested());
        publish(story.fails(FAL, FLUX, FailureClass.TIMEOUT, "0.0000005", 100));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("/v1/jobs/" + story.jobId()).body())
                .contains("\"totalCostUsd\":0.0000005,")
                .contains("\"costUsd\":0.0000005,"));
    }

    @Test
    void showsATrainingsLatestProgressWhileItRunsToItsOwnTenantOnlyThenTheModelItMade() {
        JobStory story = JobStory.training(INFRA.uniqueName("job"), "acme", null, JobStory.REQUESTED_AT);
        TrainedModel lora = new TrainedModel(TrainedModel.Kind.LORA_WEIGHTS,
                "https://v3.fal.media/files/lighthouse-style.safetensors", "LHSTYLE");
        AttemptSucceeded trained = story.trains(FAL, FAL_TRAINER, "2", 600_000, lora);
        AttemptProgressed queued = story.progressed(1, "IN_QUEUE", null, null, 1_000);
        AttemptProgressed halfway = story.progressed(1, "IN_PROGRESS", 40, "step 400/1000", 240_000);
        double unchangedBefore = progressUnchanged();

        publish(story.requested());
        publish(story.dispatches().get(0));
        publish(halfway);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("progress"))
                .isEqualTo(json("""
                        {"status": "IN_PROGRESS", "percent": 40, "message": "step 400/1000", "attempt": 1,
                         "provider": "fal", "at": "2026-11-22T10:04:00Z"}""")));
        publish(queued); // older, read after: recorded as nothing new
        await().atMost(PATIENCE).until(() -> progressUnchanged() >= unchangedBefore + 1);
        JsonNode running = job(story.jobId());
        assertThat(running.get("progress").get("percent").asInt()).isEqualTo(40);
        assertThat(running.get("operation").asString()).isEqualTo("model-training");
        assertThat(running.get("status").asString()).isEqualTo("RUNNING");
        assertThat(running.get("trainedModel").isNull()).isTrue();

        HttpResponse<String> foreign = get("/v1/jobs/" + story.jobId(), OTHER_TENANT_KEY);
        assertThat(foreign.statusCode()).as("another tenant's training, progress and all").isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("step 400").doesNotContain("IN_PROGRESS");
        assertThat(json(get("/v1/jobs/" + story.jobId(), TENANT_KEY).body()).get("progress").get("percent").asInt())
                .isEqualTo(40);

        publish(trained);
        publish(story.succeeded());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("status").asString())
                .isEqualTo("SUCCEEDED"));
        JsonNode done = job(story.jobId());
        assertThat(done.get("progress").isNull()).as("kept, but no longer running").isTrue();
        assertThat(done.get("trainedModel")).isEqualTo(json("""
                {"kind": "lora-weights", "reference": "https://v3.fal.media/files/lighthouse-style.safetensors",
                 "triggerWord": "LHSTYLE"}"""));
        assertThat(done.get("images")).isEmpty();
        assertThat(done.get("model").asString()).isEqualTo(FAL_TRAINER);
        assertThat(done.get("totalCostUsd").decimalValue()).isEqualByComparingTo("2");
    }

    @Test
    void aBrokenProgressRecordGoesToTheDlqWithItsReasonAndTheNextIsRecorded() throws Exception {
        JobStory story = JobStory.training(INFRA.uniqueName("job"), "studio-north", null, JobStory.REQUESTED_AT);
        story.trains(FAL, FAL_TRAINER, "2", 600_000, new TrainedModel(TrainedModel.Kind.LORA_WEIGHTS,
                "https://v3.fal.media/files/w.safetensors", "LHSTYLE"));
        AttemptProgressed next = story.progressed(1, "IN_PROGRESS", 10, null, 60_000);
        String broken = JsonSerde.instance().writeString(next).replace("\"percent\":10", "\"percent\":150");

        publish(story.requested());
        publish(story.dispatches().get(0));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.PROGRESS.name(), story.jobId(),
                    broken.getBytes(StandardCharsets.UTF_8))).get();
        }
        publish(next);

        try (KafkaTopicReader dlq = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topics.DLQ.name())) {
            ConsumerRecord<String, byte[]> dead = dlq.awaitFirst(record -> story.jobId().equals(record.key())
                    && group.equals(header(record, DlqHeaders.CONSUMER_GROUP)), PATIENCE);
            assertThat(header(dead, DlqHeaders.SOURCE_TOPIC)).isEqualTo(Topics.PROGRESS.name());
            assertThat(header(dead, DlqHeaders.FIELD)).isEqualTo("percent");
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(job(story.jobId()).get("progress").path("percent")
                .asInt()).isEqualTo(10));
    }

    @Test
    void anUnknownJobIsAProblem() {
        HttpResponse<String> response = get("/v1/jobs/no-such-job");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("field").asString()).isEqualTo("jobId");
        assertThat(problem.get("value").asString()).isEqualTo("no-such-job");
        assertThat(problem.get("detail").asString()).contains("no-such-job");
    }

    private double progressUnchanged() {
        Counter counter = meters.find("genpipe.sink.events").tags("event", "progress", "effect", "unchanged").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private JsonNode job(String jobId) {
        HttpResponse<String> response = get("/v1/jobs/" + jobId);
        assertThat(response.statusCode()).as("GET /v1/jobs/%s: %s", jobId, response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode withoutJobId(JsonNode job) {
        ObjectNode copy = (ObjectNode) job.deepCopy();
        copy.remove("jobId");
        return copy;
    }

    private static AttemptResult attempt(JobStory story, int number) {
        return story.attempts().get(number - 1);
    }
}
