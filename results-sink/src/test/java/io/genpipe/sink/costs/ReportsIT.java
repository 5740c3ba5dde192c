package io.genpipe.sink.costs;

import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The cost and stats reports over the real topics, against figures worked out by hand for a small fixture. The
 * costs fixture has a tenant of its own and the stats fixture providers of their own, so the other ITs' rows in the
 * shared database do not enter the figures asserted.
 */
class ReportsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TENANT = INFRA.uniqueName("tenant");
    private static final String P = INFRA.uniqueName("p");
    private static final String Q = INFRA.uniqueName("q");
    private static final String COSTS = "/v1/costs?from=2026-11-22&to=2026-11-23&tenantId=" + TENANT;
    /** A provider, tenant and batch of their own for one job of each operation. */
    private static final String R = INFRA.uniqueName("r");
    private static final String OPERATIONS_TENANT = INFRA.uniqueName("tenant");
    private static final String OPERATIONS_BATCH = INFRA.uniqueName("batch");

    @BeforeAll
    static void fixture() {
        List<JobEvent> events = new ArrayList<>();
        // Billed on 2026-11-22: 0 + 0.04; 0.003; 0.05 with a lost call.
        JobStory one = JobStory.of(INFRA.uniqueName("job"), TENANT, null);
        one.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300);
        one.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000);
        JobStory two = JobStory.of(INFRA.uniqueName("job"), TENANT, null);
        two.succeeds(FAL, FLUX, "0.003", 1_200);
        JobStory four = JobStory.of(INFRA.uniqueName("job"), TENANT, null);
        AttemptSucceeded lost = four.succeeds(OPENAI, GPT_IMAGE, "0.05", 8_000);
        // Billed on 2026-11-23 (fourteen hours after a 10:00Z request): 0.001, then a cost nobody knows.
        JobStory three = JobStory.of(INFRA.uniqueName("job"), TENANT, null);
        three.fails(FAL, FLUX, FailureClass.TIMEOUT, "0.001", 14 * 3_600_000L);
        three.succeeds(OPENAI, GPT_IMAGE, null, 1_000);
        for (JobStory story : List.of(one, two, three)) {
            events.add(story.requested());
            events.addAll(story.attempts());
            events.add(story.succeeded());
        }
        // The lost call was made again: OpenAI bills two calls of 0.05 for the one attempt.
        events.addAll(List.of(four.requested(), lost.withLostCalls(1, new BigDecimal("0.05")).withCalls(List.of(
                four.call(lost, 0, VendorCall.Outcome.LOST, "0.05"),
                four.call(lost, 1, VendorCall.Outcome.ANSWERED, "0.05"))), four.succeeded()));

        // The stats fixture, an hour ago: P succeeds in 1 s and 2 s, fails in 3 s and Q takes the job over.
        Instant hourAgo = Instant.now().minus(Duration.ofMinutes(50));
        for (int i = 0; i < 3; i++) {
            JobStory story = JobStory.requestedAt(INFRA.uniqueName("job"), "stats-tenant", null, hourAgo);
            if (i == 2) {
                story.fails(P, FLUX, FailureClass.RETRYABLE, "0", 3_000);
                story.succeeds(Q, FLUX, "0.005", 1_000);
            } else {
                story.succeeds(P, FLUX, i == 0 ? "0.01" : "0.02", (i + 1) * 1_000L);
            }
            events.add(story.requested());
            events.addAll(story.attempts());
            events.add(story.succeeded());
        }
        // One job of each operation on R, 50 minutes ago: 0.01 for an image, 0.02 for an edited one, and $2 for a
        // training, which makes a model and no image.
        JobStory generate = JobStory.requestedAt(INFRA.uniqueName("job"), OPERATIONS_TENANT, OPERATIONS_BATCH,
                hourAgo);
        generate.succeeds(R, FLUX, "0.01", 1_000);
        JobStory edit = JobStory.editing(INFRA.uniqueName("job"), OPERATIONS_TENANT, OPERATIONS_BATCH, hourAgo);
        edit.succeeds(R, JobStory.FAL_EDIT, "0.02", 2_000);
        JobStory train = JobStory.training(INFRA.uniqueName("job"), OPERATIONS_TENANT, OPERATIONS_BATCH, hourAgo);
        train.trains(R, JobStory.FAL_TRAINER, "2", 600_000, new TrainedModel(TrainedModel.Kind.LORA_WEIGHTS,
                "https://v3.fal.media/files/lighthouse-style.safetensors", "LHSTYLE"));
        for (JobStory story : List.of(generate, edit, train)) {
            events.add(story.requested());
            events.addAll(story.attempts());
            events.add(story.succeeded());
        }
        events.forEach(RunningSink::publish);
    }

    @Test
    void aTrainingsCostIsSpendButBuysNoImage() {
        JsonNode r = await().atMost(PATIENCE).until(() -> provider(json(get("/v1/stats?window=1h").body()), R),
                // Images come from the jobs' outcomes, which may be recorded after the attempts.
                row -> row != null && row.get("succeeded").asLong() == 3 && row.get("images").asLong() == 2);

        assertThat(r.get("images").asLong()).isEqualTo(2);
        assertThat(r.get("costUsd").decimalValue()).as("every cent billed").isEqualByComparingTo("2.03");
        assertThat(r.get("costPerImageUsd").decimalValue()).as("(0.01 + 0.02) / 2: not 2.03 / 2")
                .isEqualByComparingTo("0.015");

        JsonNode batch = await().atMost(PATIENCE).until(() -> json(get("/v1/batches/" + OPERATIONS_BATCH).body()),
                b -> b.path("complete").asBoolean());
        assertThat(batch.get("succeeded").asLong()).isEqualTo(3);
        assertThat(batch.get("totalCostUsd").decimalValue()).isEqualByComparingTo("2.03");
    }

    @Test
    void costsByOperationTellEditsAndTrainingsApart() {
        JsonNode report = await().atMost(PATIENCE).until(
                () -> json(get("/v1/costs?groupBy=operation&tenantId=" + OPERATIONS_TENANT).body()),
                // An outcome read before its request leaves the job's operation unknown (null) for a moment.
                r -> r.get("attempts").asLong() == 3
                        && r.get("groups").valueStream().noneMatch(g -> g.get("operation").isNull()));

        assertThat(report.get("groups")).extracting(g -> g.get("operation").asString(),
                        g -> g.get("costUsd").decimalValue(), g -> g.get("provider").isNull())
                .containsExactly(tuple("image-edit", new BigDecimal("0.02"), true),
                        tuple("model-training", new BigDecimal("2"), true),
                        tuple("text-to-image", new BigDecimal("0.01"), true));
        assertThat(get("/v1/costs?groupBy=operation&format=csv&tenantId=" + OPERATIONS_TENANT).body())
                .startsWith("operation,cost_usd,attempts,").contains("\r\nmodel-training,2,1,0,0,0,,0,0,0,,0\r\n");
    }

    @Test
    void costsByProviderAddUpEveryAttemptOfThePeriodAndSayWhatIsUnknown() {
        JsonNode report = await().atMost(PATIENCE).until(() -> json(get(COSTS + "&groupBy=provider").body()),
                r -> r.get("attempts").asLong() == 6 && r.get("lostVendorCalls").asLong() == 1);

        assertThat(report.get("totalCostUsd").decimalValue()).isEqualByComparingTo("0.094");
        assertThat(report.get("unknownCostAttempts").asLong()).isEqualTo(1);
        assertThat(report.get("failedAttempts").asLong()).isEqualTo(2);
        assertThat(report.get("groups")).hasSize(2);
        JsonNode fal = report.get("groups").get(0);
        assertThat(fal.get("provider").asString()).isEqualTo(FAL);
        assertThat(fal.get("costUsd").decimalValue()).isEqualByComparingTo("0.004");
        assertThat(fal.get("attempts").asLong()).isEqualTo(3);
        assertThat(fal.get("failedAttempts").asLong()).isEqualTo(2);
        assertThat(fal.get("model").isNull()).isTrue();
        JsonNode openai = report.get("groups").get(1);
        assertThat(openai.get("costUsd").decimalValue()).isEqualByComparingTo("0.09");
        assertThat(openai.get("unknownCostAttempts").asLong()).isEqualTo(1);
        assertThat(openai.get("lostVendorCalls").asLong()).isEqualTo(1);
        assertThat(openai.get("lostVendorCallsExpectedCostUsd").decimalValue())
                .as("what the lost call was priced at before it was made").isEqualByComparingTo("0.05");
        assertThat(report.get("lostVendorCallsExpectedCostUsd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(report.get("unpricedLostVendorCalls").asLong()).isZero();
        assertThat(report.get("groups").get(0).get("lostVendorCallsExpectedCostUsd").isNull())
                .as("fal lost no call: nothing expected, not $0").isTrue();
        JsonNode calls = openai.get("vendorCalls");
        assertThat(calls.get("billable").asLong()).as("the one job whose worker reported its calls").isEqualTo(2);
        assertThat(calls.get("duplicates").asLong()).isEqualTo(1);
        assertThat(calls.get("duplicatesCostUsd").decimalValue()).as("paid twice").isEqualByComparingTo("0.05");
        assertThat(report.get("vendorCalls").get("duplicatesCostUsd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(fal.get("vendorCalls").get("duplicatesCostUsd").isNull()).isTrue();
    }

    @Test
    void costsByDayBillEachAttemptOnItsUtcDayAndAPeriodTakesOnlyItsDays() {
        JsonNode byDay = await().atMost(PATIENCE).until(() -> json(get(COSTS + "&groupBy=day").body()),
                r -> r.get("attempts").asLong() == 6);
        assertThat(byDay.get("groups")).extracting(g -> g.get("day").asString(), g -> g.get("costUsd").decimalValue(),
                        g -> g.get("attempts").asLong())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-22", new java.math.BigDecimal("0.093"), 4L),
                        org.assertj.core.groups.Tuple.tuple("2026-11-23", new java.math.BigDecimal("0.001"), 2L));

        JsonNode secondDay = json(get("/v1/costs?from=2026-11-23&to=2026-11-23&groupBy=model&tenantId=" + TENANT)
                .body());
        assertThat(secondDay.get("groups")).extracting(g -> g.get("model").asString())
                .containsExactly(FLUX, GPT_IMAGE);
        assertThat(secondDay.get("groups").get(1).get("costUsd").isNull()).as("no known cost is not $0").isTrue();
        assertThat(secondDay.get("totalCostUsd").decimalValue()).isEqualByComparingTo("0.001");
    }

    @Test
    void costsComeAsCsvForASpreadsheet() {
        await().atMost(PATIENCE).until(() -> json(get(COSTS).body()).get("attempts").asLong() == 6);

        HttpResponse<String> csv = get(COSTS + "&groupBy=tenant&format=csv");

        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/csv"));
        assertThat(csv.body()).isEqualTo("tenant_id,cost_usd,attempts,failed_attempts,unknown_cost_attempts,"
                + "lost_vendor_calls,lost_vendor_calls_expected_cost_usd,unpriced_lost_vendor_calls,"
                + "billable_vendor_calls,duplicate_vendor_calls,duplicate_vendor_calls_cost_usd,"
                + "unpriced_duplicate_vendor_calls\r\n"
                + TENANT + ",0.094,6,2,1,1,0.05,0,2,1,0.05,0\r\n");
    }

    @Test
    void aQueryTheReportCannotAnswerIsAProblemNamingTheParameter() {
        HttpResponse<String> grouping = get("/v1/costs?groupBy=colour");
        assertThat(grouping.statusCode()).isEqualTo(400);
        assertThat(grouping.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(grouping.body()).get("field").asString()).isEqualTo("groupBy");
        assertThat(json(grouping.body()).get("detail").asString()).contains("provider, model, tenant, day, operation");

        assertThat(json(get("/v1/costs?from=2026-11-23&to=2026-11-22").body()).get("field").asString())
                .isEqualTo("to");
        assertThat(json(get("/v1/costs?from=22.11.2026").body()).get("field").asString()).isEqualTo("from");
        assertThat(json(get("/v1/stats?window=forever").body()).get("field").asString()).isEqualTo("window");
        assertThat(get("/v1/stats?window=90d").statusCode()).isEqualTo(400);
    }

    @Test
    void statsShowEachProvidersSuccessRateTimesCostPerImageAndFallbacks() {
        JsonNode p = await().atMost(PATIENCE).until(() -> provider(json(get("/v1/stats?window=1h").body()), P),
                row -> row != null && row.get("attempts").asLong() == 3 && row.get("images").asLong() == 2);

        assertThat(p.get("succeeded").asLong()).isEqualTo(2);
        assertThat(p.get("successRate").asDouble()).isEqualTo(0.6667);
        assertThat(p.get("averageLatencyMs").asLong()).isEqualTo(2_000);
        assertThat(p.get("p95LatencyMs").asLong()).isEqualTo(2_900);
        assertThat(p.get("costUsd").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(p.get("costPerImageUsd").decimalValue()).isEqualByComparingTo("0.015");
        assertThat(p.get("fallbackRate").asDouble()).isEqualTo(0.3333);
        JsonNode q = provider(json(get("/v1/stats?window=1h").body()), Q);
        assertThat(q.get("fallbackRate").asDouble()).isZero();
        assertThat(q.get("successRate").asDouble()).isEqualTo(1.0);

        JsonNode all = provider(json(get("/v1/stats?window=1h").body()), "all");
        assertThat(all.get("attempts").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(provider(json(get("/v1/stats?window=10m").body()), P)).as("50 minutes ago is not in 10m").isNull();
        assertThat(get("/v1/stats?window=1h").headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(get("/v1/stats?window=1h&format=csv").body()).startsWith("provider,attempts,succeeded,success_rate");
    }

    private static JsonNode provider(JsonNode stats, String name) {
        for (JsonNode row : stats.get("providers")) {
            if (row.get("provider").asString().equals(name)) {
                return row;
            }
        }
        return null;
    }
}
