package io.genpipe.sink.jobs;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/jobs} and {@code GET /v1/experiments}, the lists the ingress's dashboard shows: the newest jobs with
 * their attempts and the router's reasons, and the experiments recorded, each only for the caller's tenant.
 */
class RecentJobsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Instant EARLIER = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    @Test
    void listsTheNewestJobsFirstWithTheirAttemptsAndWhyEachWentWhereItDid() {
        String tenant = INFRA.uniqueName("recent");
        JobStory oldest = JobStory.requestedAt(INFRA.uniqueName("job"), tenant, null, EARLIER);
        oldest.succeeds(FAL, FLUX, "0.003", 1_000);
        JobStory fellBack = JobStory.requestedAt(INFRA.uniqueName("job"), tenant, "batch-r", EARLIER.plusSeconds(1))
                .inExperiment("fal-vs-openai", "a");
        fellBack.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300);
        fellBack.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000);
        JobStory queued = JobStory.requestedAt(INFRA.uniqueName("job"), tenant, null, EARLIER.plusSeconds(2));
        publish(oldest.requested());
        oldest.attempts().forEach(RunningSink::publish);
        publish(oldest.succeeded());
        publish(fellBack.requested());
        fellBack.dispatches().forEach(RunningSink::publish);
        fellBack.attempts().forEach(RunningSink::publish);
        publish(fellBack.succeeded());
        publish(queued.requested());

        JsonNode page = await().atMost(PATIENCE).until(() -> json(get("/v1/jobs?limit=2&tenantId=" + tenant).body()),
                answer -> answer.get("jobs").size() == 2
                        && answer.get("jobs").get(1).get("attempts").size() == 2
                        && answer.get("jobs").get(1).get("attempts").get(1).get("dispatchReason").isString()
                        && answer.get("jobs").get(1).get("status").asString().equals("SUCCEEDED"));

        assertThat(page.get("tenantId").asString()).isEqualTo(tenant);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("jobs").valueStream().map(job -> job.get("jobId").asString()))
                .as("newest request first; the oldest is past the limit")
                .containsExactly(queued.jobId(), fellBack.jobId());
        assertThat(page.get("jobs").get(0).get("status").asString()).isEqualTo("QUEUED");
        assertThat(page.get("jobs").get(0).get("attempts")).isEmpty();
        assertThat(page.get("jobs").get(1)).isEqualTo(json("""
                {"jobId": "%s", "status": "SUCCEEDED", "tenantId": "%s", "batchId": "batch-r",
                 "operation": "text-to-image", "provider": "openai", "model": "gpt-image-1", "totalCostUsd": 0.04,
                 "unknownCostAttempts": 0, "lostVendorCalls": 0, "failureClass": null, "failureReason": null,
                 "requestedAt": "%s", "completedAt": "%s", "durationMs": 9350,
                 "experiment": {"experiment": "fal-vs-openai", "arm": "a"},
                 "attempts": [
                   {"attempt": 1, "provider": "fal", "model": "fal-ai/flux/schnell", "status": "FAILED",
                    "failureClass": "RATE_LIMITED", "reason": "fal said no", "costUsd": 0, "costKnown": true,
                    "latencyMs": 300, "dispatchReason": "cheapest qualifying: fal"},
                   {"attempt": 2, "provider": "openai", "model": "gpt-image-1", "status": "SUCCEEDED",
                    "failureClass": null, "reason": null, "costUsd": 0.04, "costKnown": true, "latencyMs": 9000,
                    "dispatchReason": "cheapest qualifying: openai"}]}
                """.formatted(fellBack.jobId(), tenant, fellBack.requested().occurredAt(), fellBack.completedAt())));
    }

    @Test
    void aTenantListsOnlyItsOwnJobsAndExperimentsWhateverItAsks() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String experiment = INFRA.uniqueName("exp");
        String othersExperiment = INFRA.uniqueName("exp");
        JobStory own = JobStory.requestedAt(INFRA.uniqueName("job"), "acme", null, now)
                .inExperiment(experiment, "b");
        own.succeeds(FAL, FLUX, "0.003", 1_000);
        JobStory others = JobStory.requestedAt(INFRA.uniqueName("job"), "beta", null, now)
                .inExperiment(othersExperiment, "a");
        others.succeeds(FAL, FLUX, "0.003", 1_000);
        publish(own.requested());
        own.attempts().forEach(RunningSink::publish);
        publish(own.succeeded());
        publish(others.requested());
        publish(others.dispatches().get(0)); // in flight: the dispatch carries its arm

        JsonNode listed = await().atMost(PATIENCE).until(
                () -> json(get("/v1/jobs?limit=100&tenantId=beta", TENANT_KEY).body()),
                answer -> answer.get("jobs").valueStream()
                        .anyMatch(job -> job.get("jobId").asString().equals(own.jobId())
                                && job.get("status").asString().equals("SUCCEEDED")));
        assertThat(listed.get("tenantId").asString()).as("a tenant's own, whatever it named").isEqualTo("acme");
        assertThat(listed.get("jobs").valueStream().map(job -> job.get("tenantId").asString())).containsOnly("acme");
        await().atMost(PATIENCE).until(() -> json(get("/v1/jobs?tenantId=beta").body()).get("jobs").valueStream()
                .anyMatch(job -> job.get("jobId").asString().equals(others.jobId())));

        JsonNode experiments = json(get("/v1/experiments", TENANT_KEY).body());
        assertThat(experiments.get("experiments").valueStream().map(row -> row.get("experiment").asString()))
                .contains(experiment).doesNotContain(othersExperiment);
        JsonNode row = experiments.get("experiments").valueStream()
                .filter(candidate -> candidate.get("experiment").asString().equals(experiment)).findFirst()
                .orElseThrow();
        assertThat(row.get("jobs").asLong()).isEqualTo(1);
        assertThat(row.get("arms").valueStream().map(JsonNode::asString)).containsExactly("b");
        assertThat(Instant.parse(row.get("lastRequestedAt").asString())).isEqualTo(own.requested().occurredAt());
        assertThat(json(get("/v1/experiments").body()).get("experiments").valueStream()
                .map(candidate -> candidate.get("experiment").asString()))
                .as("an admin's: every tenant's").contains(experiment, othersExperiment);
    }

    @Test
    void aLimitOutsideOneToAHundredIsA400NamingIt() {
        for (String limit : new String[] {"0", "101", "ten"}) {
            HttpResponse<String> response = get("/v1/jobs?limit=" + limit, TENANT_KEY);
            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response.body()).get("field").asString()).isEqualTo("limit");
            assertThat(json(response.body()).get("value").asString()).isEqualTo(limit);
        }
        assertThat(get("/v1/jobs", null).statusCode()).as("no key").isEqualTo(401);
    }
}
