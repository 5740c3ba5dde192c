package io.genpipe.simulator.stability;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stability's generate API in the simulator: the answers in both Accept modes, and every error it documents. */
class StabilityApiTest {

    private static final String KEY = "Bearer sk-right";
    private static final String BOUNDARY = "sim-test-boundary";

    private static VendorSimulator simulator;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.STABILITY, "sk-right")
                .withProfile(Vendor.STABILITY, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(20)))));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.STABILITY, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(20))));
    }

    @Test
    void answersTheImageBytesOfTheAspectRatiosSizeByDefault() {
        HttpResponse<byte[]> reply = post("core", KEY, "image/*", form("prompt", "a lighthouse", "aspect_ratio", "16:9"));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(reply.headers().firstValue("finish-reason")).contains("SUCCESS");
        assertThat(reply.headers().firstValue("seed")).isPresent();
        assertThat(reply.headers().firstValue("x-request-id")).isPresent();
        BufferedImage image = decode(reply.body());
        assertThat(image.getWidth()).isEqualTo(1344);
        assertThat(image.getHeight()).isEqualTo(768);
    }

    @Test
    void answersJsonWithBase64WhenAskedForJson() {
        HttpResponse<byte[]> reply = post("sd3", KEY, "application/json",
                form("prompt", "a lighthouse", "model", "sd3.5-medium", "seed", "42", "output_format", "jpeg"));

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode json = SimulatorHttp.JSON.readTree(reply.body());
        assertThat(json.get("finish_reason").stringValue()).isEqualTo("SUCCESS");
        assertThat(json.get("seed").longValue()).isEqualTo(42);
        BufferedImage image = decode(Base64.getDecoder().decode(json.get("image").stringValue()));
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
    }

    @Test
    void aFilteredOutputIsASuccessWithFinishReasonContentFiltered() {
        HttpResponse<byte[]> bytes = post("ultra", KEY, "image/*", form("prompt", "a beach [filtered]"));
        HttpResponse<byte[]> json = post("ultra", KEY, "application/json", form("prompt", "a beach [filtered]"));

        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("finish-reason")).contains("CONTENT_FILTERED");
        assertThat(SimulatorHttp.JSON.readTree(json.body()).get("finish_reason").stringValue())
                .isEqualTo("CONTENT_FILTERED");
    }

    @Test
    void refusesWithoutTheKeyAndNeverEchoesIt() {
        for (String authorization : new String[] {null, "Bearer sk-wrong", "Key sk-right"}) {
            HttpResponse<byte[]> reply = post("core", authorization, "image/*", form("prompt", "p"));
            assertError(reply, 401, "unauthorized");
            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).doesNotContain("sk-wrong");
        }
    }

    @Test
    void refusesInvalidFormsWith400() {
        assertError(post("core", KEY, "image/*", form("aspect_ratio", "1:1")), 400, "bad_request");
        assertError(post("core", KEY, "image/*", form("prompt", "p", "aspect_ratio", "7:3")), 400, "bad_request");
        assertError(post("core", KEY, "image/*", form("prompt", "p", "seed", "4294967295")), 400, "bad_request");
        assertError(post("sd3", KEY, "image/*", form("prompt", "p", "output_format", "webp")), 400, "bad_request");
        assertError(post("sd3", KEY, "image/*", form("prompt", "p", "model", "sd2")), 400, "bad_request");
        assertError(send(request("core", KEY, "image/*").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"p\"}")).build()), 400, "bad_request");
    }

    @Test
    void aFlaggedPromptIsRefusedWith403ContentModeration() {
        assertError(post("core", KEY, "image/*", form("prompt", "something [unsafe]")), 403, "content_moderation");
    }

    @Test
    void profilesGiveStabilitysAnswers() {
        simulator.profile(Vendor.STABILITY, VendorProfile.healthy().withCreditExhausted(true));
        assertError(post("core", KEY, "image/*", form("prompt", "p")), 402, "payment_required");

        simulator.profile(Vendor.STABILITY, VendorProfile.outageProfile());
        assertError(post("core", KEY, "image/*", form("prompt", "p")), 503, "service_unavailable");

        simulator.profile(Vendor.STABILITY, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(1500)));
        HttpResponse<byte[]> limited = post("core", KEY, "image/*", form("prompt", "p"));
        assertError(limited, 429, "rate_limit_exceeded");
        assertThat(limited.headers().firstValue("Retry-After")).contains("2");

        simulator.profile(Vendor.STABILITY, VendorProfile.healthy().withErrorRate(1.0));
        assertError(post("core", KEY, "image/*", form("prompt", "p")), 500, "internal_error");
    }

    @Test
    void anAccountLimitIsA429CountedAsALimitRefusal() {
        simulator.profile(Vendor.STABILITY, VendorProfile.healthy().withRequestsPerMinute(1));
        long refusedBefore = simulator.limitRefusals(Vendor.STABILITY);
        long before = simulator.requestCount(Vendor.STABILITY);

        assertThat(post("core", KEY, "image/*", form("prompt", "p")).statusCode()).isEqualTo(200);
        assertError(post("core", KEY, "image/*", form("prompt", "p")), 429, "rate_limit_exceeded");

        assertThat(simulator.limitRefusals(Vendor.STABILITY) - refusedBefore).isEqualTo(1);
        assertThat(simulator.requestCount(Vendor.STABILITY) - before).isEqualTo(2);
        assertThat(simulator.peakInProgress(Vendor.STABILITY)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void otherPathsAre404() {
        assertError(post("sd4", KEY, "image/*", form("prompt", "p")), 404, "not_found");
        assertError(send(request("core", KEY, "image/*").GET().build()), 404, "not_found");
    }

    private static void assertError(HttpResponse<byte[]> reply, int status, String name) {
        assertThat(reply.statusCode()).isEqualTo(status);
        JsonNode json = SimulatorHttp.JSON.readTree(reply.body());
        assertThat(json.get("name").stringValue()).isEqualTo(name);
        assertThat(json.get("id").stringValue()).isNotBlank();
        assertThat(json.get("errors").isArray()).isTrue();
        assertThat(json.get("errors").get(0).stringValue()).isNotBlank();
    }

    /** A multipart body of text fields, as a client sends it. */
    static byte[] form(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(BOUNDARY).append("--\r\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> post(String endpoint, String authorization, String accept, byte[] form) {
        return send(request(endpoint, authorization, accept)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build());
    }

    private static HttpRequest.Builder request(String endpoint, String authorization, String accept) {
        URI uri = simulator.baseUrl(Vendor.STABILITY).resolve("/v2beta/stable-image/generate/" + endpoint);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", accept);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
