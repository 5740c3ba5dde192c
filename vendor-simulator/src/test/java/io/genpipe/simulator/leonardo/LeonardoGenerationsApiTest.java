package io.genpipe.simulator.leonardo;

import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import io.genpipe.simulator.LatencyProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Leonardo's create-then-poll flow, on a clock the test moves. */
class LeonardoGenerationsApiTest {

    private static final String KEY = "Bearer 6f1c2a9e-0000-4000-8000-000000000001";
    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private VendorSimulator simulator;
    private URI generations;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.LEONARDO,
                VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(5)))), clock);
        generations = URI.create(simulator.baseUrl(Vendor.LEONARDO) + "/generations");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theBaseUrlIsTheRestRoot() {
        assertThat(simulator.baseUrl(Vendor.LEONARDO).getPath()).isEqualTo("/api/rest/v1");
        assertThat(Vendor.byId("leonardo")).contains(Vendor.LEONARDO);
    }

    @Test
    void aCreateAnswersTheJobIdAndItsCreditCostAtOnce() {
        Reply created = http.post(generations, KEY, "{\"prompt\":\"a red fox\",\"modelId\":\"b24e16ff-06e3-43eb-8d33-4416c2d75876\","
                + "\"width\":1024,\"height\":1024,\"num_images\":4}");

        assertThat(created.status()).isEqualTo(200);
        JsonNode job = created.json().get("sdGenerationJob");
        assertThat(job.get("generationId").stringValue()).matches("[0-9a-f-]{36}");
        // The one worked example Leonardo gives: 4 x 1024x1024 for 40 credits.
        assertThat(job.get("apiCreditCost").intValue()).isEqualTo(40);
        assertThat(simulator.requestCount(Vendor.LEONARDO)).isEqualTo(1);
    }

    @Test
    void aJobIsPendingWithNoImagesThenCompleteWithImagesOfTheAskedSize() throws IOException {
        String id = create("{\"prompt\":\"a red fox\",\"width\":832,\"height\":1216,\"num_images\":2,\"seed\":42}");

        JsonNode pending = poll(id);
        assertThat(pending.get("status").stringValue()).isEqualTo("PENDING");
        assertThat(pending.get("generated_images")).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        JsonNode complete = poll(id);

        assertThat(complete.get("status").stringValue()).isEqualTo("COMPLETE");
        assertThat(complete.get("id").stringValue()).isEqualTo(id);
        assertThat(complete.get("imageWidth").intValue()).isEqualTo(832);
        assertThat(complete.get("imageHeight").intValue()).isEqualTo(1216);
        assertThat(complete.get("seed").longValue()).isEqualTo(42);
        assertThat(complete.get("generated_images")).hasSize(2).allSatisfy(image -> {
            assertThat(image.get("nsfw").booleanValue()).isFalse();
            assertThat(image.get("likeCount").intValue()).isZero();
            assertThat(image.get("id").stringValue()).isNotBlank();
        });
        Reply file = http.get(URI.create(complete.get("generated_images").get(0).get("url").stringValue()), null);
        assertThat(file.status()).isEqualTo(200);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(file.body()));
        assertThat(png.getWidth()).as("drawn at the size asked").isEqualTo(832);
        assertThat(png.getHeight()).isEqualTo(1216);
    }

    @Test
    void anUnknownIdIsANullLookupNotA404() {
        Reply reply = http.get(URI.create(generations + "/00000000-0000-4000-8000-000000000000"), KEY);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("generations_by_pk").isNull()).isTrue();
    }

    @Test
    void aFailedJobEndsFailedWithoutImages() {
        simulator.profile(Vendor.LEONARDO, simulator.profile(Vendor.LEONARDO).withErrorRate(1.0));
        String id = create("{\"prompt\":\"a red fox\"}");
        clock.advance(Duration.ofSeconds(5));

        JsonNode failed = poll(id);

        assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
        assertThat(failed.get("generated_images")).isEmpty();
    }

    @Test
    void anNsfwOutputIsFlaggedNotDropped() {
        String id = create("{\"prompt\":\"a beach [nsfw]\",\"num_images\":2}");
        clock.advance(Duration.ofSeconds(5));

        assertThat(poll(id).get("generated_images")).hasSize(2)
                .allSatisfy(image -> assertThat(image.get("nsfw").booleanValue()).isTrue());
    }

    @Test
    void theConcurrencyLimitRefusesJobsOverItAndCountsThePeak() {
        simulator.profile(Vendor.LEONARDO, simulator.profile(Vendor.LEONARDO).withConcurrency(2));
        create("{\"prompt\":\"one\"}");
        create("{\"prompt\":\"two\"}");

        Reply third = http.post(generations, KEY, "{\"prompt\":\"three\"}");
        assertThat(third.status()).isEqualTo(429);
        assertThat(simulator.limitRefusals(Vendor.LEONARDO)).isEqualTo(1);
        assertThat(simulator.peakInProgress(Vendor.LEONARDO)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(5));
        assertThat(http.post(generations, KEY, "{\"prompt\":\"four\"}").status()).isEqualTo(200);
        simulator.resetCounters(Vendor.LEONARDO);
        assertThat(simulator.peakInProgress(Vendor.LEONARDO)).isEqualTo(1);
        assertThat(simulator.limitRefusals(Vendor.LEONARDO)).isZero();
    }

    @Test
    void requestsPerMinuteRefusesABurstAndRefillsByTheClock() {
        simulator.profile(Vendor.LEONARDO, simulator.profile(Vendor.LEONARDO).withRequestsPerMinute(60));

        assertThat(http.post(generations, KEY, "{\"prompt\":\"one\"}").status()).isEqualTo(200);
        assertThat(http.post(generations, KEY, "{\"prompt\":\"two\"}").status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(http.post(generations, KEY, "{\"prompt\":\"three\"}").status()).isEqualTo(200);
        assertThat(simulator.limitRefusals(Vendor.LEONARDO)).isEqualTo(1);
    }

    private String create(String body) {
        Reply created = http.post(generations, KEY, body);
        assertThat(created.status()).as(created.json().toString()).isEqualTo(200);
        return created.json().get("sdGenerationJob").get("generationId").stringValue();
    }

    private JsonNode poll(String id) {
        Reply reply = http.get(URI.create(generations + "/" + id), KEY);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("generations_by_pk");
    }
}
