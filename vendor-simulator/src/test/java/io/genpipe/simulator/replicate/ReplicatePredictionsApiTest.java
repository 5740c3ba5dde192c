package io.genpipe.simulator.replicate;

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

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicatePredictionsApiTest {

    private static final String FLUX = "black-forest-labs/flux-schnell";
    private static final String VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";
    private static final LatencyProfile ONE_SECOND = LatencyProfile.fixed(Duration.ofSeconds(1));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private VendorSimulator simulator;
    private ReplicateCalls calls;

    private void start(Clock at) {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.REPLICATE, "r8_right")
                .withProfile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(ONE_SECOND)), at);
        calls = new ReplicateCalls(simulator.baseUrl(Vendor.REPLICATE));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aPredictionStartsRunsAndSucceedsWithOutputUrlsAndItsPredictTime() throws java.io.IOException {
        start(clock);
        Reply created = calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox\",\"aspect_ratio\":\"16:9\","
                + "\"num_outputs\":2}}", null);

        assertThat(created.status()).isEqualTo(201);
        JsonNode prediction = created.json();
        String id = prediction.get("id").stringValue();
        assertThat(prediction.get("status").stringValue()).isEqualTo("starting");
        assertThat(prediction.get("model").stringValue()).isEqualTo(FLUX);
        assertThat(prediction.get("version").stringValue()).isEqualTo("hidden");
        assertThat(prediction.get("output").isNull()).isTrue();
        assertThat(prediction.at("/urls/get").stringValue()).endsWith("/v1/predictions/" + id);
        assertThat(prediction.at("/urls/cancel").stringValue()).endsWith("/v1/predictions/" + id + "/cancel");

        clock.advance(Duration.ofMillis(500));
        assertThat(calls.get(id).json().get("status").stringValue()).isEqualTo("processing");

        clock.advance(Duration.ofMillis(600));
        JsonNode done = calls.get(id).json();
        assertThat(done.get("status").stringValue()).isEqualTo("succeeded");
        assertThat(done.at("/metrics/predict_time").doubleValue()).isEqualTo(0.9);
        assertThat(done.get("output")).hasSize(2);
        String url = done.get("output").get(0).stringValue();
        assertThat(url).contains("/delivery/" + id + "/").contains("1360x768");
        Reply file = new SimulatorHttp().get(URI.create(url), null);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("image/png");
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(file.body()));
        assertThat(png.getWidth()).as("drawn at the output's size").isEqualTo(1360);
        assertThat(png.getHeight()).isEqualTo(768);
    }

    @Test
    void aVersionIdRunsThatVersionAndAMalformedOneIsRefused() {
        start(clock);
        Reply byVersion = calls.post("/predictions", "{\"version\":\"acme/sdxl:" + VERSION + "\",\"input\":"
                + "{\"prompt\":\"a fox\",\"width\":768,\"height\":512}}", null, ReplicateCalls.KEY);
        Reply malformed = calls.post("/predictions", "{\"version\":\"not-a-version\",\"input\":{\"prompt\":\"p\"}}",
                null, ReplicateCalls.KEY);

        assertThat(byVersion.status()).isEqualTo(201);
        assertThat(byVersion.json().get("version").stringValue()).isEqualTo(VERSION);
        assertThat(byVersion.json().get("model").stringValue()).isEqualTo("acme/sdxl");
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.json().get("title").stringValue()).isEqualTo("Invalid version or not permitted");
    }

    @Test
    void preferWaitHoldsTheCallUntilThePredictionEnds() {
        start(Clock.systemUTC());
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(200))));

        Reply reply = calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox\"}}", "wait=5");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("status").stringValue()).isEqualTo("succeeded");
        assertThat(reply.json().get("output")).hasSize(1);
    }

    @Test
    void preferWaitAnswersTheCurrentStateWhenTheWaitIsOver() {
        start(Clock.systemUTC());
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(20))));

        Reply reply = calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox\"}}", "wait=1");
        Reply invalid = calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox\"}}", "wait=61");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("status").stringValue()).isIn("starting", "processing");
        assertThat(invalid.status()).isEqualTo(400);
    }

    @Test
    void aCanceledPredictionStopsAndShowsWhatItRan() {
        start(clock);
        String id = calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox\"}}", null).json().get("id").stringValue();
        clock.advance(Duration.ofMillis(400));

        Reply canceled = calls.cancel(id);
        clock.advance(Duration.ofSeconds(5));

        assertThat(canceled.status()).isEqualTo(200);
        JsonNode later = calls.get(id).json();
        assertThat(later.get("status").stringValue()).isEqualTo("canceled");
        assertThat(later.get("output").isNull()).isTrue();
        assertThat(later.at("/metrics/predict_time").doubleValue()).isEqualTo(0.3);
        assertThat(calls.cancel("nope").status()).isEqualTo(404);
    }

    @Test
    void anHourAfterItEndsThePredictionsDataIsRemoved() {
        start(clock);
        String id = calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox\"}}", null).json().get("id").stringValue();
        clock.advance(Duration.ofHours(1).plusSeconds(2));

        JsonNode removed = calls.get(id).json();

        assertThat(removed.get("status").stringValue()).isEqualTo("succeeded");
        assertThat(removed.get("data_removed").booleanValue()).isTrue();
        assertThat(removed.get("output").isNull()).isTrue();
    }

    @Test
    void unknownPathsAndPredictionsAre404() {
        start(clock);

        assertThat(calls.get("unknown").status()).isEqualTo(404);
        assertThat(calls.post("/models/a/predictions", "{}", null, ReplicateCalls.KEY).status()).isEqualTo(404);
    }
}
