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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trainings ({@code POST /models/{o}/{n}/versions/{v}/trainings}, {@code GET /trainings/{id}}, cancel) and files
 * ({@code POST /files}), on a clock the test moves: a training of 10 s starts after 1 s and ends at 10 s.
 */
class ReplicateTrainingsApiTest {

    private static final String TRAINER = "ostris/flux-dev-lora-trainer";
    private static final String VERSION = "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497";
    private static final VendorProfile TEN_SECONDS = VendorProfile.healthy()
            .withLatency(LatencyProfile.fixed(Duration.ofSeconds(10)));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private VendorSimulator simulator;
    private ReplicateCalls calls;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.REPLICATE, "r8_right")
                .withProfile(Vendor.REPLICATE, TEN_SECONDS), clock);
        calls = new ReplicateCalls(simulator.baseUrl(Vendor.REPLICATE));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anUploadedZipTrainsFromStartingThroughGrowingLogsToNewWeights() throws IOException {
        Reply file = calls.upload("set.zip", "application/zip", zip());
        assertThat(file.status()).isEqualTo(201);
        JsonNode uploaded = file.json();
        assertThat(uploaded.get("content_type").stringValue()).isEqualTo("application/zip");
        assertThat(uploaded.get("size").intValue()).isEqualTo(zip().length);
        assertThat(uploaded.at("/checksums/sha256").stringValue()).hasSize(64);
        assertThat(uploaded.at("/metadata/job").stringValue()).isEqualTo("j-1");
        String url = uploaded.at("/urls/get").stringValue();
        assertThat(new SimulatorHttp().get(URI.create(url), ReplicateCalls.KEY).status()).isEqualTo(200);
        long creates = simulator.requestCount(Vendor.REPLICATE);

        Reply created = calls.train(TRAINER, VERSION, "{\"destination\":\"genpipe/my-lora\",\"input\":{"
                + "\"input_images\":\"" + url + "\",\"trigger_word\":\"TOK\",\"steps\":1000}}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode training = created.json();
        String id = training.get("id").stringValue();
        assertThat(training.get("status").stringValue()).isEqualTo("starting");
        assertThat(training.get("model").stringValue()).isEqualTo(TRAINER);
        assertThat(training.get("version").stringValue()).isEqualTo(VERSION);
        assertThat(training.at("/urls/get").stringValue()).endsWith("/v1/trainings/" + id);
        assertThat(training.get("output").isNull()).isTrue();
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(creates + 1);

        clock.advance(Duration.ofMillis(5500)); // 4.5 s of its 9 s run
        JsonNode halfway = calls.training(id).json();
        assertThat(halfway.get("status").stringValue()).isEqualTo("processing");
        assertThat(halfway.get("logs").stringValue()).contains("flux_train_replicate:  40%|####      | 400/1000")
                .endsWith("flux_train_replicate:  50%|#####     | 500/1000\n");
        assertThat(halfway.get("started_at").stringValue()).isEqualTo("2026-12-01T09:00:01Z");

        clock.advance(Duration.ofSeconds(5));
        JsonNode done = calls.training(id).json();
        assertThat(done.get("status").stringValue()).isEqualTo("succeeded");
        assertThat(done.at("/output/version").stringValue()).matches("genpipe/my-lora:[0-9a-f]{64}");
        String weights = done.at("/output/weights").stringValue();
        assertThat(weights).endsWith("/delivery/" + id + "/trained_model.tar");
        assertThat(done.at("/metrics/predict_time").doubleValue()).isEqualTo(9.0);
        assertThat(done.at("/metrics/total_time").doubleValue()).isEqualTo(10.0);
        assertThat(done.get("logs").stringValue()).contains("100%|##########| 1000/1000");
        assertThat(new SimulatorHttp().get(URI.create(weights), null).status()).isEqualTo(200);
    }

    @Test
    void aCancelledTrainingStopsAndIsBilledTheTimeItRan() {
        String id = start("{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\"https://example.com/set.zip\"}}");
        clock.advance(Duration.ofSeconds(3));

        JsonNode canceled = calls.cancelTraining(id).json();
        clock.advance(Duration.ofSeconds(20));

        assertThat(canceled.get("status").stringValue()).isEqualTo("canceled");
        assertThat(canceled.at("/metrics/predict_time").doubleValue()).isEqualTo(2.0);
        JsonNode later = calls.training(id).json();
        assertThat(later.get("status").stringValue()).isEqualTo("canceled");
        assertThat(later.get("output").isNull()).isTrue();
        assertThat(later.get("logs").stringValue()).contains(" 200/1000").endsWith("Training canceled\n");
        assertThat(calls.cancelTraining(id).json().get("status").stringValue()).isEqualTo("canceled");
        assertThat(calls.cancelTraining("nosuchtraining").status()).isEqualTo(404);
    }

    @Test
    void aTrainingSetTheTrainerCannotReadFailsTheTrainingNotTheCreate() {
        String notZip = start("{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\"data:application/zip;base64,"
                + Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8)) + "\"}}");
        String gone = start("{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\""
                + simulator.baseUrl(Vendor.REPLICATE) + "/files/nosuchfile\"}}");
        String zipped = start("{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\"data:application/zip;base64,"
                + Base64.getEncoder().encodeToString(zip()) + "\"}}");
        simulator.profile(Vendor.REPLICATE, TEN_SECONDS.withErrorRate(1.0));
        String broken = start("{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\"https://example.com/a.zip\"}}");
        clock.advance(Duration.ofSeconds(11));

        assertThat(calls.training(notZip).json().get("error").stringValue()).contains("not a zip");
        assertThat(calls.training(gone).json().get("error").stringValue()).contains("404");
        assertThat(calls.training(zipped).json().get("status").stringValue()).isEqualTo("succeeded");
        JsonNode failed = calls.training(broken).json();
        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("error").stringValue()).isNotBlank();
        assertThat(failed.at("/metrics/predict_time").doubleValue()).isEqualTo(9.0);
    }

    @Test
    void createsAreRefusedAsPredictionsAreAndBadBodiesNameTheirField() {
        String ok = "{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\"https://example.com/set.zip\"}}";
        assertThat(calls.post("/models/" + TRAINER + "/versions/" + VERSION + "/trainings", ok, null, "Bearer wrong")
                .status()).isEqualTo(401);
        assertThat(calls.train(TRAINER, "latest", ok).status()).isEqualTo(422);
        assertInvalid("{\"input\":{\"input_images\":\"https://example.com/set.zip\"}}", "destination");
        assertInvalid("{\"destination\":\"genpipe/x\"}", "input");
        assertInvalid("{\"destination\":\"genpipe/x\",\"input\":{}}", "input.input_images");
        assertInvalid("{\"destination\":\"genpipe/x\",\"input\":{\"input_images\":\"https://e.com/a.zip\",\"steps\":0}}",
                "input.steps");
        assertInvalid("{\"destination\":\"genpipe/x\",\"webhook\":\"http://e.com/h\",\"input\":{\"input_images\":"
                + "\"https://e.com/a.zip\"}}", "webhook");

        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withCreditExhausted(true));
        Reply credit = calls.train(TRAINER, VERSION, ok);
        assertThat(credit.status()).isEqualTo(402);
        assertThat(credit.json().get("title").stringValue()).isEqualTo("Insufficient credit");

        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofSeconds(30)));
        Reply throttled = calls.train(TRAINER, VERSION, ok);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().get("detail").stringValue()).contains("resets in ~30s");

        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withConcurrency(1));
        assertThat(calls.train(TRAINER, VERSION, ok).status()).isEqualTo(201);
        assertThat(calls.train(TRAINER, VERSION, ok).status()).as("one training runs").isEqualTo(429);
        assertThat(simulator.limitRefusals(Vendor.REPLICATE)).isEqualTo(1);

        simulator.profile(Vendor.REPLICATE, VendorProfile.outageProfile());
        assertThat(calls.train(TRAINER, VERSION, ok).status()).isEqualTo(503);
        assertThat(calls.upload("set.zip", "application/zip", zip()).status()).isEqualTo(503);
    }

    private void assertInvalid(String body, String field) {
        Reply reply = calls.train(TRAINER, VERSION, body);
        assertThat(reply.status()).as(body).isEqualTo(422);
        assertThat(reply.json().at("/invalid_fields/0/field").stringValue()).as(body).isEqualTo(field);
    }

    private String start(String body) {
        Reply created = calls.train(TRAINER, VERSION, body);
        assertThat(created.status()).as(body).isEqualTo(201);
        return created.json().get("id").stringValue();
    }

    private static byte[] zip() {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            zip.putNextEntry(new ZipEntry("image-0.png"));
            zip.write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return archive.toByteArray();
    }
}
