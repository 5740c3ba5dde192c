package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.Multipart;
import io.genpipe.ingress.RunningIngress;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.simulator.Vendor;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/images/generations} over HTTP, in the official request shapes an OpenAI SDK sends, on the real
 * broker. The test stands in for the router: it finds the job the ingress published (by its unique prompt) and writes
 * the outcome to {@code genpipe.outcomes.v1}, so every answer (images from the simulator's fal file server and from
 * a local image store, each failure, the timeout) is driven exactly. The whole pipeline answering the same request is
 * local-stack's {@code OpenAiImagesPipelineIT}.
 */
@TestPropertySource(properties = "genpipe.ingress.openai.wait-timeout=3s")
class OpenAiImagesIT extends RunningIngress {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final HttpClient sdk = HttpClient.newHttpClient();

    @Autowired
    private EventPublisher publisher;

    @Autowired
    private MeterRegistry meters;

    private KafkaTopicReader jobs;

    @BeforeEach
    void readJobs() {
        jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void aSucceededJobAnswersTheImagesAsBase64() throws Exception {
        String prompt = unique("A cute baby sea otter");
        Path stored = png(IMAGE_STORE.resolve("otter-2.png"));
        String vendorUrl = simulatorImage("ff8800");

        CompletableFuture<HttpResponse<String>> answer = generate("""
                {"model":"gpt-image-2","prompt":"%s","n":2,"size":"1024x1536","quality":"auto","user":"user-1234"}
                """.formatted(prompt));
        JobRequested job = awaitJob(prompt);
        // The job as published: durable before anything is awaited, and a job like any other.
        assertThat(job.tenantId()).isEqualTo("acme");
        assertThat(job.model()).isEqualTo("gpt-image-2");
        assertThat(job.params().count()).isEqualTo(2);
        assertThat(job.params().width()).isEqualTo(1024);
        assertThat(job.params().height()).isEqualTo(1536);
        JobSucceeded outcome = succeeded(job, new ImageRef(vendorUrl, 1024, 1536, "image/png"),
                new ImageRef(stored.toUri().toString(), 1024, 1536, "image/png"));
        publish(outcome);

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(response.headers().firstValue(ImageGenerations.JOB_ID_HEADER)).hasValue(job.jobId());
        assertThat(body.path("created").asLong()).isEqualTo(outcome.occurredAt().getEpochSecond());
        assertThat(body.path("data")).hasSize(2);
        for (JsonNode image : body.path("data")) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(image.path("b64_json").asString())));
            assertThat(decoded).as("a decodable image").isNotNull();
            assertThat(image.has("url")).isFalse();
        }
        assertThat(body.path("size").asString()).isEqualTo("1024x1536");
        assertThat(body.path("output_format").asString()).isEqualTo("png");
        assertThat(body.has("usage")).isFalse();
        assertThat(meters.counter(ImageGenerations.REQUESTS, "outcome", "succeeded").count()).isPositive();
    }

    @Test
    void aSucceededJobAnswersUrlsAndALocalImageAsADataUrl() throws Exception {
        String prompt = unique("a lighthouse at dawn");
        Path stored = png(IMAGE_STORE.resolve("lighthouse.png"));
        String vendorUrl = simulatorImage("3366ff");

        CompletableFuture<HttpResponse<String>> answer = generate("""
                {"prompt":"%s","model":"fal-ai/flux/schnell","n":2,"response_format":"url"}""".formatted(prompt));
        JobRequested job = awaitJob(prompt);
        publish(succeeded(job, new ImageRef(vendorUrl, 1024, 1024, "image/png"),
                new ImageRef(stored.toUri().toString(), 1024, 1024, null)));

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = json(response).path("data");
        assertThat(data.get(0).path("url").asString()).isEqualTo(vendorUrl);
        String dataUrl = data.get(1).path("url").asString();
        assertThat(dataUrl).startsWith("data:image/png;base64,");
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                dataUrl.substring(dataUrl.indexOf(',') + 1))))).isNotNull();
    }

    @Test
    void contentTheVendorRejectedIsOpenAisModerationError() throws Exception {
        String prompt = unique("something the vendor refuses");

        CompletableFuture<HttpResponse<String>> answer = generate("{\"prompt\":\"" + prompt + "\"}");
        JobRequested job = awaitJob(prompt);
        publish(new JobFailed(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), job.jobId(),
                Instant.now(), job.tenantId(), null, job.occurredAt(), FailureClass.CONTENT_REJECTED,
                "fal rejected the prompt: content policy", List.of(), null));

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").asString()).isEqualTo("image_generation_user_error");
        assertThat(error.path("code").asString()).isEqualTo("moderation_blocked");
        assertThat(error.path("message").asString()).contains("content policy").contains(job.jobId());
    }

    @Test
    void aRequestGenpipeCannotDoIsRefusedNamingTheMemberAndNothingIsPublished() throws Exception {
        String prompt = unique("too big");

        assertError(generate("""
                {"prompt":"%s","model":"fal-ai/flux/schnell","size":"4096x4096"}""".formatted(prompt)).get(),
                422, "size", "no_model_fits");
        assertError(generate("{\"prompt\":\"" + prompt + "\",\"model\":\"dall-e-3\"}").get(),
                422, "model", "unknown_model");
        assertError(generate("{\"prompt\":\"" + prompt + "\",\"background\":\"transparent\"}").get(),
                400, "background", "unsupported_value");
        assertError(generate("{\"prompt\":\"" + prompt + "\",\"n\":\"2\"}").get(), 400, "n", "invalid_value");
        assertError(generate("{\"prompt\":\"" + prompt + "\",\"seed\":7}").get(), 400, "seed", "unknown_parameter");
        assertError(generate("{\"n\":1}").get(), 400, "prompt", "missing_required_parameter");

        assertThat(jobs.readNow(record -> prompt(record.value()).equals(prompt))).isEmpty();
    }

    @Test
    void aJobNotDoneWithinTheWaitIsAnsweredWithItsStatusUrl() throws Exception {
        String prompt = unique("a slow one");

        CompletableFuture<HttpResponse<String>> answer = generate("{\"prompt\":\"" + prompt + "\"}");
        JobRequested job = awaitJob(prompt);

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.path("job_id").asString()).isEqualTo(job.jobId());
        assertThat(body.path("status").asString()).isEqualTo("PENDING");
        assertThat(body.path("status_url").asString()).endsWith("/v1/jobs/" + job.jobId());
        assertThat(body.path("data").isEmpty()).isTrue();
        assertThat(response.headers().firstValue("Location")).hasValue(body.path("status_url").asString());
        assertThat(meters.counter(ImageGenerations.REQUESTS, "outcome", "timed_out").count()).isPositive();
        // Nobody waits any more: a late outcome finds no waiter, and nothing leaks.
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(meters.get(ImageGenerations.WAITING).gauge().value()).isZero());
        publish(succeeded(job, new ImageRef(simulatorImage("00ff00"), 1024, 1024, "image/png")));
    }

    /** As the SDKs send an edit (multipart): its files are stored and its job published before the wait ends. */
    @Test
    void anEditNotDoneWithinTheWaitIsAnsweredWithItsStatusUrl() throws Exception {
        String prompt = unique("a slow edit");
        byte[] image = Files.readAllBytes(png(IMAGE_STORE.resolve("slow-edit.png")));
        Multipart form = new Multipart().field("model", "gpt-image-2").field("prompt", prompt)
                .file("image", "dog.png", "image/png", image);
        double timedOut = meters.counter(ImageGenerations.REQUESTS, "outcome", "timed_out").count();

        CompletableFuture<HttpResponse<String>> answer = edit(form.contentType(), form.bytes());
        JobRequested job = awaitJob(prompt);
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.path("job_id").asString()).isEqualTo(job.jobId());
        assertThat(response.headers().firstValue(ImageGenerations.JOB_ID_HEADER)).hasValue(job.jobId());
        assertThat(body.path("status").asString()).isEqualTo("PENDING");
        assertThat(body.path("status_url").asString()).endsWith("/v1/jobs/" + job.jobId());
        assertThat(body.path("data").isEmpty()).isTrue();
        assertThat(response.headers().firstValue("Location")).hasValue(body.path("status_url").asString());
        assertThat(meters.counter(ImageGenerations.REQUESTS, "outcome", "timed_out").count()).isGreaterThan(timedOut);
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(meters.get(ImageGenerations.WAITING).gauge().value()).isZero());
        // The job goes on: its uploaded image is still there for the worker that takes it.
        assertThat(Path.of(URI.create(job.inputs().images().get(0)))).hasBinaryContent(image);
    }

    @Test
    void anOutcomeTheReaderCannotParseIsSkippedAndTheNextOneAnswers() throws Exception {
        String prompt = unique("after a bad record");

        CompletableFuture<HttpResponse<String>> answer = generate("{\"prompt\":\"" + prompt + "\"}");
        JobRequested job = awaitJob(prompt);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.OUTCOMES.name(), job.jobId(),
                    "{\"type\":\"JobExploded\"}".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
        publish(succeeded(job, new ImageRef(simulatorImage("abcdef"), 1024, 1024, "image/png")));

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("data").get(0).path("b64_json").asString()).isNotEmpty();
    }

    /** As the OpenAI Python SDK sends it: JSON, a bearer key, and its own user agent. */
    @Test
    void aMultipartEditStoresItsFilesAsUploadsAndIsAnImageEditJob() throws Exception {
        String prompt = unique("Add a watercolor effect");
        byte[] image = Files.readAllBytes(png(IMAGE_STORE.resolve("to-edit.png")));
        Multipart form = new Multipart().field("model", "gpt-image-2").field("prompt", prompt).field("n", "1")
                .field("size", "1024x1024").file("image[]", "a.png", "image/png", image)
                .file("image[]", "b.png", "application/octet-stream", image).file("mask", "m.png", "image/png", image);

        CompletableFuture<HttpResponse<String>> answer = edit(form.contentType(), form.bytes());
        JobRequested job = awaitJob(prompt);
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.tenantId()).isEqualTo("acme");
        assertThat(job.model()).isEqualTo("gpt-image-2");
        assertThat(job.inputs().images()).hasSize(2).allSatisfy(uri -> assertThat(Path.of(URI.create(uri)))
                .startsWith(IMAGE_STORE.resolve("uploads").resolve("acme")).hasBinaryContent(image));
        assertThat(job.inputs().mask()).startsWith("file:");
        publish(succeeded(job, new ImageRef(simulatorImage("22aa44"), 1024, 1024, "image/png")));

        HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("data").get(0).path("b64_json").asString()).isNotEmpty();
        assertThat(meters.counter(ImageEdits.EDITS, "form", "multipart").count()).isPositive();
    }

    @Test
    void aJsonEditNamesUrlsAsTheyAreAndStoresDataUrls() throws Exception {
        String prompt = unique("Keep the subject centered");
        byte[] image = Files.readAllBytes(png(IMAGE_STORE.resolve("data-url.png")));

        CompletableFuture<HttpResponse<String>> answer = edit("application/json", """
                {"model":"gpt-image-2","prompt":"%s","images":[{"image_url":"https://example.com/source.png"},
                 {"image_url":"data:image/png;base64,%s"}],"quality":"auto"}"""
                .formatted(prompt, Base64.getEncoder().encodeToString(image)).getBytes(StandardCharsets.UTF_8));
        JobRequested job = awaitJob(prompt);
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.inputs().images().get(0)).isEqualTo("https://example.com/source.png");
        assertThat(Path.of(URI.create(job.inputs().images().get(1)))).hasBinaryContent(image);
        assertThat(job.routing()).isNull();
        publish(succeeded(job, new ImageRef(simulatorImage("aa2244"), 1024, 1024, "image/png")));

        assertThat(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aJsonEditNamingAnotherTenantsUploadIsRefusedInOpenAisShape() throws Exception {
        String betas = uploaded(png(), OTHER_TENANT_KEY);

        HttpResponse<String> response = edit("application/json", """
                {"prompt":"x","images":[{"image_url":"%s"}]}""".formatted(betas).getBytes(StandardCharsets.UTF_8))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(json(response).path("error").path("param").asString()).isEqualTo("images[0].image_url");
        assertError(edit("application/json", "{\"prompt\":\"x\",\"images\":[{\"file_id\":\"file-abc\"}]}"
                .getBytes(StandardCharsets.UTF_8)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS), 400,
                "images[0].file_id", "unsupported_value");
    }

    private CompletableFuture<HttpResponse<String>> edit(String contentType, String json) {
        return edit(contentType, json.getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<HttpResponse<String>> edit(String contentType, byte[] body) {
        return sdk.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/images/edits"))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + TENANT_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> generate(String json) {
        return sdk.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/images/generations"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TENANT_KEY)
                .header("User-Agent", "OpenAI/Python 2.8.0")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JobRequested awaitJob(String prompt) {
        return JsonSerde.instance().read(jobs.awaitFirst(record -> prompt(record.value()).equals(prompt), PATIENCE)
                .value(), JobRequested.class);
    }

    private static String prompt(byte[] job) {
        try {
            return JsonSerde.instance().read(job, JobRequested.class).prompt();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private void publish(JobOutcome outcome) throws Exception {
        publisher.publish(Topics.OUTCOMES, outcome.jobId(), outcome).get(10, TimeUnit.SECONDS);
    }

    private static JobSucceeded succeeded(JobRequested job, ImageRef... images) {
        return new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), job.jobId(),
                Instant.parse("2026-12-02T09:00:07Z"), job.tenantId(), null, job.occurredAt(), "fal",
                "fal-ai/flux/schnell", List.of(images),
                List.of(new AttemptSummary(1, "fal", "fal-ai/flux/schnell", null, null, new BigDecimal("0.003"), 900)),
                null);
    }

    /** A PNG the simulator's fal file server makes on request, as fal's media URLs serve. */
    private static String simulatorImage(String colour) {
        return TestInfrastructure.shared().simulator().baseUrl(Vendor.FAL)
                .resolve("/files/openai-it-" + colour + ".png").toString();
    }

    private static Path png(Path file) throws IOException {
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID();
    }

    private static void assertError(HttpResponse<String> response, int status, String param, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asString()).isEqualTo(param);
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("message").asString()).contains(param);
    }
}
