package io.genpipe.simulator.ideogram;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Ideogram 3.0's synchronous multipart generate, its image links and its failure modes. */
class IdeogramGenerateApiTest {

    private static final String KEY = "ideogram-right-key";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private VendorSimulator simulator;
    private URI generate;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.IDEOGRAM, KEY), clock);
        generate = simulator.baseUrl(Vendor.IDEOGRAM).resolve("/v1/ideogram-v3/generate");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void generatesTheAskedImagesAtTheAskedResolution() throws IOException {
        Reply reply = post(KEY, Map.of("prompt", "a lighthouse — at dusk", "resolution", "1312x736", "num_images", "2",
                "rendering_speed", "TURBO", "seed", "7"));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(Instant.parse(body.get("created").stringValue())).isEqualTo(clock.instant());
        assertThat(body.get("data")).hasSize(2).allSatisfy(image -> {
            assertThat(image.get("resolution").stringValue()).isEqualTo("1312x736");
            assertThat(image.get("is_image_safe").booleanValue()).isTrue();
            assertThat(image.get("prompt").stringValue()).isEqualTo("a lighthouse — at dusk");
            assertThat(image.get("style_type").stringValue()).isEqualTo("GENERAL");
        });
        assertThat(body.get("data").get(0).get("seed").longValue()).isEqualTo(7);
        byte[] png = get(body.get("data").get(0).get("url").stringValue()).body();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).as("drawn at the resolution answered").isEqualTo(1312);
        assertThat(image.getHeight()).isEqualTo(736);
    }

    @Test
    void anAspectRatioComesOutAtAboutAMegapixel() {
        JsonNode image = post(KEY, Map.of("prompt", "p", "aspect_ratio", "16x9")).json().get("data").get(0);

        assertThat(image.get("resolution").stringValue()).isEqualTo("1360x768");
    }

    @Test
    void imageLinksExpire() {
        String url = post(KEY, Map.of("prompt", "p")).json().get("data").get(0).get("url").stringValue();
        assertThat(get(url).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofHours(1));

        assertThat(get(url).statusCode()).isEqualTo(403);
    }

    @Test
    void anUnsafeOutputHasNoUrlAndIsFlagged() {
        JsonNode data = post(KEY, Map.of("prompt", "p [unsafe-output]", "num_images", "2")).json().get("data");

        assertThat(data.get(0).get("is_image_safe").booleanValue()).isFalse();
        assertThat(data.get(0).has("url")).isFalse();
        assertThat(data.get(1).get("is_image_safe").booleanValue()).isTrue();
    }

    @Test
    void refusalsAnswerTheirStatusAndAnErrorBody() {
        assertThat(post(null, Map.of("prompt", "p")).status()).isEqualTo(401);
        assertThat(post("wrong", Map.of("prompt", "p")).status()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(generate).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b--\r\n")).build()).statusCode())
                .as("a Bearer header is not Ideogram's").isEqualTo(401);
        assertThat(post(KEY, Map.of("prompt", "p [unsafe]")).json().get("error").stringValue())
                .isEqualTo("Prompt or provided image failed the safety checks");
        assertThat(post(KEY, Map.of("prompt", "p [unsafe]")).status()).isEqualTo(422);
        assertThat(post(KEY, Map.of("seed", "1")).status()).isEqualTo(400);
        assertThat(post(KEY, Map.of("prompt", "p", "rendering_speed", "FAST")).status()).isEqualTo(400);
        assertThat(post(KEY, Map.of("prompt", "p", "num_images", "9")).status()).isEqualTo(400);
        assertThat(post(KEY, Map.of("prompt", "p", "resolution", "1000x1000")).status()).isEqualTo(400);
        assertThat(post(KEY, Map.of("prompt", "p", "resolution", "1024x1024", "aspect_ratio", "1x1")).status())
                .isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(generate).header("Api-Key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"p\"}")).build()).statusCode())
                .as("v3 takes multipart only").isEqualTo(400);
    }

    @Test
    void profilesRefuseAsIdeogramWould() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withCreditExhausted(true));
        assertThat(post(KEY, Map.of("prompt", "p")).status()).isEqualTo(402);
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.outageProfile());
        assertThat(post(KEY, Map.of("prompt", "p")).status()).isEqualTo(503);
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(3)));
        Reply limited = post(KEY, Map.of("prompt", "p"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withErrorRate(1.0));
        assertThat(post(KEY, Map.of("prompt", "p")).status()).isEqualTo(500);
        assertThat(simulator.requestCount(Vendor.IDEOGRAM)).isEqualTo(4);
    }

    @Test
    void inFlightCallsOverTheConcurrencyLimitAreRefusedAndCounted() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withConcurrency(2)
                .withLatency(LatencyProfile.fixed(Duration.ofMillis(400))));

        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 3)
                .mapToObj(i -> client.sendAsync(request(KEY, Map.of("prompt", "p" + i)), HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        List<Integer> statuses = calls.stream().map(call -> call.join().statusCode()).toList();

        assertThat(statuses).containsExactlyInAnyOrder(200, 200, 429);
        assertThat(simulator.limitRefusals(Vendor.IDEOGRAM)).isEqualTo(1);
        assertThat(simulator.peakInProgress(Vendor.IDEOGRAM)).isEqualTo(2);
    }

    private record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {
        JsonNode json() {
            return SimulatorHttp.JSON.readTree(body);
        }
    }

    private Reply post(String key, Map<String, String> fields) {
        HttpResponse<byte[]> response = send(request(key, fields));
        return new Reply(response.statusCode(), response.headers(), response.body());
    }

    private HttpRequest request(String key, Map<String, String> fields) {
        String boundary = "----sim" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        new LinkedHashMap<>(fields).forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        HttpRequest.Builder builder = HttpRequest.newBuilder(generate)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        return key == null ? builder.build() : builder.header("Api-Key", key).build();
    }

    private HttpResponse<byte[]> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
