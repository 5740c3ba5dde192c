package io.genpipe.sink.experiments;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * Seed 001's A/B test end to end: jobs of two arms through the real topics, people's ratings over HTTP, and the arms
 * compared against figures worked out by hand.
 */
class ExperimentsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String EXPERIMENT = INFRA.uniqueName("fal-vs-openai");
    private static final List<JobStory> A = new ArrayList<>();
    private static final List<JobStory> B = new ArrayList<>();
    private static JobStory failedInB;
    private static JobStory running;

    @BeforeAll
    static void twoArms() {
        List<JobEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JobStory a = JobStory.of(INFRA.uniqueName("job"), "studio-north", null).inExperiment(EXPERIMENT, "a");
            a.succeeds(FAL, FLUX, "0.003", 1_000); // 1,050 ms from request to outcome
            A.add(a);
        }
        for (int i = 0; i < 2; i++) {
            JobStory b = JobStory.of(INFRA.uniqueName("job"), "studio-north", null).inExperiment(EXPERIMENT, "b");
            b.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000); // 9,050 ms
            B.add(b);
        }
        failedInB = JobStory.of(INFRA.uniqueName("job"), "studio-north", null).inExperiment(EXPERIMENT, "b");
        failedInB.fails(OPENAI, GPT_IMAGE, FailureClass.TIMEOUT, "0.001", 500); // 550 ms
        running = JobStory.of(INFRA.uniqueName("job"), "studio-north", null).inExperiment(EXPERIMENT + "-x", "a");
        running.succeeds(FAL, FLUX, "0.003", 1_000);

        for (JobStory story : List.of(A.get(0), A.get(1), A.get(2), B.get(0), B.get(1))) {
            events.add(story.requested());
            events.addAll(story.attempts());
            events.add(story.succeeded());
        }
        events.add(failedInB.requested());
        events.addAll(failedInB.attempts());
        events.add(failedInB.failed("no provider left"));
        events.add(running.requested());
        events.addAll(running.dispatches());
        events.forEach(RunningSink::publish);
    }

    @Test
    void theArmsAreComparedBySatisfactionTimeAndCost() {
        awaitFinished();
        assertThat(rate(A.get(0), "thumbs_up").statusCode()).isEqualTo(200);
        rate(A.get(1), "thumbs_up");
        JsonNode changed = json(rate(A.get(1), "thumbs_down").body()); // a change of mind counts, once
        assertThat(changed.get("rating").asString()).isEqualTo("thumbs_down");
        assertThat(changed.get("changes").asInt()).isEqualTo(1);
        assertThat(json(get("/v1/jobs/" + A.get(1).jobId()).body()).get("rating").asString()).isEqualTo("thumbs_down");
        assertThat(json(get("/v1/jobs/" + A.get(2).jobId()).body()).get("rating").isNull()).isTrue();
        rate(B.get(0), "thumbs_up");
        rate(B.get(1), "thumbs_up");
        rate(B.get(1), "thumbs_up");

        JsonNode report = json(get("/v1/experiments/" + EXPERIMENT).body());

        JsonNode a = report.get("arms").get(0);
        assertThat(a.get("arm").asString()).isEqualTo("a");
        assertThat(a.get("jobs").asLong()).isEqualTo(3);
        assertThat(a.get("rated").asLong()).isEqualTo(2);
        assertThat(a.get("positive").asLong()).isEqualTo(1);
        assertThat(a.get("positiveRatio").asDouble()).isEqualTo(0.5);
        assertThat(a.get("averageDurationMs").asLong()).isEqualTo(1_050);
        assertThat(a.get("averageCostUsd").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(a.get("providers").get(0).asString()).isEqualTo(FAL);
        JsonNode b = report.get("arms").get(1);
        assertThat(b.get("jobs").asLong()).isEqualTo(3);
        assertThat(b.get("succeeded").asLong()).isEqualTo(2);
        assertThat(b.get("failed").asLong()).isEqualTo(1);
        assertThat(b.get("positiveRatio").asDouble()).isEqualTo(1.0);
        assertThat(b.get("averageDurationMs").asLong()).isEqualTo(6_217); // (9,050 + 9,050 + 550) / 3
        assertThat(b.get("averageCostUsd").decimalValue()).isEqualByComparingTo("0.027");
        assertThat(report.get("best").get("satisfaction").asString()).isEqualTo("b");
        assertThat(report.get("best").get("speed").asString()).isEqualTo("a");
        assertThat(report.get("best").get("cost").asString()).isEqualTo("a");

        HttpResponse<String> csv = get("/v1/experiments/" + EXPERIMENT + "?format=csv");
        assertThat(csv.body()).startsWith("arm,jobs,succeeded,failed,rated,positive,positive_ratio,")
                .contains("\r\na,3,3,0,2,1,0.5,1050,0.003,0,fal\r\n");
    }

    @Test
    void onlyAJobThatMadeImagesCanBeRatedAndOnlyWithARating() {
        awaitFinished();
        await().atMost(PATIENCE).until(() -> get("/v1/jobs/" + running.jobId()).statusCode() == 200);

        HttpResponse<String> failed = rate(failedInB, "thumbs_up");
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(json(failed.body()).get("status").asString()).isEqualTo("FAILED");
        assertThat(rate(running, "thumbs_up").statusCode()).isEqualTo(409);
        assertThat(post("/v1/jobs/no-such-job/rating", "{\"rating\":\"thumbs_up\"}").statusCode()).isEqualTo(404);

        for (String body : List.of("{\"rating\":\"meh\"}", "{\"rating\":1}", "{}", "[]")) {
            HttpResponse<String> refused = post("/v1/jobs/" + A.get(2).jobId() + "/rating", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(json(refused.body()).get("field").asString()).as(body).isEqualTo("rating");
        }
        assertThat(get("/v1/experiments/" + INFRA.uniqueName("none")).statusCode()).isEqualTo(404);
    }

    private void awaitFinished() {
        await().atMost(PATIENCE).until(() -> {
            JsonNode report = json(get("/v1/experiments/" + EXPERIMENT).body());
            return report.has("arms") && report.get("arms").size() == 2
                    && report.get("arms").get(0).get("succeeded").asLong() == 3
                    && report.get("arms").get(1).get("failed").asLong() == 1
                    && report.get("arms").get(1).get("succeeded").asLong() == 2;
        });
    }

    private HttpResponse<String> rate(JobStory story, String rating) {
        return post("/v1/jobs/" + story.jobId() + "/rating", "{\"rating\":\"" + rating + "\"}");
    }
}
