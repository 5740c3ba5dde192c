package io.genpipe.simulator.openai;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpenAiImagesApiTest {

    private static final String KEY = "Bearer sk-test";
    private final SimulatorHttp http = new SimulatorHttp();
    private VendorSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void generatesBase64PngsWithUsageFromTheTokenTable() throws IOException {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());

        Reply reply = http.post(generations(), KEY,
                "{\"model\":\"gpt-image-2\",\"prompt\":\"a small red boat at dawn\",\"n\":2,"
                        + "\"size\":\"1536x1024\",\"quality\":\"high\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-request-id")).startsWith("req_");
        JsonNode body = reply.json();
        assertThat(body.get("created").longValue()).isPositive();
        assertThat(body.get("size").stringValue()).isEqualTo("1536x1024");
        assertThat(body.get("quality").stringValue()).isEqualTo("high");
        assertThat(body.get("output_format").stringValue()).isEqualTo("png");
        assertThat(body.get("background").stringValue()).isEqualTo("opaque");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("output_tokens").intValue()).isEqualTo(2 * 6208);
        assertThat(usage.get("input_tokens").intValue()).isEqualTo(6);
        assertThat(usage.get("input_tokens_details").get("text_tokens").intValue()).isEqualTo(6);
        assertThat(usage.get("input_tokens_details").get("image_tokens").intValue()).isZero();
        assertThat(usage.get("total_tokens").intValue()).isEqualTo(6 + 2 * 6208);
        assertThat(body.get("data")).hasSize(2);
        assertThat(body.get("data").get(0).has("url")).isFalse();

        byte[] png = Base64.getDecoder().decode(body.get("data").get(0).get("b64_json").stringValue());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).as("drawn at the size asked").isEqualTo(1536);
        assertThat(image.getHeight()).isEqualTo(1024);
    }

    @Test
    void defaultsToGptImage2AtMediumQualityAndSquareSize() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());

        JsonNode body = http.post(generations(), KEY, "{\"prompt\":\"one\",\"quality\":\"auto\"}").json();

        assertThat(body.get("quality").stringValue()).isEqualTo("medium");
        assertThat(body.get("size").stringValue()).isEqualTo("1024x1024");
        assertThat(body.get("data")).hasSize(1);
        assertThat(body.get("usage").get("output_tokens").intValue()).isEqualTo(1056);
    }

    @Test
    void manyConcurrentCallsAreAnsweredTogetherBecauseNoThreadWaitsPerCall() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults()
                .withProfile(Vendor.OPENAI, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(500)))));
        int calls = 200;

        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            replies.add(http.postAsync(generations(), KEY, "{\"prompt\":\"call " + i + "\"}"));
        }

        // Four handler threads holding each call for 500 ms would need 25 s for 200 calls.
        await().atMost(Duration.ofSeconds(12))
                .until(() -> replies.stream().allMatch(CompletableFuture::isDone));
        assertThat(replies).allSatisfy(reply -> assertThat(reply.join().status()).isEqualTo(200));
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(calls);
    }

    @Test
    void sequentialCallsCostLittleMoreThanTheSimulatedLatency() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults()
                .withProfile(Vendor.OPENAI, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(1)))));
        http.post(generations(), KEY, "{\"prompt\":\"warm up\"}");

        long started = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            assertThat(http.post(generations(), KEY, "{\"prompt\":\"p\"}").status()).isEqualTo(200);
        }

        // Nagle's algorithm against delayed ACKs would add ~40 ms per response: 1 s for 25 calls.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(750));
    }

    @Test
    void unknownPathsGetOpenAisInvalidUrlError() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());

        Reply reply = http.get(URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/variations-nope"), KEY);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("error").get("message").stringValue())
                .isEqualTo("Invalid URL (GET /v1/images/variations-nope)");
    }

    private URI generations() {
        return URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations");
    }
}
