package io.genpipe.localstack;

import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6's "done when", through the whole local run: an image uploaded to the ingress is edited, a model is trained
 * on uploads and its LoRA weights generate an image, and each fails over to the second vendor of its route (image-edit:
 * fal then OpenAI; model-training: fal then Replicate) while the first is down.
 */
class EditAndTrainingPipelineIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @AfterEach
    void falHealthyAgain() {
        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy());
        // Leave fal's circuit closed for the tests after this one.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(finished(textToImage()).path("provider").asString()).isEqualTo("fal");
            assertThat(falCircuit()).isEqualTo("UP");
        });
    }

    @Test
    void anUploadedImageIsEditedAndTheEditFailsOverWhileFalIsDown() {
        String upload = upload(640, 480);
        String edit = "{\"jobId\":\"%s\",\"operation\":\"image-edit\",\"prompt\":\"a snowy mountain behind the subject\","
                + "\"inputs\":{\"images\":[\"" + upload + "\"]}}";

        JsonNode onFal = finished(submit(edit));

        assertThat(onFal.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(onFal.path("provider").asString()).isEqualTo("fal");
        assertThat(onFal.path("model").asString()).isEqualTo("fal-ai/qwen-image-edit");
        assertThat(onFal.path("images")).hasSize(1);

        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy().withOutage(true));
        JsonNode failedOver = finished(submit(edit));

        assertThat(failedOver.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(failedOver.path("provider").asString()).isEqualTo("openai");
        assertThat(failedOver.path("model").asString()).isEqualTo("gpt-image-2");
        assertThat(failedOver.path("images")).hasSize(1);
    }

    @Test
    void aModelTrainedOnUploadsGeneratesWithItsWeightsAndTrainingFailsOverWhileFalIsDown() {
        String training = "{\"jobId\":\"%s\",\"operation\":\"model-training\",\"inputs\":{\"images\":[\""
                + upload(512, 512) + "\",\"" + upload(512, 512) + "\"],"
                + "\"training\":{\"name\":\"kite-lora\",\"triggerWord\":\"KTE\"}}}";

        JsonNode onFal = finished(submit(training));

        assertThat(onFal.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(onFal.path("provider").asString()).isEqualTo("fal");
        JsonNode trained = onFal.path("trainedModel");
        assertThat(trained.path("kind").asString()).isEqualTo("lora-weights");
        assertThat(trained.path("triggerWord").asString()).isEqualTo("KTE");
        assertThat(trained.path("reference").asString()).startsWith("http");
        assertThat(onFal.path("totalCostUsd").decimalValue()).isEqualByComparingTo("2");

        JsonNode withLora = finished(submit("{\"jobId\":\"%s\",\"prompt\":\"KTE over the dunes\","
                + "\"model\":\"fal-ai/flux-lora\",\"inputs\":{\"loras\":[{\"url\":\""
                + trained.path("reference").asString() + "\"}]}}"));
        assertThat(withLora.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(withLora.path("model").asString()).isEqualTo("fal-ai/flux-lora");

        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy().withOutage(true));
        JsonNode failedOver = finished(submit(training));

        assertThat(failedOver.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(failedOver.path("provider").asString()).isEqualTo("replicate");
        assertThat(failedOver.path("trainedModel").path("reference").asString()).startsWith("http");
    }

    /** Submits {@code template} with a fresh job id in its {@code %s}, and returns the id. */
    private String submit(String template) {
        String jobId = "edit-train-" + UUID.randomUUID();
        HttpResponse<String> response = pipeline.post("/v1/jobs", template.formatted(jobId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return jobId;
    }

    private String textToImage() {
        return submit("{\"jobId\":\"%s\",\"prompt\":\"a red kite\"}");
    }

    private JsonNode finished(String jobId) {
        return pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(45));
    }

    /** Uploads a PNG of that size as the local tenant, and returns the reference a job names it by. */
    private String upload(int width, int height) {
        HttpResponse<String> response = pipeline.send(HttpRequest.newBuilder(pipeline.pipeline().ingressUrl()
                        .resolve("/v1/uploads"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png(width, height))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("uri").asString();
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(width / 2, height / 2, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** fal's circuit as the workers' health endpoint shows it: UP, PROBING or DOWN. */
    private String falCircuit() {
        JsonNode health = JSON.readTree(pipeline.getFromWorkers("/actuator/health").body());
        return health.path("components").path("providers").path("details").path("fal").asString();
    }
}
