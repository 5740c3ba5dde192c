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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FalQueueApiTest {

    private static final String KEY = "Key test-key";
    private final SimulatorHttp http = new SimulatorHttp();
    private VendorSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void submittedRequestIsQueuedThenCompletesWithImagesBehindTheReturnedUrls() throws IOException {
        simulator = VendorSimulator.start(SimulatorSettings.defaults()
                .withProfile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(400)))));
        URI base = simulator.baseUrl(Vendor.FAL);

        Reply submitted = http.post(base.resolve("/fal-ai/flux/schnell"), KEY,
                "{\"prompt\":\"a red fox\",\"image_size\":\"square_hd\",\"num_images\":2}");

        assertThat(submitted.status()).isEqualTo(200);
        JsonNode queued = submitted.json();
        String id = queued.get("request_id").stringValue();
        String requestUrl = base + "/fal-ai/flux/requests/" + id;
        assertThat(queued.get("response_url").stringValue()).isEqualTo(requestUrl);
        assertThat(queued.get("status_url").stringValue()).isEqualTo(requestUrl + "/status");
        assertThat(queued.get("cancel_url").stringValue()).isEqualTo(requestUrl + "/cancel");
        assertThat(queued.get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(queued.get("queue_position").intValue()).isZero();

        Reply early = http.get(URI.create(queued.get("status_url").stringValue()), KEY);
        assertThat(early.status()).isEqualTo(202);
        assertThat(early.json().get("status").stringValue()).isIn("IN_QUEUE", "IN_PROGRESS");

        AtomicReference<Reply> done = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            done.set(http.get(URI.create(queued.get("status_url").stringValue()), KEY));
            return done.get().status() == 200;
        });
        assertThat(done.get().json().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(done.get().json().get("metrics").get("inference_time").doubleValue()).isPositive();

        Reply result = http.get(URI.create(queued.get("response_url").stringValue()), KEY);
        assertThat(result.status()).isEqualTo(200);
        JsonNode output = result.json();
        assertThat(output.get("prompt").stringValue()).isEqualTo("a red fox");
        assertThat(output.get("seed").isIntegralNumber()).isTrue();
        assertThat(output.get("has_nsfw_concepts").toString()).isEqualTo("[false,false]");
        assertThat(output.get("timings").get("inference").doubleValue()).isPositive();
        assertThat(output.get("images")).hasSize(2);
        JsonNode image = output.get("images").get(0);
        assertThat(image.get("width").intValue()).isEqualTo(1024);
        assertThat(image.get("height").intValue()).isEqualTo(1024);
        assertThat(image.get("content_type").stringValue()).isEqualTo("image/png");
        assertThat(image.get("url").stringValue()).startsWith(base + "/files/").endsWith(".png");

        Reply file = http.get(URI.create(image.get("url").stringValue()), null);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(file.body()));
        assertThat(png.getWidth()).as("drawn at the size asked").isEqualTo(1024);
        assertThat(png.getHeight()).isEqualTo(1024);
    }

    @Test
    void stateFollowsElapsedTimeFromQueueToProgressToCompleted() {
        MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
        simulator = VendorSimulator.start(SimulatorSettings.defaults()
                .withProfile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(10)))), clock);
        JsonNode queued = submit("{\"prompt\":\"a lighthouse\"}");
        URI status = URI.create(queued.get("status_url").stringValue());
        URI result = URI.create(queued.get("response_url").stringValue());

        Reply inQueue = http.get(status, KEY);
        assertThat(inQueue.status()).isEqualTo(202);
        assertThat(inQueue.json().get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(inQueue.json().get("queue_position").intValue()).isZero();
        assertThat(http.get(result, KEY).status()).isEqualTo(400);

        clock.advance(Duration.ofSeconds(2));
        Reply running = http.get(status, KEY);
        assertThat(running.status()).isEqualTo(202);
        assertThat(running.json().get("status").stringValue()).isEqualTo("IN_PROGRESS");
        assertThat(running.json().has("queue_position")).isFalse();
        Reply tooEarly = http.get(result, KEY);
        assertThat(tooEarly.status()).isEqualTo(400);
        assertThat(tooEarly.json()).isEqualTo(SimulatorHttp.json("{\"detail\":\"Request is still in progress\"}"));

        clock.advance(Duration.ofSeconds(8));
        Reply completed = http.get(status, KEY);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(completed.json().get("metrics").get("inference_time").doubleValue()).isEqualTo(9.0);
        assertThat(http.get(result, KEY).status()).isEqualTo(200);
    }

    @Test
    void logsAreListedOnlyWhenAskedFor() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        JsonNode queued = submit("{\"prompt\":\"logs\"}");

        assertThat(http.get(URI.create(queued.get("status_url").stringValue() + "?logs=1"), KEY).json().get("logs").isArray())
                .isTrue();
        assertThat(http.get(URI.create(queued.get("status_url").stringValue()), KEY).json().has("logs")).isFalse();
    }

    @Test
    void imageSizeAndDefaultsShapeTheReportedImages() {
        MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
        simulator = VendorSimulator.start(SimulatorSettings.defaults(), clock);

        JsonNode schnellDefault = completedResult(submit("{\"prompt\":\"p\"}"), clock);
        JsonNode sdxlDefault = completedResult(submitTo("/fal-ai/fast-sdxl", "{\"prompt\":\"p\"}"), clock);
        JsonNode portrait = completedResult(submit("{\"prompt\":\"p\",\"image_size\":\"portrait_16_9\"}"), clock);
        JsonNode custom = completedResult(submit("{\"prompt\":\"p\",\"image_size\":{\"width\":640,\"height\":480},"
                + "\"num_images\":4,\"seed\":1234}"), clock);

        assertThat(size(schnellDefault)).isEqualTo("1024x768");
        assertThat(size(sdxlDefault)).isEqualTo("1024x1024");
        assertThat(size(portrait)).isEqualTo("576x1024");
        assertThat(size(custom)).isEqualTo("640x480");
        assertThat(custom.get("images")).hasSize(4);
        assertThat(custom.get("seed").longValue()).isEqualTo(1234);
    }

    @Test
    void statusAndResultUseOwnerAndAppOnly() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        String id = submit("{\"prompt\":\"gotcha\"}").get("request_id").stringValue();
        URI base = simulator.baseUrl(Vendor.FAL);

        assertThat(http.get(base.resolve("/fal-ai/flux/requests/" + id + "/status"), KEY).status()).isIn(200, 202);
        assertThat(http.get(base.resolve("/fal-ai/flux/schnell/requests/" + id + "/status"), KEY).status())
                .isIn(404, 405);
        assertThat(http.get(base.resolve("/fal-ai/other/requests/" + id + "/status"), KEY).status()).isEqualTo(404);
    }

    @Test
    void unknownRequestIdIsNotFound() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        URI base = simulator.baseUrl(Vendor.FAL);

        Reply status = http.get(base.resolve("/fal-ai/flux/requests/no-such-id/status"), KEY);
        Reply result = http.get(base.resolve("/fal-ai/flux/requests/no-such-id"), KEY);
        Reply cancel = http.put(base.resolve("/fal-ai/flux/requests/no-such-id/cancel"), KEY, "");

        assertThat(status.status()).isEqualTo(404);
        assertThat(result.status()).isEqualTo(404);
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.json().get("status").stringValue()).isEqualTo("NOT_FOUND");
    }

    @Test
    void cancellingAQueuedRequestCompletesItWithClientCancelled() {
        MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
        simulator = VendorSimulator.start(SimulatorSettings.defaults(), clock);
        JsonNode queued = submit("{\"prompt\":\"never mind\"}");

        Reply cancel = http.put(URI.create(queued.get("cancel_url").stringValue()), KEY, "");

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().get("status").stringValue()).isEqualTo("CANCELLATION_REQUESTED");
        assertThat(http.get(URI.create(queued.get("status_url").stringValue()), KEY).json().get("status").stringValue())
                .isEqualTo("COMPLETED");
        Reply result = http.get(URI.create(queued.get("response_url").stringValue()), KEY);
        assertThat(result.status()).isEqualTo(499);
        assertThat(result.json().get("error_type").stringValue()).isEqualTo("client_cancelled");
        assertThat(result.header("X-Fal-Error-Type")).isEqualTo("client_cancelled");
    }

    @Test
    void cancellingACompletedRequestSaysAlreadyCompleted() {
        MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
        simulator = VendorSimulator.start(SimulatorSettings.defaults(), clock);
        JsonNode queued = submit("{\"prompt\":\"done\"}");
        clock.advance(Duration.ofMinutes(1));

        Reply cancel = http.put(URI.create(queued.get("cancel_url").stringValue()), KEY, "");

        assertThat(cancel.status()).isEqualTo(400);
        assertThat(cancel.json().get("status").stringValue()).isEqualTo("ALREADY_COMPLETED");
        assertThat(http.get(URI.create(queued.get("response_url").stringValue()), KEY).status()).isEqualTo(200);
    }

    @Test
    void resultsAreForgottenAnHourAfterCompletion() {
        MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
        simulator = VendorSimulator.start(SimulatorSettings.defaults(), clock);
        JsonNode queued = submit("{\"prompt\":\"ephemeral\"}");
        URI result = URI.create(queued.get("response_url").stringValue());

        clock.advance(Duration.ofMinutes(59));
        assertThat(http.get(result, KEY).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(http.get(result, KEY).status()).isEqualTo(404);
    }

    @Test
    void countsEverySubmitItReceives() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        submit("{\"prompt\":\"one\"}");
        http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), null, "{\"prompt\":\"refused\"}");
        http.get(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/requests/x/status"), KEY);

        assertThat(simulator.requestCount(Vendor.FAL)).isEqualTo(2);
        assertThat(simulator.requestCount(Vendor.OPENAI)).isZero();
    }

    private JsonNode completedResult(JsonNode queued, MutableClock clock) {
        clock.advance(Duration.ofSeconds(30));
        Reply result = http.get(URI.create(queued.get("response_url").stringValue()), KEY);
        assertThat(result.status()).isEqualTo(200);
        return result.json();
    }

    private static String size(JsonNode result) {
        JsonNode image = result.get("images").get(0);
        return image.get("width").intValue() + "x" + image.get("height").intValue();
    }

    private JsonNode submit(String body) {
        return submitTo("/fal-ai/flux/schnell", body);
    }

    private JsonNode submitTo(String model, String body) {
        Reply reply = http.post(simulator.baseUrl(Vendor.FAL).resolve(model), KEY, body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }
}
