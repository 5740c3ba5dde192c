package io.genpipe.ingress.estimate;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.ingress.RunningIngressWithWorkers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /v1/estimate} over HTTP, on the local run's catalog, with health read from the real health topic. */
class EstimateIT extends RunningIngressWithWorkers {

    @Test
    void twentyThreeDefaultJobsGoToFalWhileItIsUp() {
        health.report("fal", HealthState.UP, "");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode estimate = ok(post("/v1/estimate", "{\"count\":23}"));
            assertThat(estimate.path("candidates").get(0).path("health").path("status").asString()).isEqualTo("UP");
            JsonNode chosen = estimate.path("chosen");
            assertThat(chosen.path("provider").asString()).isEqualTo("fal");
            assertThat(chosen.path("model").asString()).isEqualTo("fal-ai/flux/schnell");
            assertThat(chosen.path("costPerJob").decimalValue()).isEqualByComparingTo("0.003");
            assertThat(chosen.path("total").decimalValue()).isEqualByComparingTo("0.069");
            assertThat(estimate.path("summary").asString())
                    .isEqualTo("Generate 23 images — generation cost $0.069 (fal:fal-ai/flux/schnell)");
        });
    }

    @Test
    void whileFalIsDownTheEstimateNamesTheNextCandidate() {
        health.report("fal", HealthState.DOWN, "circuit open");
        health.report("openai", HealthState.UP, ""); // a provider no live worker reports on is passed over too

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode chosen = ok(post("/v1/estimate", "{\"count\":23,\"prompt\":\"\"}")).path("chosen");
            assertThat(chosen.path("model").asString()).isEqualTo("gpt-image-2");
            assertThat(chosen.path("total").decimalValue()).isEqualByComparingTo("0.187795");
            assertThat(chosen.path("why").asString()).contains("fal:fal-ai/flux/schnell is DOWN (circuit open)");
        });
    }

    @Test
    void aQualityPresetIsEstimatedOnItsModelWithItsSteps() {
        health.report("fal", HealthState.UP, "");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode estimate = ok(post("/v1/estimate", "{\"count\":2,\"routing\":{\"preset\":\"high\"}}"));
            assertThat(estimate.path("chosen").path("model").asString()).isEqualTo("fal-ai/qwen-image");
            assertThat(estimate.path("chosen").path("total").decimalValue()).isEqualByComparingTo("0.04");
        });
    }

    @Test
    void anEmptyBodyEstimatesOneDefaultJob() {
        JsonNode estimate = ok(post("/v1/estimate", ""));

        assertThat(estimate.path("jobs").asInt()).isEqualTo(1);
        assertThat(estimate.path("size").asString()).isEqualTo("1024x1024");
        assertThat(estimate.path("candidates")).hasSize(2);
        assertThat(estimate.path("candidates").get(1).path("costPerJob").decimalValue()).isEqualByComparingTo("0.008165");
    }

    @Test
    void jobsNoModelFitsGetTheSubmissionsRefusal() {
        HttpResponse<String> response = post("/v1/estimate", "{\"params\":{\"width\":4096,\"height\":4096}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("field").asString()).isEqualTo("params");
        assertThat(json(response).path("detail").asString())
                .isEqualTo("params: fal:fal-ai/flux/schnell allows at most 2048x2048, asked 4096x4096");
    }

    @Test
    void aCountOutsideOneToTheBatchSizeIsRefusedNamingIt() {
        for (String body : new String[] {"{\"count\":0}", "{\"count\":1001}", "{\"count\":\"many\"}"}) {
            HttpResponse<String> response = post("/v1/estimate", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("field").asString()).as(body).isEqualTo("count");
        }
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
