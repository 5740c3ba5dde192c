package io.genpipe.ingress.models;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.ingress.RunningIngressWithWorkers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /v1/models} over HTTP, on the local run's catalog, with health read from the real health topic. */
class ModelsIT extends RunningIngressWithWorkers {

    @Test
    void listsTheCatalogsModelsWithPricesAndLifecycle() {
        HttpResponse<String> response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode models = json(response).path("models");
        JsonNode flux = model(models, "fal-ai/flux/schnell");
        assertThat(flux.path("provider").asString()).isEqualTo("fal");
        assertThat(flux.path("price").path("description").asString()).isEqualTo("$0.003 per megapixel");
        assertThat(flux.path("price").path("source").asString()).isNotBlank();
        assertThat(flux.path("defaultJobCost").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(flux.path("costUnknown").asBoolean()).isFalse();
        assertThat(flux.path("expectedTime").path("p50Ms").asLong()).isEqualTo(1500);
        assertThat(flux.path("routes").get(0).path("priority").asInt()).isEqualTo(1);
        JsonNode gpt = model(models, "gpt-image-2");
        assertThat(gpt.path("provider").asString()).isEqualTo("openai");
        assertThat(gpt.path("defaultJobCost").decimalValue()).isEqualByComparingTo("0.008165");
        assertThat(gpt.path("sizes").path("listed").toString()).isEqualTo("[\"1024x1024\",\"1536x1024\",\"1024x1536\"]");
        assertThat(gpt.path("lifecycle").path("status").asString()).isEqualTo("ACTIVE");
        JsonNode mini = model(models, "gpt-image-1-mini");
        assertThat(mini.path("lifecycle").path("status").asString()).isEqualTo("SHUT_DOWN");
        assertThat(mini.path("lifecycle").path("shutdownOn").asString()).isEqualTo("2026-12-01");
        assertThat(mini.path("lifecycle").path("replacement").asString()).isEqualTo("gpt-image-2.6-flare");
        assertThat(mini.path("availability").path("available").asBoolean()).isFalse();
        assertThat(mini.path("availability").path("reason").asString())
                .isEqualTo("model shut down on 2026-12-01; replacement gpt-image-2.6-flare");
    }

    @Test
    void aProviderIsAvailableWhileALiveWorkerReportsItUp() {
        JsonNode gpt = model(json(get("/v1/models")).path("models"), "gpt-image-2");
        assertThat(gpt.path("availability").path("available").asBoolean()).isFalse();
        assertThat(gpt.path("availability").path("reason").asString()).isEqualTo("no live worker reports on it");
        assertThat(gpt.path("availability").path("providerHealth").path("status").asString()).isEqualTo("UNKNOWN");

        health.report("fal", HealthState.UP, "");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode answer = json(get("/v1/models?available=true"));
            assertThat(answer.path("models")).extracting(model -> model.path("id").asString())
                    .containsExactly("fal-ai/flux/schnell", "fal-ai/qwen-image", "fal-ai/flux-lora",
                            "fal-ai/qwen-image-edit", "fal-ai/flux-lora-fast-training");
            assertThat(answer.path("totalAvailable").asInt()).isEqualTo(5);
        });

        health.close();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(json(get("/v1/models?available=true")).path("totalAvailable").asInt()).isZero());
    }

    @Test
    void aProviderReportedDownIsUnavailableWithTheWorkersReason() {
        health.report("fal", HealthState.DOWN, "circuit open: failure rate 100% over 5 calls");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode availability = model(json(get("/v1/models")).path("models"), "fal-ai/flux/schnell")
                    .path("availability");
            assertThat(availability.path("available").asBoolean()).isFalse();
            assertThat(availability.path("reason").asString()).isEqualTo("circuit open: failure rate 100% over 5 calls");
            assertThat(availability.path("providerHealth").path("status").asString()).isEqualTo("DOWN");
        });
    }

    @Test
    void anUnknownOperationFilterIsRefusedNamingIt() {
        HttpResponse<String> response = get("/v1/models?operation=text-to-sound");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("field").asString()).isEqualTo("operation");
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
