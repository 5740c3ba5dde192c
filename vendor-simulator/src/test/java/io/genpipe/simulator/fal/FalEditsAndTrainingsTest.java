package io.genpipe.simulator.fal;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** fal's edit, LoRA and training models, and the request headers fal reads at submit, by the simulator's clock. */
class FalEditsAndTrainingsTest {

    private static final String KEY = "Key test-key";
    /** The first bytes of a PNG are all the simulator checks of an image. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private VendorSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anEditTakesItsImageAsADataUriAndAnswersLikeTextToImage() {
        start(Duration.ofSeconds(10));

        JsonNode queued = submit("fal-ai/qwen-image-edit", "{\"prompt\":\"make it blue\",\"image_url\":\""
                + dataUri("image/png", PNG) + "\",\"image_size\":\"square\",\"negative_prompt\":\"blur\","
                + "\"guidance_scale\":4,\"num_inference_steps\":20}").json();
        assertThat(queued.get("status_url").stringValue()).contains("/fal-ai/qwen-image-edit/requests/");
        clock.advance(Duration.ofSeconds(11));

        JsonNode result = http.get(URI.create(queued.get("response_url").stringValue()), KEY).json();
        assertThat(result.get("images")).hasSize(1);
        assertThat(result.get("images").get(0).get("width").intValue()).isEqualTo(512);
        assertThat(result.get("prompt").stringValue()).isEqualTo("make it blue");
    }

    @Test
    void anEditTakesAnImageUrlOnTrust() {
        start(Duration.ofSeconds(1));

        assertThat(submit("fal-ai/qwen-image-edit",
                "{\"prompt\":\"p\",\"image_url\":\"https://example.com/cat.png\"}").status()).isEqualTo(200);
    }

    @Test
    void anEditWhoseDataUriIsNoImageOrWithoutAnImageIsRefusedNamingImageUrl() {
        start(Duration.ofSeconds(1));

        Reply notAnImage = submit("fal-ai/qwen-image-edit", "{\"prompt\":\"p\",\"image_url\":\""
                + dataUri("image/png", "hello".getBytes()) + "\"}");
        Reply missing = submit("fal-ai/qwen-image-edit", "{\"prompt\":\"p\"}");
        Reply notAUrl = submit("fal-ai/qwen-image-edit", "{\"prompt\":\"p\",\"image_url\":\"cat.png\"}");

        assertThat(notAnImage.status()).isEqualTo(422);
        assertThat(notAnImage.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"image_url\"]");
        assertThat(notAnImage.json().get("detail").get(0).get("type").stringValue()).isEqualTo("image_load_error");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").get(0).get("type").stringValue()).isEqualTo("missing");
        assertThat(notAUrl.status()).isEqualTo(422);
        assertThat(notAUrl.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"image_url\"]");
    }

    @Test
    void fluxLoraTakesWeightsByUrlOrDataUriAndRefusesAPathThatIsNoUrl() {
        start(Duration.ofSeconds(1));

        Reply byUrl = submit("fal-ai/flux-lora", "{\"prompt\":\"TOK on a beach\",\"loras\":["
                + "{\"path\":\"https://v3.fal.media/files/x/pytorch_lora_weights.safetensors\",\"scale\":0.8},"
                + "{\"path\":\"" + dataUri("application/octet-stream", FalFileHandler.WEIGHTS) + "\"}]}");
        Reply byName = submit("fal-ai/flux-lora", "{\"prompt\":\"p\",\"loras\":[{\"path\":\"my-lora\",\"scale\":1}]}");

        assertThat(byUrl.status()).isEqualTo(200);
        assertThat(byName.status()).isEqualTo(422);
        assertThat(byName.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"loras\"]");
    }

    @Test
    void aTrainingRunsForItsLatencyWithGrowingStepLogsThenAnswersItsWeights() throws IOException {
        start(Duration.ofSeconds(100)); // 10 s queued, 90 s running

        JsonNode queued = submit("fal-ai/flux-lora-fast-training", "{\"images_data_url\":\""
                + dataUri("application/zip", zip()) + "\",\"trigger_word\":\"TOK\",\"steps\":500,"
                + "\"is_style\":false,\"create_masks\":true}").json();
        URI status = URI.create(queued.get("status_url").stringValue() + "?logs=1");
        URI result = URI.create(queued.get("response_url").stringValue());

        assertThat(http.get(status, KEY).json().get("logs")).isEmpty();
        clock.advance(Duration.ofSeconds(10).plus(Duration.ofSeconds(45))); // half way through the run
        JsonNode halfway = http.get(status, KEY).json();
        assertThat(halfway.get("status").stringValue()).isEqualTo("IN_PROGRESS");
        assertThat(halfway.get("logs")).hasSize(6);
        assertThat(last(halfway.get("logs")).get("message").stringValue()).isEqualTo("step 250/500");
        assertThat(last(halfway.get("logs")).get("level").stringValue()).isEqualTo("INFO");
        assertThat(http.get(result, KEY).status()).isEqualTo(400);

        clock.advance(Duration.ofSeconds(45));
        Reply done = http.get(status, KEY);
        assertThat(done.status()).isEqualTo(200);
        assertThat(last(done.json().get("logs")).get("message").stringValue()).isEqualTo("step 500/500");

        JsonNode output = http.get(result, KEY).json();
        JsonNode weights = output.get("diffusers_lora_file");
        assertThat(weights.get("url").stringValue()).startsWith(simulator.baseUrl(Vendor.FAL) + "/files/")
                .endsWith(".safetensors");
        assertThat(weights.get("file_name").stringValue()).isEqualTo("pytorch_lora_weights.safetensors");
        assertThat(weights.get("content_type").stringValue()).isEqualTo("application/octet-stream");
        Reply file = http.get(URI.create(weights.get("url").stringValue()), null);
        assertThat(file.status()).isEqualTo(200);
        assertThat((long) file.body().length).isEqualTo(weights.get("file_size").longValue());
        JsonNode config = output.get("config_file");
        assertThat(http.get(URI.create(config.get("url").stringValue()), null).body()).hasSize(
                config.get("file_size").intValue());
    }

    @Test
    void aTrainingFromAnArchiveUrlIsTakenOnTrustAndANonZipDataUriIsRefused() {
        start(Duration.ofSeconds(1));

        Reply byUrl = submit("fal-ai/flux-lora-fast-training",
                "{\"images_data_url\":\"https://example.com/set.zip\",\"trigger_word\":\"TOK\"}");
        Reply notAZip = submit("fal-ai/flux-lora-fast-training",
                "{\"images_data_url\":\"" + dataUri("application/zip", PNG) + "\"}");
        Reply missing = submit("fal-ai/flux-lora-fast-training", "{\"trigger_word\":\"TOK\"}");

        assertThat(byUrl.status()).isEqualTo(200);
        assertThat(notAZip.status()).isEqualTo(422);
        assertThat(notAZip.json().get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"images_data_url\"]");
        assertThat(missing.json().get("detail").get(0).get("type").stringValue()).isEqualTo("missing");
    }

    @Test
    void aRequestStillQueuedPastItsRequestTimeoutEndsWithAUserTimeout() {
        start(Duration.ofSeconds(30)); // queued for 3 s

        JsonNode late = submit("fal-ai/flux/schnell", "{\"prompt\":\"p\"}", "X-Fal-Request-Timeout", "1").json();
        JsonNode inTime = submit("fal-ai/flux/schnell", "{\"prompt\":\"p\"}", "X-Fal-Request-Timeout", "5").json();
        clock.advance(Duration.ofMillis(1500));

        Reply status = http.get(URI.create(late.get("status_url").stringValue()), KEY);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").stringValue()).isEqualTo("COMPLETED");
        Reply result = http.get(URI.create(late.get("response_url").stringValue()), KEY);
        assertThat(result.status()).isEqualTo(504);
        assertThat(result.header("X-Fal-Request-Timeout-Type")).isEqualTo("user");
        clock.advance(Duration.ofSeconds(3)); // started at 3 s, before its 5 s deadline
        assertThat(http.get(URI.create(inTime.get("status_url").stringValue()), KEY).json().get("status")
                .stringValue()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void recordsTheHeadersEachSubmitCameWith() {
        start(Duration.ofSeconds(1));

        String both = submit("fal-ai/flux/schnell", "{\"prompt\":\"p\"}", "X-Fal-Request-Timeout", "42",
                "x-fal-no-retry", "1").json().get("request_id").stringValue();
        String none = submit("fal-ai/flux/schnell", "{\"prompt\":\"p\"}").json().get("request_id").stringValue();

        JsonNode recorded = http.get(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/requests/" + both), null).json();
        assertThat(recorded.get("model_id").stringValue()).isEqualTo("fal-ai/flux/schnell");
        assertThat(recorded.get("no_retry").booleanValue()).isTrue();
        assertThat(recorded.get("request_timeout_seconds").doubleValue()).isEqualTo(42.0);
        JsonNode plain = http.get(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/requests/" + none), null).json();
        assertThat(plain.get("no_retry").booleanValue()).isFalse();
        assertThat(plain.get("request_timeout_seconds").isNull()).isTrue();
        assertThat(http.get(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/requests/nope"), null).status())
                .isEqualTo(404);
    }

    @Test
    void aRequestTimeoutThatIsNoNumberIsRefused() {
        start(Duration.ofSeconds(1));

        assertThat(submit("fal-ai/flux/schnell", "{\"prompt\":\"p\"}", "X-Fal-Request-Timeout", "soon").status())
                .isEqualTo(400);
    }

    private void start(Duration latency) {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.FAL,
                VendorProfile.healthy().withLatency(LatencyProfile.fixed(latency))), clock);
    }

    private Reply submit(String model, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(simulator.baseUrl(Vendor.FAL).resolve("/" + model))
                .header("Authorization", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String dataUri(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 3; i++) {
                zip.putNextEntry(new ZipEntry("image-" + i + ".png"));
                zip.write(PNG);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
