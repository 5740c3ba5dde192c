package io.genpipe.ingress.openai;

import com.networknt.schema.Error;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.Multipart;
import io.genpipe.ingress.RunningIngress;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.simulator.Vendor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/images/generations} and {@code /v1/images/edits} against OpenAI's own OpenAPI document
 * ({@link OpenAiSpec}): requests in the document's shapes, each first shown valid by its schema
 * ({@code CreateImageRequest}, {@code CreateImageEditRequest}, {@code EditImageBodyJsonParam}), are accepted as jobs;
 * and what the endpoint answers (images as {@code b64_json} or {@code url}, the 202 of a wait that ended first, an
 * error) is valid by the schema OpenAI answers with ({@code ImagesResponse}, {@code ErrorResponse}). The test stands in
 * for the router, as {@code OpenAiImagesIT} does, on the same context.
 */
@TestPropertySource(properties = "genpipe.ingress.openai.wait-timeout=3s")
class OpenAiImagesContractIT extends RunningIngress {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String EDITS = "/paths/~1images~1edits/post/requestBody/content/";
    /** The document's examples name gpt-image-1.5, shut down on 2026-12-01, the day before this test's clock. */
    private static final String LIVE_MODEL = "gpt-image-2";

    private static OpenAiSpec spec;

    private final HttpClient sdk = HttpClient.newHttpClient();

    @Autowired
    private EventPublisher publisher;

    @BeforeAll
    static void readOpenAisDocument() {
        spec = OpenAiSpec.load();
    }

    /**
     * The document's own example (its curl, model aside), every member at a value genpipe does, URLs from another
     * catalog model, a free size with a quality, and no model at all.
     */
    @Test
    void generationRequestsOfOpenAisShapesAreAcceptedAndAnsweredAsImagesResponses() throws Exception {
        List<String> requests = List.of(
                "{\"model\":\"gpt-image-2\",\"prompt\":\"%s\",\"n\":1,\"size\":\"1024x1024\"}",
                """
                {"model":"gpt-image-2","prompt":"%s","n":2,"size":"auto","quality":"auto","response_format":"b64_json",
                 "background":"auto","moderation":"auto","output_compression":100,"stream":false,"partial_images":0,
                 "user":"user-1234"}""",
                "{\"model\":\"fal-ai/flux/schnell\",\"prompt\":\"%s\",\"n\":2,\"size\":\"1024x1536\","
                        + "\"response_format\":\"url\"}",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"%s\",\"size\":\"1536x864\",\"quality\":\"medium\"}",
                "{\"prompt\":\"%s\"}");
        for (String template : requests) {
            String prompt = unique("A cute baby sea otter");
            JsonNode request = JSON.readTree(template.formatted(prompt));
            assertThat(spec.errors("CreateImageRequest", request)).as("OpenAI's schema on %s", request).isEmpty();

            CompletableFuture<HttpResponse<String>> answer = send("/v1/images/generations", "application/json",
                    JSON.writeValueAsBytes(request));
            JobRequested job = awaitJob(prompt);
            publisher.publish(Topics.OUTCOMES, job.jobId(), succeeded(job)).get(10, TimeUnit.SECONDS);

            HttpResponse<String> response = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("%s: %s", request, response.body()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(spec.errors("ImagesResponse", body)).as("ImagesResponse of %s: %s", request, response.body())
                    .isEmpty();
            String member = "url".equals(request.path("response_format").asString()) ? "url" : "b64_json";
            assertThat(body.path("data")).as(response.body()).hasSize(job.params().count())
                    .allSatisfy(image -> assertThat(image.path(member).asString()).isNotEmpty());
        }
    }

    /** The document's size enum lists OpenAI's three sizes; one of them is still said. */
    @Test
    void aSizeOfOpenAisIsSaidInTheAnswer() throws Exception {
        String prompt = unique("a lighthouse at dawn");
        CompletableFuture<HttpResponse<String>> answer = send("/v1/images/generations", "application/json",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"" + prompt + "\",\"size\":\"1536x1024\"}");
        JobRequested job = awaitJob(prompt);
        publisher.publish(Topics.OUTCOMES, job.jobId(), succeeded(job)).get(10, TimeUnit.SECONDS);

        JsonNode body = json(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertThat(body.path("size").asString()).isEqualTo("1536x1024");
        assertThat(body.path("output_format").asString()).isEqualTo("png");
    }

    @Test
    void theDocumentsMultipartEditExampleIsAnImageEditJob() throws Exception {
        ObjectNode example = example("multipart~1form-data/examples/multipart_edit");
        String prompt = unique(example.path("prompt").asString());
        example.put("prompt", prompt);
        assertThat(spec.errors("CreateImageEditRequest", example)).as("OpenAI's schema on %s", example).isEmpty();
        Multipart form = new Multipart();
        for (Map.Entry<String, JsonNode> member : example.properties()) {
            if (member.getKey().equals("image")) {
                form.file("image", "source.png", "image/png", png());
            } else {
                form.field(member.getKey(), member.getValue().asString());
            }
        }

        CompletableFuture<HttpResponse<String>> answer = send("/v1/images/edits", form.contentType(), form.bytes());
        JobRequested job = awaitJob(prompt);
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.inputs().images()).hasSize(1);
        publisher.publish(Topics.OUTCOMES, job.jobId(), succeeded(job)).get(10, TimeUnit.SECONDS);

        assertImagesResponse(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void theDocumentsJsonEditExampleWithAnImageUrlIsAnImageEditJob() throws Exception {
        ObjectNode example = example("application~1json/examples/json_with_url");
        String prompt = unique(example.path("prompt").asString());
        example.put("prompt", prompt);
        assertThat(spec.errors("EditImageBodyJsonParam", example)).as("OpenAI's schema on %s", example).isEmpty();

        CompletableFuture<HttpResponse<String>> answer = send("/v1/images/edits", "application/json",
                JSON.writeValueAsBytes(example));
        JobRequested job = awaitJob(prompt);
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.inputs().images()).containsExactly(example.path("images").get(0).path("image_url").asString());
        publisher.publish(Topics.OUTCOMES, job.jobId(), succeeded(job)).get(10, TimeUnit.SECONDS);

        assertImagesResponse(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    /** A client that gave up still reads an ImagesResponse (with no images), and genpipe's members beside it. */
    @Test
    void theAnswerOfAWaitThatEndedFirstIsAnImagesResponse() throws Exception {
        String prompt = unique("a slow one");

        HttpResponse<String> response = send("/v1/images/generations", "application/json",
                "{\"prompt\":\"" + prompt + "\"}").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(spec.errors("ImagesResponse", json(response))).as(response.body()).isEmpty();
    }

    /** Among them the document's third edit example: genpipe has no Files API, so a {@code file_id} is refused. */
    @Test
    void refusalsAreOpenAisErrorResponse() throws Exception {
        ObjectNode withFileIds = example("application~1json/examples/json_with_file_id");
        assertThat(spec.errors("EditImageBodyJsonParam", withFileIds)).isEmpty();
        List<HttpResponse<String>> refusals = new ArrayList<>();
        refusals.add(send("/v1/images/edits", "application/json", JSON.writeValueAsBytes(withFileIds)).get());
        refusals.add(send("/v1/images/generations", "application/json", "{\"prompt\": nope").get());
        refusals.add(send("/v1/images/generations", "application/json",
                "{\"prompt\":\"p\",\"model\":\"fal-ai/flux/schnell\",\"size\":\"4096x4096\"}").get());
        refusals.add(send("/v1/images/generations", "text/plain", "a kite").get());

        assertThat(refusals).extracting(HttpResponse::statusCode).containsExactly(400, 400, 422, 415);
        for (HttpResponse<String> refusal : refusals) {
            assertThat(spec.errors("ErrorResponse", json(refusal))).as(refusal.body()).isEmpty();
        }
    }

    /** The validator really reads the schemas: what OpenAI's document refuses is refused. */
    @Test
    void theSchemasRefuseWhatOpenAisDocumentRefuses() {
        assertThat(spec.errors("CreateImageRequest", JSON.readTree("{\"prompt\":\"p\",\"n\":11}"))).isNotEmpty();
        assertThat(spec.errors("ImagesResponse", JSON.readTree("{\"data\":[]}"))).isNotEmpty();
        // Why genpipe leaves size out of an answer of any other size: the document lists OpenAI's three only.
        assertThat(spec.errors("ImagesResponse", JSON.readTree("{\"created\":1,\"size\":\"1536x864\"}")))
                .isNotEmpty();
        assertThat(spec.errors("ErrorResponse",
                JSON.readTree("{\"error\":{\"message\":\"m\",\"type\":\"t\",\"code\":null}}"))).isNotEmpty();
    }

    private void assertImagesResponse(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Error> errors = spec.errors("ImagesResponse", json(response));
        assertThat(errors).as(response.body()).isEmpty();
        assertThat(json(response).path("data").get(0).path("b64_json").asString()).isNotEmpty();
    }

    /** An example of the edits' request body, its model one of the test catalog's live ones. */
    private static ObjectNode example(String path) {
        ObjectNode example = (ObjectNode) spec.at(EDITS + path + "/value").deepCopy();
        example.put("model", LIVE_MODEL);
        return example;
    }

    private CompletableFuture<HttpResponse<String>> send(String path, String contentType, String body) {
        return send(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<HttpResponse<String>> send(String path, String contentType, byte[] body) {
        return sdk.sendAsync(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + TENANT_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JobRequested awaitJob(String prompt) {
        return JsonSerde.instance().read(jobs().awaitFirst(record -> prompt.equals(prompt(record.value())), PATIENCE)
                .value(), JobRequested.class);
    }

    private static String prompt(byte[] job) {
        try {
            return JsonSerde.instance().read(job, JobRequested.class).prompt();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /**
     * The job done as asked: its count of PNGs at its size, the first at the simulator's fal file server (a vendor
     * URL), the others in the image store (answered as data: URLs when URLs are asked).
     */
    private static JobSucceeded succeeded(JobRequested job) throws Exception {
        List<ImageRef> images = new ArrayList<>();
        for (int i = 0; i < job.params().count(); i++) {
            String uri = i == 0 ? TestInfrastructure.shared().simulator().baseUrl(Vendor.FAL)
                    .resolve("/files/contract-" + UUID.randomUUID() + ".png").toString()
                    : Files.write(IMAGE_STORE.resolve(UUID.randomUUID() + ".png"), png()).toUri().toString();
            images.add(new ImageRef(uri, job.params().width(), job.params().height(), "image/png"));
        }
        return new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), job.jobId(),
                Instant.parse("2026-12-02T09:00:07Z"), job.tenantId(), null, job.occurredAt(), "openai", LIVE_MODEL,
                images, List.of(new AttemptSummary(1, "openai", LIVE_MODEL, null, null, new BigDecimal("0.04"), 900)),
                null);
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID();
    }
}
