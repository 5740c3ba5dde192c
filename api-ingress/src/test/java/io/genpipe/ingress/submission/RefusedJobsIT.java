package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import io.genpipe.ingress.validation.JobValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs that follow the contract but that no model of the default catalog can do as asked: 422, and nothing on
 * the topic. Each test then sends the same id in a form the catalog takes: as records of one key share a
 * partition, in order, the first record with that id being the accepted one shows that the refused one was never
 * published.
 */
class RefusedJobsIT extends RunningIngress {

    private KafkaTopicReader jobs;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void readJobs() {
        jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void aJobNamingAShutDownModelIsRefusedNamingItsReplacement() {
        String jobId = "refused-" + UUID.randomUUID();
        double refusedBefore = refused("model");

        JsonNode problem = assertRefused(post("/v1/jobs", job(jobId, "\"model\":\"gpt-image-1\"")), "model");

        assertThat(problem.path("detail").asString())
                .isEqualTo("model: gpt-image-1 shut down on 2026-10-23; replacement gpt-image-2");
        assertThat(problem.path("problem").asString()).isEqualTo("MODEL_SHUT_DOWN");
        assertThat(problem.path("replacement").asString()).isEqualTo("gpt-image-2");
        assertThat(refused("model")).isEqualTo(refusedBefore + 1);
        assertThat(acceptedThenFirstOnTopic(jobId, job(jobId, "\"model\":\"gpt-image-2\"")).model())
                .isEqualTo("gpt-image-2");
    }

    @Test
    void aSizeNoModelTakesIsRefusedNamingParamsAndTheAllowedRange() {
        String jobId = "refused-" + UUID.randomUUID();

        JsonNode problem = assertRefused(post("/v1/jobs",
                job(jobId, "\"params\":{\"width\":4096,\"height\":4096}")), "params");

        assertThat(problem.path("detail").asString())
                .isEqualTo("params: fal:fal-ai/flux/schnell allows at most 2048x2048, asked 4096x4096");
        assertThat(problem.path("problem").asString()).isEqualTo("NO_MODEL_FITS");
        assertThat(problem.path("candidates")).hasSize(2);
        assertThat(problem.path("candidates").get(1).path("model").asString()).isEqualTo("gpt-image-2");
        assertThat(problem.path("candidates").get(1).path("reason").asString())
                .isEqualTo("allows at most 3840x2160, asked 4096x4096");
        assertThat(acceptedThenFirstOnTopic(jobId, job(jobId, "\"params\":{\"width\":2048,\"height\":2048}"))
                .params().width()).isEqualTo(2048);
    }

    @Test
    void aSizeTheNamedModelDoesNotTakeIsRefusedWithItsRange() {
        JsonNode problem = assertRefused(post("/v1/jobs", job("refused-" + UUID.randomUUID(),
                "\"model\":\"gpt-image-2\",\"params\":{\"width\":4096,\"height\":4096}")), "params");

        assertThat(problem.path("detail").asString())
                .isEqualTo("params: openai:gpt-image-2 allows at most 3840x2160, asked 4096x4096");
    }

    @Test
    void aWidthNoModelTakesIsRefusedNamingTheWidth() {
        assertRefused(post("/v1/jobs", job("refused-" + UUID.randomUUID(), "\"params\":{\"width\":100000}")),
                "params.width");
    }

    @Test
    void anUnknownModelIsRefusedListingTheOnesAJobMayName() {
        JsonNode problem = assertRefused(post("/v1/jobs", job("refused-" + UUID.randomUUID(),
                "\"model\":\"dall-e-3\"")), "model");

        assertThat(problem.path("detail").asString()).isEqualTo("model: unknown model 'dall-e-3'; jobs for "
                + "text-to-image may name fal-ai/flux/schnell, gpt-image-2 (GET /v1/models lists every model)");
        assertThat(problem.path("problem").asString()).isEqualTo("UNKNOWN_MODEL");
    }

    @Test
    void anUnknownForcedProviderIsRefusedListingTheCatalogsProviders() {
        String jobId = "refused-" + UUID.randomUUID();

        JsonNode problem = assertRefused(post("/v1/jobs", job(jobId, "\"routing\":{\"provider\":\"no-such-vendor\"}")),
                "routing.provider");

        assertThat(problem.path("detail").asString())
                .startsWith("routing.provider: unknown provider 'no-such-vendor'; the catalog has [fal, openai");
        assertThat(problem.path("problem").asString()).isEqualTo("UNKNOWN_PROVIDER");
        assertThat(acceptedThenFirstOnTopic(jobId, job(jobId, "\"routing\":{\"provider\":\"fal\"}"))
                .routingOrNone().provider()).isEqualTo("fal");
    }

    @Test
    void stepsNoModelOfThePresetTakesAreRefusedNamingTheSteps() {
        JsonNode problem = assertRefused(post("/v1/jobs", job("refused-" + UUID.randomUUID(),
                "\"params\":{\"steps\":60},\"routing\":{\"preset\":\"high\"}")), "params.steps");

        assertThat(problem.path("detail").asString())
                .isEqualTo("params.steps: fal:fal-ai/qwen-image allows 2 to 50 steps, asked 60");
    }

    @Test
    void aBatchWithJobsNoModelFitsIsRefusedWhole() {
        String batchId = "refused-batch-" + UUID.randomUUID();

        JsonNode problem = assertRefused(post("/v1/batches", """
                {"batchId":"%s","prompts":["one","two"],"params":{"count":41}}""".formatted(batchId)), "params.count");

        assertThat(problem.path("detail").asString())
                .isEqualTo("params.count: fal:fal-ai/flux/schnell allows at most 16 images per job (4 per call, 4 calls),"
                        + " asked 41");
        HttpResponse<String> accepted = post("/v1/batches", """
                {"batchId":"%s","prompts":["one","two"],"params":{"count":4}}""".formatted(batchId));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(firstOnTopic(batchId + "-1").params().count()).isEqualTo(4);
    }

    private JobRequested acceptedThenFirstOnTopic(String jobId, String acceptedBody) {
        HttpResponse<String> accepted = post("/v1/jobs", acceptedBody);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return firstOnTopic(jobId);
    }

    private JobRequested firstOnTopic(String jobId) {
        return JsonSerde.instance().read(jobs.awaitKey(jobId, Duration.ofSeconds(10)).value(), JobRequested.class);
    }

    private double refused(String field) {
        return meters.find(JobValidator.REFUSED).tag("field", field).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private static String job(String jobId, String fields) {
        return "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a lighthouse at dawn\"," + fields + "}";
    }

    private static JsonNode assertRefused(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("field").asString()).isEqualTo(field);
        assertThat(problem.path("detail").asString()).startsWith(field + ": ");
        return problem;
    }
}
