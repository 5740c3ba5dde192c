package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The four services, started once per test JVM on the shared test infrastructure (real broker, real
 * PostgreSQL, the simulator), and an HTTP client for them. Tests tell their jobs apart by unique ids.
 */
final class TestPipeline {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the services of every test pipeline run with, on top of their own files. */
    static final Map<String, String> PROPERTIES = Map.of("genpipe.kafka.partitions", "3",
            // Recovery within a test's patience: probe fal again 2 s after its circuit opens.
            "genpipe.workers.circuit-breaker.wait-in-open", "2s",
            // and let the router's cooldown of a failing provider end as soon (5 min by default).
            "genpipe.routing.cooldown.duration", "2s",
            "genpipe.workers.health.heartbeat", "1s",
            // The simulator trains in its profile's latency, not in minutes: poll it on that scale.
            "genpipe.catalog.providers.fal.models[fal-ai/flux-lora-fast-training].latency-p50", "1s",
            "genpipe.catalog.providers.fal.models[fal-ai/flux-lora-fast-training].latency-p95", "3s",
            "genpipe.catalog.providers.replicate.models[ostris/flux-dev-lora-trainer].latency-p50", "1s",
            "genpipe.catalog.providers.replicate.models[ostris/flux-dev-lora-trainer].latency-p95", "3s");

    private static Pipeline shared;

    private final Pipeline pipeline;
    /** Submits as the local tenant, as a user would. */
    private final PipelineHttp http;
    /** Reads the sink as an operator: a job produced straight to the topic is tenant "default"'s, not the user's. */
    private final PipelineHttp operator;

    private TestPipeline(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.http = pipeline.tenantHttp();
        this.operator = pipeline.adminHttp();
    }

    static synchronized TestPipeline shared() {
        if (shared == null) {
            TestInfrastructure infra = TestInfrastructure.shared();
            TestDatabase database = infra.newDatabase();
            // What the local run does without options: every provider of the catalog served, each on the simulator.
            ProviderMix mix = ProviderMix.of(CatalogFiles.defaults(), LocalRunOptions.parse());
            shared = Pipeline.start(new PipelineSettings(infra.kafkaBootstrapServers(), database.jdbcUrl(),
                    database.username(), database.password(), mix.simulatorBaseUrls(infra.simulator().baseUrls()),
                    newImagesDir(), 0, 0, 0, 0, PROPERTIES, LocalKeys.generated(), mix.serve(), mix.real()));
            infra.closeBeforeStopping(shared);
        }
        return new TestPipeline(shared);
    }

    /** The helpers on a pipeline a test started with settings of its own (and closes). */
    static TestPipeline of(Pipeline pipeline) {
        return new TestPipeline(pipeline);
    }

    static Path newImagesDir() {
        try {
            return Files.createTempDirectory("genpipe-images");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(pipeline.ingressUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A GET of the ingress, as the local tenant. */
    HttpResponse<String> getFromIngress(String path) {
        return send(HttpRequest.newBuilder(pipeline.ingressUrl().resolve(path)).GET().build());
    }

    HttpResponse<String> getFromWorkers(String path) {
        return send(HttpRequest.newBuilder(pipeline.workersUrl().resolve(path)).GET().build());
    }

    HttpResponse<String> getFromSink(String path) {
        return operator.send(HttpRequest.newBuilder(pipeline.sinkUrl().resolve(path)).GET().build());
    }

    /** Waits until the sink reports the job finished, and returns its record. */
    JsonNode awaitFinishedJob(String jobId, Duration timeout) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = getFromSink("/v1/jobs/" + jobId);
            if (response.statusCode() != 200) {
                return false;
            }
            job[0] = JSON.readTree(response.body());
            String status = job[0].path("status").asString();
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        });
        return job[0];
    }

    /** Sends {@code request} as the local tenant. */
    HttpResponse<String> send(HttpRequest request) {
        return http.send(request);
    }
}
