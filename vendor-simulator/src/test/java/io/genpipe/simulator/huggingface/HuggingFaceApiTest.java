package io.genpipe.simulator.huggingface;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** hf-inference text-to-image in the simulator: raw image bytes of the asked size, cold starts, every error. */
class HuggingFaceApiTest {

    private static final String KEY = "Bearer hf_right";
    private static final String FLUX = "black-forest-labs/FLUX.1-schnell";

    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private VendorSimulator simulator;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.HUGGINGFACE, "hf_right")
                .withProfile(Vendor.HUGGINGFACE, VendorProfile.healthy()
                        .withLatency(LatencyProfile.fixed(Duration.ofMillis(20)))), clock);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void answersRawImageBytesOfTheAskedSize() throws IOException {
        Reply reply = http.post(model(FLUX), KEY,
                "{\"inputs\":\"a fox\",\"parameters\":{\"width\":512,\"height\":768,\"seed\":7,\"num_inference_steps\":4}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(reply.body()));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(768);
        assertThat(simulator.baseUrl(Vendor.HUGGINGFACE).getPath()).isEqualTo("/hf-inference");
    }

    @Test
    void withoutASizeTheImageIsSquare() throws IOException {
        Reply reply = http.post(model(FLUX), KEY, "{\"inputs\":\"a fox\"}");

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(reply.body()));
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
    }

    @Test
    void aColdModelAnswers503LoadingWithTheEstimatedTimeUntilItHasLoaded() {
        String body = "{\"inputs\":\"a fox [cold]\"}";
        Reply first = http.post(model(FLUX), KEY, body);
        clock.advance(Duration.ofMillis(400));
        Reply second = http.post(model(FLUX), KEY, body);
        Reply otherPrompt = http.post(model(FLUX), KEY, "{\"inputs\":\"a fox\"}");
        clock.advance(Duration.ofMillis(600));
        Reply loaded = http.post(model(FLUX), KEY, body);

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.json().get("error").stringValue()).contains("is currently loading");
        assertThat(first.json().get("estimated_time").doubleValue()).isEqualTo(1.0);
        assertThat(second.json().get("estimated_time").doubleValue()).isEqualTo(0.6);
        assertThat(otherPrompt.status()).isEqualTo(200);
        assertThat(loaded.status()).isEqualTo(200);
    }

    @Test
    void refusesWithoutTheToken() {
        for (String authorization : new String[] {null, "Bearer hf_wrong", "Key hf_right"}) {
            Reply reply = http.post(model(FLUX), authorization, "{\"inputs\":\"p\"}");
            assertError(reply, 401);
            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).doesNotContain("hf_wrong");
        }
    }

    @Test
    void refusesBadInputWith400() {
        assertError(http.post(model(FLUX), KEY, "not json"), 400);
        assertError(http.post(model(FLUX), KEY, "{\"parameters\":{}}"), 400);
        assertError(http.post(model(FLUX), KEY, "{\"inputs\":\"p\",\"parameters\":{\"width\":1001}}"), 400);
        assertError(http.post(model(FLUX), KEY, "{\"inputs\":\"p\",\"parameters\":{\"seed\":-1}}"), 400);
    }

    @Test
    void aModelItDoesNotServeIs404() {
        assertError(http.post(model("someone/not-a-model"), KEY, "{\"inputs\":\"p\"}"), 404);
        assertError(http.get(model(FLUX), KEY), 404);
    }

    @Test
    void profilesGiveHuggingFacesAnswers() {
        simulator.profile(Vendor.HUGGINGFACE, VendorProfile.healthy().withCreditExhausted(true));
        Reply credits = http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}");
        assertError(credits, 402);
        assertThat(credits.json().get("error").stringValue()).contains("monthly included credits");

        simulator.profile(Vendor.HUGGINGFACE, VendorProfile.outageProfile());
        Reply down = http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}");
        assertError(down, 503);
        assertThat(down.json().has("estimated_time")).as("an outage is not a model loading").isFalse();

        simulator.profile(Vendor.HUGGINGFACE, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofSeconds(3)));
        Reply limited = http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}");
        assertError(limited, 429);
        assertThat(limited.header("Retry-After")).isEqualTo("3");

        simulator.profile(Vendor.HUGGINGFACE, VendorProfile.healthy().withErrorRate(1.0));
        assertError(http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}"), 500);
    }

    @Test
    void anAccountLimitIsA429CountedAsALimitRefusal() {
        simulator.profile(Vendor.HUGGINGFACE, VendorProfile.healthy().withRequestsPerMinute(1));

        assertThat(http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}").status()).isEqualTo(200);
        assertError(http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}"), 429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(http.post(model(FLUX), KEY, "{\"inputs\":\"p\"}").status()).isEqualTo(200);

        assertThat(simulator.limitRefusals(Vendor.HUGGINGFACE)).isEqualTo(1);
        assertThat(simulator.requestCount(Vendor.HUGGINGFACE)).isEqualTo(3);
        assertThat(simulator.peakInProgress(Vendor.HUGGINGFACE)).isEqualTo(1);
    }

    private static void assertError(Reply reply, int status) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.json().get("error").stringValue()).isNotBlank();
    }

    private URI model(String id) {
        return URI.create(simulator.baseUrl(Vendor.HUGGINGFACE) + "/models/" + id);
    }
}
