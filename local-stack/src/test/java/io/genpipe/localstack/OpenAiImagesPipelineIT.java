package io.genpipe.localstack;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingress's OpenAI-compatible endpoint through the whole pipeline: the router, the provider workers, the vendor
 * simulator and the sink, in the request shapes the official OpenAI SDKs send. api-ingress's {@code OpenAiImagesIT}
 * covers each answer in detail.
 */
class OpenAiImagesPipelineIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @Test
    void theRouteAnswersBase64ImagesOfAJobTheSinkRecordsAndBills() throws Exception {
        HttpResponse<String> response = pipeline.post("/v1/images/generations",
                "{\"prompt\":\"A cute baby sea otter\",\"n\":2,\"size\":\"1024x1024\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).path("data");
        assertThat(data).hasSize(2);
        for (JsonNode image : data) {
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    image.path("b64_json").asString())))).as("a decodable image").isNotNull();
        }
        String jobId = response.headers().firstValue("X-Genpipe-Job-Id").orElseThrow();
        JsonNode job = pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(30));
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("provider").asString()).isEqualTo("fal");
        assertThat(job.path("totalCostUsd").decimalValue()).isPositive();
    }

    @Test
    void openAisOwnModelAsAUrlIsADataUrlOfTheStoredImage() throws Exception {
        HttpResponse<String> response = pipeline.post("/v1/images/generations",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse at dawn\",\"response_format\":\"url\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // OpenAI answers base64, so the worker stored the image (file:), which a remote caller gets as a data: URL.
        String url = JSON.readTree(response.body()).path("data").get(0).path("url").asString();
        assertThat(url).startsWith("data:image/");
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                url.substring(url.indexOf(',') + 1))))).isNotNull();
    }

    @Test
    void aPromptTheVendorRejectsIsOpenAisModerationError() {
        HttpResponse<String> response = pipeline.post("/v1/images/generations",
                "{\"prompt\":\"something [unsafe]\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("image_generation_user_error");
        assertThat(error.path("code").asString()).isEqualTo("moderation_blocked");
    }
}
