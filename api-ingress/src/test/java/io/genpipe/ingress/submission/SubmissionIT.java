package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionIT extends RunningIngress {

    private KafkaTopicReader jobs;

    /** After the context is up: the ingress declares the topic when it starts. */
    @BeforeEach
    void readJobs() {
        jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void anAcceptedJobIsOnTheBrokerWithItsIdAsKey() throws Exception {
        String jobId = "ingress-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/jobs", """
                {"jobId":"%s","tenantId":"acme","prompt":"a red bicycle","params":{"width":768,"height":512}}
                """.formatted(jobId));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("jobId").asString()).isEqualTo(jobId);
        assertThat(body.path("statusUrl").asString()).endsWith("/v1/jobs/" + jobId);
        assertThat(response.headers().firstValue("Location")).hasValue(body.path("statusUrl").asString());
        // The 202 came after the broker's acknowledgement, so the record is readable at once.
        ConsumerRecord<String, byte[]> record = jobs.awaitKey(jobId, Duration.ofSeconds(10));
        JobRequested job = JsonSerde.instance().read(record.value(), JobRequested.class);
        assertThat(job.prompt()).isEqualTo("a red bicycle");
        assertThat(job.tenantId()).isEqualTo("acme");
        assertThat(job.params().width()).isEqualTo(768);
    }

    @Test
    void aJobWithoutIdGetsOne() throws Exception {
        HttpResponse<String> response = post("/v1/jobs", "{\"prompt\":\"a lighthouse\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        String jobId = JSON.readTree(response.body()).path("jobId").asString();
        assertThat(UUID.fromString(jobId)).isNotNull();
        assertThat(jobs.awaitKey(jobId, Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void aBatchBecomesOneJobPerPromptSharingTheBatchId() throws Exception {
        String batchId = "batch-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/batches", """
                {"batchId":"%s","tenantId":"acme","prompts":["one","two","three"],"params":{"count":2}}
                """.formatted(batchId));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("jobs").asInt()).isEqualTo(3);
        assertThat(body.path("statusUrl").asString()).endsWith("/v1/batches/" + batchId);
        List<String> prompts = new java.util.ArrayList<>();
        for (JsonNode jobId : body.path("jobIds")) {
            JobRequested job = JsonSerde.instance().read(
                    jobs.awaitKey(jobId.asString(), Duration.ofSeconds(10)).value(), JobRequested.class);
            assertThat(job.batchId()).isEqualTo(batchId);
            assertThat(job.batchSize()).as("each says how many the batch has").isEqualTo(3);
            assertThat(job.params().count()).isEqualTo(2);
            prompts.add(job.prompt());
        }
        assertThat(prompts).containsExactly("one", "two", "three");
    }

    @Test
    void anAcceptedJobCarriesItsRoutingRequestAndStepsToTheTopic() throws Exception {
        String jobId = "routed-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/jobs", """
                {"jobId":"%s","prompt":"a lighthouse","params":{"steps":8},
                 "routing":{"preset":"fast","provider":"fal","prioritize":"load","fallback":true}}
                """.formatted(jobId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JobRequested job = JsonSerde.instance().read(jobs.awaitKey(jobId, Duration.ofSeconds(10)).value(),
                JobRequested.class);
        // Published as asked: the router, not the ingress, applies the preset's steps and the priorities.
        assertThat(job.params().steps()).isEqualTo(8);
        assertThat(job.routing()).isEqualTo(new RoutingRequest(RoutingRequest.Priority.LOAD, null, null, null, null,
                RoutingRequest.Preset.FAST, "fal", true));
    }

    @Test
    void everyJobOfABatchCarriesTheBatchsRoutingRequest() throws Exception {
        String batchId = "routed-batch-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/batches", """
                {"batchId":"%s","prompts":["one","two"],"routing":{"provider":"openai"}}
                """.formatted(batchId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        for (String jobId : List.of(batchId + "-1", batchId + "-2")) {
            JobRequested job = JsonSerde.instance().read(jobs.awaitKey(jobId, Duration.ofSeconds(10)).value(),
                    JobRequested.class);
            assertThat(job.routingOrNone().provider()).isEqualTo("openai");
        }
    }

    @Test
    void aRoutingValueOutsideTheContractIsRefusedNamingItsPath() throws Exception {
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"routing\":{\"quality\":\"gold\"}}"), "routing.quality");
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"routing\":{\"maxCostPerImageUsd\":-1}}"),
                "routing.maxCostPerImageUsd");
        assertProblem(post("/v1/batches", "{\"prompts\":[\"x\"],\"routing\":{\"budget\":\"huge\"}}"),
                "routing.budget");
    }

    @Test
    void aMissingPromptIsRefusedNamingTheField() throws Exception {
        assertProblem(post("/v1/jobs", "{\"tenantId\":\"acme\"}"), "prompt");
    }

    @Test
    void anOutOfRangeParameterIsRefusedNamingItsPath() throws Exception {
        // The contract only requires positive sizes; what a model takes is the catalog's to say (see RefusedJobsIT).
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"params\":{\"width\":0}}"), "params.width");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() throws Exception {
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"maxAttempts\":\"many\"}"), "maxAttempts");
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"operation\":\"text-to-sound\"}"), "operation");
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"jobId\":\"../../etc/passwd\"}"), "jobId");
        assertProblem(post("/v1/jobs", "{\"prompt\":\"x\",\"deadline\":\"2020-01-01T00:00:00Z\"}"), "deadline");
    }

    @Test
    void aBlankPromptInABatchIsRefusedNamingItsPosition() throws Exception {
        assertProblem(post("/v1/batches", "{\"prompts\":[\"fine\",\"  \"]}"), "prompts[1]");
        assertProblem(post("/v1/batches", "{\"prompts\":[]}"), "prompts");
    }

    @Test
    void bytesThatAreNotJsonAreRefused() throws Exception {
        HttpResponse<String> response = post("/v1/jobs", "{\"prompt\": nope");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void anEditJobNamesTheCallersUploadByReference() throws Exception {
        byte[] png = png();
        HttpResponse<String> upload = upload(png, "image/png", TENANT_KEY);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonNode uploaded = JSON.readTree(upload.body());
        String uri = uploaded.path("uri").asString();
        assertThat(uri).startsWith("file:").endsWith(".png");
        assertThat(Path.of(URI.create(uri))).startsWith(IMAGE_STORE.resolve("uploads").resolve("acme"))
                .hasBinaryContent(png);
        assertThat(uploaded.path("contentType").asString()).isEqualTo("image/png");
        assertThat(uploaded.path("bytes").asLong()).isEqualTo(png.length);
        assertThat(upload.headers().firstValue("Location")).hasValueSatisfying(location -> {
            assertThat(uri).endsWith(location.substring(location.lastIndexOf('/')));
            assertThat(get(location).body()).isNotEmpty();
        });
        String jobId = "edit-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/jobs", """
                {"jobId":"%s","operation":"image-edit","prompt":"add a red hat","inputs":{"images":["%s"]}}
                """.formatted(jobId, uri));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JobRequested job = JsonSerde.instance().read(jobs.awaitKey(jobId, Duration.ofSeconds(10)).value(),
                JobRequested.class);
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.inputs().images()).containsExactly(uri);
    }

    @Test
    void anotherTenantsUploadIsRefusedNamingTheFieldButAnAdminMayUseIt() throws Exception {
        String betas = uploaded(png(), OTHER_TENANT_KEY);
        String body = """
                {"operation":"image-edit","prompt":"add a red hat","inputs":{"images":["%s"]}}""".formatted(betas);

        HttpResponse<String> refused = post("/v1/jobs", body);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).path("field").asString()).isEqualTo("inputs.images[0]");
        assertThat(post("/v1/jobs", body, ADMIN_KEY).statusCode()).isEqualTo(202);
        HttpResponse<String> batch = post("/v1/batches", """
                {"operation":"image-edit","jobs":[{"prompt":"one","inputs":{"images":["https://example.com/a.png"]}},
                 {"prompt":"two","inputs":{"images":["%s"]}}]}""".formatted(betas));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(403);
        assertThat(json(batch).path("field").asString()).isEqualTo("jobs[1].inputs.images[0]");
    }

    /** 404 as for a name nobody has, never 403: a tenant cannot tell another's upload exists. */
    @Test
    void anotherTenantsUploadIsNotFoundEvenWhenItNamesTheOwner() throws Exception {
        byte[] png = png();
        String location = upload(png, "image/png", TENANT_KEY).headers().firstValue("Location").orElseThrow();
        String name = location.substring(location.lastIndexOf('/') + 1);
        String nobodys = "/v1/uploads/" + "0".repeat(32) + ".png";

        HttpResponse<String> foreign = get(location, OTHER_TENANT_KEY);
        HttpResponse<String> namingTheOwner = get(location + "?tenantId=acme", OTHER_TENANT_KEY);
        HttpResponse<String> unknown = get(nobodys, OTHER_TENANT_KEY);
        HttpResponse<String> askingForAnImage = send(HttpRequest.newBuilder(uri(location))
                .header("Authorization", "Bearer " + OTHER_TENANT_KEY).header("Accept", "image/*").GET().build());

        for (HttpResponse<String> response : List.of(foreign, namingTheOwner, unknown, askingForAnImage)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).path("field").asString()).isEqualTo("name");
        }
        // The same words for another tenant's upload as for nobody's, its name aside.
        assertThat(foreign.body()).isEqualTo(namingTheOwner.body());
        assertThat(json(foreign).path("detail").asString().replace(name, "?"))
                .isEqualTo(json(unknown).path("detail").asString().replace("0".repeat(32) + ".png", "?"));
        // Its own tenant and an admin naming that tenant read it.
        assertThat(get(location, TENANT_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> admin = get(location + "?tenantId=acme", ADMIN_KEY);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @Test
    void aDataUriIsRefusedNamingTheField() throws Exception {
        assertProblem(post("/v1/jobs", """
                {"operation":"image-edit","prompt":"x","inputs":{"images":["https://example.com/a.png",
                 "data:image/png;base64,iVBORw0KGgo="]}}"""), "inputs.images[1]");
    }

    @Test
    void aTrainingJobWithoutPromptIsAcceptedWithItsTriggerWordAsPrompt() throws Exception {
        String batchId = "train-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/batches", """
                {"batchId":"%s","operation":"model-training","jobs":[{"inputs":{"images":["https://example.com/set.zip"],
                 "training":{"name":"my-dog","triggerWord":"TOK","steps":1000}}}]}""".formatted(batchId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JobRequested job = JsonSerde.instance().read(jobs.awaitKey(batchId + "-1", Duration.ofSeconds(10)).value(),
                JobRequested.class);
        assertThat(job.operation()).isEqualTo(Operation.MODEL_TRAINING);
        assertThat(job.prompt()).isEqualTo("TOK");
        assertThat(job.inputs().training().name()).isEqualTo("my-dog");
        assertThat(job.inputs().isArchive()).isTrue();
    }

    @Test
    void anUploadOverTheLimitIs413AndOneThatIsNoImage400() throws Exception {
        HttpResponse<String> tooLarge = upload(new byte[MAX_UPLOAD_BYTES + 1], "image/png", TENANT_KEY);

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> text = upload("GIF89a, not one of ours".getBytes(StandardCharsets.UTF_8), "image/png",
                TENANT_KEY);
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(json(text).path("field").asString()).isEqualTo("body");
    }

    private void assertProblem(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("field").asString()).isEqualTo(field);
        assertThat(problem.path("detail").asString()).startsWith(field);
    }
}
