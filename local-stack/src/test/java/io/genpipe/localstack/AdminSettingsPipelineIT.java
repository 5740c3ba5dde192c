package io.genpipe.localstack;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A settings change reaching the router: an admin disables fal through the ingress's admin API, and the router, which
 * reads the settings topic, sends the next jobs to OpenAI without a restart; re-enabled, fal gets them again.
 */
class AdminSettingsPipelineIT {

    private final TestPipeline pipeline = TestPipeline.shared();
    private final PipelineHttp admin = pipeline.pipeline().adminHttp();

    @Test
    void aProviderDisabledThroughTheAdminApiGetsNoWorkUntilItIsEnabledAgain() {
        try {
            HttpResponse<String> disabled = admin.send(HttpRequest.newBuilder(falSettings())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":false,\"reason\":\"AdminSettingsPipelineIT\"}"))
                    .build());
            assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode job = submitAndFinish();
                assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(job.path("provider").asString()).isEqualTo("openai");
                assertThat(job.path("attempts")).hasSize(1);
                assertThat(job.path("attempts").get(0).path("dispatchReason").asString())
                        .contains("fal is disabled by an operator (AdminSettingsPipelineIT)");
            });

            assertThat(reset().statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(submitAndFinish().path("provider").asString()).isEqualTo("fal"));
        } finally {
            // The pipeline is shared by every local-stack IT: leave fal as the catalog has it, whatever happened.
            reset();
        }
    }

    @Test
    void presetsAndDefaultStepsSetThroughTheAdminApiAreWhatTheIngressListsAndTheRouterSends() {
        try {
            HttpResponse<String> changed = admin.send(HttpRequest.newBuilder(falSettings())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("""
                            {"enabled":true,"reason":"AdminSettingsPipelineIT",
                             "defaultSteps":{"fal-ai/flux/schnell":3},
                             "presets":{"text-to-image":{"fast":{"model":"fal-ai/qwen-image","steps":7}}}}
                            """))
                    .build());
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

            // The ingress lists the preset as the operators made it, and the router sends what it says.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode fast = TestPipeline.JSON.readTree(admin.send(HttpRequest.newBuilder(
                                pipeline.pipeline().ingressUrl().resolve("/v1/models")).GET().build()).body())
                        .path("presets").path("text-to-image").path("fast").get(0);
                assertThat(fast.path("model").asString()).isEqualTo("fal-ai/qwen-image");
                assertThat(fast.path("steps").asInt()).isEqualTo(7);
            });
            String preset = submit("{\"prompt\":\"a kite\",\"routing\":{\"preset\":\"fast\"}}");
            String plain = submit("{\"prompt\":\"a kite\"}");
            JsonNode presetJob = pipeline.awaitFinishedJob(preset, Duration.ofSeconds(30));
            assertThat(presetJob.path("attempts").get(0).path("model").asString()).isEqualTo("fal-ai/qwen-image");
            pipeline.awaitFinishedJob(plain, Duration.ofSeconds(30));
            assertThat(dispatchedSteps(preset)).as("the preset's steps").isEqualTo(7);
            assertThat(dispatchedSteps(plain)).as("the operators' default for flux/schnell").isEqualTo(3);
        } finally {
            reset();
        }
    }

    private String submit(String body) {
        String jobId = "admin-presets-" + UUID.randomUUID();
        HttpResponse<String> accepted = pipeline.post("/v1/jobs",
                "{\"jobId\":\"" + jobId + "\"," + body.substring(1));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return jobId;
    }

    private static int dispatchedSteps(String jobId) {
        try (KafkaTopicReader dispatches = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(),
                Topics.dispatch("fal").name())) {
            return JsonSerde.instance().read(dispatches.awaitKey(jobId, Duration.ofSeconds(10)).value(),
                    AttemptDispatched.class).params().steps();
        }
    }

    private HttpResponse<String> reset() {
        return admin.send(HttpRequest.newBuilder(falSettings()).DELETE().build());
    }

    private URI falSettings() {
        return pipeline.pipeline().ingressUrl().resolve("/v1/admin/providers/fal/settings");
    }

    private JsonNode submitAndFinish() {
        String jobId = "admin-settings-" + UUID.randomUUID();
        HttpResponse<String> accepted = pipeline.post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a kite\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        // The dispatch reaches the sink on its own topic, possibly after the outcome: a job without its reason yet is
        // followed by another.
        return pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(30));
    }
}
