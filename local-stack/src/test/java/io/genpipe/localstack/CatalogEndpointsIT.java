package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog as a caller meets it on the whole local run: the models it lists with their live availability (from
 * the workers' health), estimates, refusals, and a job for a model no route uses yet, done and billed by its price.
 */
class CatalogEndpointsIT {

    private final TestPipeline pipeline = TestPipeline.shared();
    private final PipelineHttp http = pipeline.pipeline().tenantHttp();

    @Test
    void theModelsTheWorkersServeAreListedAvailableWithTheirPricesAndShutDownOnesAreNot() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode models = get("/v1/models").path("models");
            assertThat(model(models, "fal-ai/flux/schnell").path("availability").path("available").asBoolean()).isTrue();
            assertThat(model(models, "gpt-image-2").path("availability").path("available").asBoolean()).isTrue();
        });
        JsonNode models = get("/v1/models").path("models");
        assertThat(model(models, "fal-ai/flux/schnell").path("defaultJobCost").decimalValue())
                .isEqualByComparingTo("0.003");
        assertThat(model(models, "gpt-image-2").path("price").path("description").asString())
                .contains("image out $30");
        JsonNode mini = model(models, "gpt-image-1-mini");
        assertThat(mini.path("lifecycle").path("status").asString()).isEqualTo("SHUT_DOWN");
        assertThat(mini.path("availability").path("available").asBoolean()).isFalse();
        assertThat(models).allSatisfy(model -> assertThat(model.path("price").path("description").asString())
                .as(model.path("id").asString()).isNotBlank());
    }

    @Test
    void theDefaultRunServesEveryCatalogProviderOnTheSimulatorSoModelsAndHealthShowAllEight() {
        Set<String> catalog = CatalogFiles.defaults().providers().keySet();
        assertThat(catalog).hasSize(8);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Set<String> available = new TreeSet<>();
            get("/v1/models?available=true").path("models")
                    .forEach(model -> available.add(model.path("provider").asString()));
            Map<String, String> health = new TreeMap<>();
            get("/v1/providers/health").path("providers").forEach(provider -> health.put(
                    provider.path("provider").asString(),
                    provider.path("state").asString() + (provider.path("liveWorkers").asInt() > 0 ? ", live" : "")));
            JsonNode circuits = JSON.readTree(pipeline.getFromWorkers("/actuator/health").body())
                    .path("components").path("providers").path("details");

            assertThat(available).containsExactlyInAnyOrderElementsOf(catalog);
            assertThat(health).containsOnlyKeys(catalog).allSatisfy((provider, state) ->
                    assertThat(state).as(provider).isEqualTo("UP, live"));
            assertThat(catalog).allSatisfy(provider ->
                    assertThat(circuits.path(provider).asString()).as(provider).isEqualTo("UP"));
        });
    }

    @Test
    void twentyThreePortraitsAreEstimatedOnTheModelTheRouterWouldChoose() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode estimate = JSON.readTree(pipeline.post("/v1/estimate", "{\"count\":23}").body());
            assertThat(estimate.path("chosen").path("model").asString()).isEqualTo("fal-ai/flux/schnell");
            assertThat(estimate.path("chosen").path("total").decimalValue()).isEqualByComparingTo("0.069");
            assertThat(estimate.path("summary").asString()).contains("$0.069");
        });
    }

    @Test
    void aJobNoModelCanDoIsRefusedAndAShutDownModelNamesItsReplacement() {
        HttpResponse<String> tooLarge = pipeline.post("/v1/jobs",
                "{\"prompt\":\"a lighthouse\",\"params\":{\"width\":4096,\"height\":4096}}");
        HttpResponse<String> retired = pipeline.post("/v1/jobs", "{\"prompt\":\"a lighthouse\",\"model\":\"gpt-image-1\"}");

        assertThat(tooLarge.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(tooLarge.body()).path("detail").asString())
                .isEqualTo("params: fal:fal-ai/flux/schnell allows at most 2048x2048, asked 4096x4096");
        assertThat(retired.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(retired.body()).path("replacement").asString()).isEqualTo("gpt-image-2");
    }

    @Test
    void aJobMayNameAReplacementNoRouteUsesYetAndIsBilledAtItsCatalogPrice() {
        String jobId = "e2e-flare-" + UUID.randomUUID();

        HttpResponse<String> accepted = pipeline.post("/v1/jobs", "{\"jobId\":\"" + jobId
                + "\",\"prompt\":\"a lighthouse at dawn\",\"model\":\"gpt-image-2.6-flare\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(60));
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("provider").asString()).isEqualTo("openai");
        assertThat(job.path("model").asString()).isEqualTo("gpt-image-2.6-flare");
        assertThat(job.path("unknownCostAttempts").asInt()).isZero();
        // The simulator reports OpenAI's usage: low quality, 272 output tokens at $30/M plus prompt tokens at $5/M.
        assertThat(job.path("totalCostUsd").decimalValue()).isBetween(new BigDecimal("0.00816"),
                new BigDecimal("0.0083"));
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(pipeline.pipeline().ingressUrl().resolve(path))
                .GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode model(JsonNode models, String id) {
        for (JsonNode model : models) {
            if (model.path("id").asString().equals(id)) {
                return model;
            }
        }
        throw new AssertionError("no model " + id + " in " + models);
    }
}
