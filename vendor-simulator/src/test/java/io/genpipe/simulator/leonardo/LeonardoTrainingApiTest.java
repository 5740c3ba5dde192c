package io.genpipe.simulator.leonardo;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.genpipe.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leonardo's dataset, presigned upload and custom-model training calls, on a clock the test moves. One simulator for
 * the class (each test makes its own datasets); counters are read as differences.
 */
class LeonardoTrainingApiTest {

    private static final String KEY = "Bearer right-key";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    private static final VendorProfile TWENTY_MINUTES = VendorProfile.healthy()
            .withLatency(LatencyProfile.fixed(Duration.ofMinutes(20)));
    private static final SimulatorHttp http = new SimulatorHttp();
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private static VendorSimulator simulator;
    private static String root;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.LEONARDO, "right-key")
                .withProfile(Vendor.LEONARDO, TWENTY_MINUTES), clock);
        root = simulator.baseUrl(Vendor.LEONARDO).toString();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void usualProfileAgain() {
        simulator.profile(Vendor.LEONARDO, TWENTY_MINUTES);
    }

    @Test
    void aDatasetOfUploadedImagesTrainsForTheProfilesLatencyAndIsChargedAtOnce() {
        long before = simulator.requestCount(Vendor.LEONARDO);
        String dataset = dataset("fox");
        upload(dataset, "png");
        upload(dataset, "jpg");

        JsonNode images = http.get(URI.create(root + "/datasets/" + dataset), KEY).json().get("datasets_by_pk");
        assertThat(images.get("name").stringValue()).isEqualTo("fox");
        assertThat(images.get("dataset_images")).hasSize(2);

        Reply trained = http.post(URI.create(root + "/models"), KEY, train(dataset, "\"resolution\":768,\"sd_Version\":\"SDXL_1_0\""));
        assertThat(trained.status()).as(trained.json().toString()).isEqualTo(200);
        JsonNode job = trained.json().get("sdTrainingJob");
        String model = job.get("customModelId").stringValue();
        assertThat(model).matches("[0-9a-f-]{36}");
        assertThat(job.get("apiCreditCost").intValue()).isEqualTo(LeonardoTraining.CREDIT_COST);
        assertThat(job.get("cost")).isEqualTo(json("{\"amount\":\"500\",\"unit\":\"CREDITS\"}"));
        // Only the paid call counts as a create, as POST /generations does.
        assertThat(simulator.requestCount(Vendor.LEONARDO) - before).isEqualTo(1);

        JsonNode pending = model(model);
        assertThat(pending.get("status").stringValue()).isEqualTo("PENDING");
        assertThat(pending.get("instancePrompt").stringValue()).isEqualTo("TOK");
        assertThat(pending.get("sdVersion").stringValue()).isEqualTo("SDXL_1_0");
        assertThat(pending.get("modelWidth").intValue()).isEqualTo(768);
        assertThat(pending.get("type").stringValue()).isEqualTo("GENERAL");

        clock.advance(Duration.ofMinutes(20));
        assertThat(model(model).get("status").stringValue()).isEqualTo("COMPLETE");
    }

    @Test
    void aDatasetWithNoImagesRefusesTheTraining() {
        Reply refused = http.post(URI.create(root + "/models"), KEY, train(dataset("empty"), ""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").stringValue()).contains("has no images");
        assertThat(refused.json().get("path").stringValue()).isEqualTo("$");
    }

    @Test
    void aDeletedModelStopsAndIsNoLongerKnown() {
        String dataset = dataset("fox");
        upload(dataset, "webp");
        String model = http.post(URI.create(root + "/models"), KEY, train(dataset, "")).json()
                .get("sdTrainingJob").get("customModelId").stringValue();

        Reply deleted = send(HttpRequest.newBuilder(URI.create(root + "/models/" + model)).DELETE()
                .header("Authorization", KEY).build());
        Reply again = send(HttpRequest.newBuilder(URI.create(root + "/models/" + model)).DELETE()
                .header("Authorization", KEY).build());

        assertThat(deleted.json()).isEqualTo(json("{\"delete_custom_models_by_pk\":{\"id\":\"" + model + "\"}}"));
        assertThat(again.json().get("delete_custom_models_by_pk").isNull()).isTrue();
        assertThat(model(model).isNull()).isTrue();
    }

    @Test
    void everyTrainingCallNeedsTheKeyButTheStorageTakesTheSignedFormInstead() {
        String dataset = dataset("fox");
        JsonNode form = presign(dataset, "png");

        assertThat(http.post(URI.create(root + "/datasets"), null, "{\"name\":\"x\"}").status()).isEqualTo(401);
        assertThat(http.post(URI.create(root + "/datasets/" + dataset + "/upload"), "Bearer wrong", "{\"extension\":\"png\"}")
                .status()).isEqualTo(401);
        assertThat(http.get(URI.create(root + "/datasets/" + dataset), null).status()).isEqualTo(401);
        assertThat(http.post(URI.create(root + "/models"), null, train(dataset, "")).status()).isEqualTo(401);
        assertThat(http.get(URI.create(root + "/models/" + dataset), "Key right-key").status()).isEqualTo(401);
        assertThat(http.get(URI.create(root + "/models/" + dataset), null).json().get("code").stringValue())
                .isEqualTo("access-denied");
        assertThat(store(form, PNG).status()).isEqualTo(204);
    }

    @Test
    void theStorageTakesEachSignedFormOnceAndRefusesAsS3Does() {
        String dataset = dataset("fox");
        JsonNode form = presign(dataset, "png");
        Map<String, String> forged = fields(form);
        forged.put("X-Amz-Signature", "00");

        Reply badSignature = store(form.get("url").stringValue(), forged, PNG);
        Reply noFile = store(presign(dataset, "png"), null);
        Reply stored = store(form, PNG);
        Reply reused = store(form, PNG);

        assertThat(badSignature.status()).isEqualTo(403);
        assertThat(new String(badSignature.body(), StandardCharsets.UTF_8)).contains("<Code>AccessDenied</Code>");
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(stored.status()).isEqualTo(204);
        assertThat(reused.status()).isEqualTo(403);
        assertThat(http.get(URI.create(root + "/datasets/" + dataset), KEY).json().get("datasets_by_pk")
                .get("dataset_images")).hasSize(1);
    }

    @Test
    void refusesBadTrainingFieldsAndExtensionsAsTypeErrors() {
        String dataset = dataset("fox");
        upload(dataset, "png");

        assertThat(http.post(URI.create(root + "/datasets/" + dataset + "/upload"), KEY, "{\"extension\":\"gif\"}")
                .status()).isEqualTo(400);
        assertThat(http.post(URI.create(root + "/models"), KEY, train(dataset, "\"resolution\":600")).json()
                .get("error").stringValue()).contains("resolution");
        assertThat(http.post(URI.create(root + "/models"), KEY, train(dataset, "\"strength\":\"MAX\"")).status())
                .isEqualTo(400);
        assertThat(http.post(URI.create(root + "/models"), KEY, "{\"name\":\"fox\",\"datasetId\":\"" + dataset + "\"}")
                .json().get("error").stringValue()).isEqualTo("Missing required field: instance_prompt");
        assertThat(http.post(URI.create(root + "/models"), KEY, train(dataset, "\"sd_version\":\"v2\"")).status())
                .isEqualTo(200);
        assertThat(http.post(URI.create(root + "/models"), KEY, "{\"name\":\"fox\",\"datasetId\":\"" + dataset
                + "\",\"instance_prompt\":\"a [unsafe] fox\"}").json().get("error").stringValue())
                .isEqualTo("content moderation filter: unsafe");
    }

    @Test
    void theProfileRefusesATrainingAsItRefusesAGeneration() {
        String dataset = dataset("fox");
        upload(dataset, "png");
        URI models = URI.create(root + "/models");
        long before = simulator.requestCount(Vendor.LEONARDO);
        simulator.resetCounters(Vendor.LEONARDO);

        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withCreditExhausted(true));
        assertThat(http.post(models, KEY, train(dataset, "")).json().get("error").stringValue())
                .startsWith("not enough api tokens");
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withRateLimitRate(1.0));
        assertThat(http.post(models, KEY, train(dataset, "")).status()).isEqualTo(429);
        simulator.profile(Vendor.LEONARDO, VendorProfile.outageProfile());
        assertThat(http.post(models, KEY, train(dataset, "")).status()).isEqualTo(503);
        assertThat(http.post(URI.create(root + "/datasets"), KEY, "{\"name\":\"x\"}").status()).isEqualTo(503);
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withRequestsPerMinute(60));
        assertThat(http.post(models, KEY, train(dataset, "")).status()).isEqualTo(200);
        assertThat(http.post(models, KEY, train(dataset, "")).status()).isEqualTo(429);
        assertThat(simulator.limitRefusals(Vendor.LEONARDO)).isEqualTo(1);
        assertThat(simulator.requestCount(Vendor.LEONARDO) - before).isEqualTo(5);

        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withErrorRate(1.0)
                .withLatency(LatencyProfile.fixed(Duration.ofSeconds(3))));
        clock.advance(Duration.ofSeconds(1));
        String failing = http.post(models, KEY, train(dataset, "")).json().get("sdTrainingJob").get("customModelId")
                .stringValue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(model(failing).get("status").stringValue()).isEqualTo("FAILED");
    }

    private static String dataset(String name) {
        Reply created = http.post(URI.create(root + "/datasets"), KEY, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).isEqualTo(200);
        return created.json().get("insert_datasets_one").get("id").stringValue();
    }

    private static JsonNode presign(String dataset, String extension) {
        Reply presigned = http.post(URI.create(root + "/datasets/" + dataset + "/upload"), KEY,
                "{\"extension\":\"" + extension + "\"}");
        assertThat(presigned.status()).as(new String(presigned.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode form = presigned.json().get("uploadDatasetImage");
        assertThat(form.get("fields").isString()).isTrue();
        assertThat(form.get("key").stringValue()).endsWith("." + extension);
        return form;
    }

    private static void upload(String dataset, String extension) {
        assertThat(store(presign(dataset, extension), PNG).status()).isEqualTo(204);
    }

    private static String train(String dataset, String extra) {
        return "{\"name\":\"fox\",\"datasetId\":\"" + dataset + "\",\"instance_prompt\":\"TOK\",\"modelType\":\"GENERAL\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static JsonNode model(String id) {
        Reply reply = http.get(URI.create(root + "/models/" + id), KEY);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("custom_models_by_pk");
    }

    private static Map<String, String> fields(JsonNode form) {
        Map<String, String> fields = new LinkedHashMap<>();
        json(form.get("fields").stringValue()).properties().forEach(field -> fields.put(field.getKey(),
                field.getValue().stringValue()));
        return fields;
    }

    private static Reply store(JsonNode form, byte[] file) {
        return store(form.get("url").stringValue(), fields(form), file);
    }

    /** The multipart POST a presigned S3 form takes: its fields, then the file. No key. */
    private static Reply store(String url, Map<String, String> fields, byte[] file) {
        String boundary = "test-boundary-7c1";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
