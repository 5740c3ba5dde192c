package io.genpipe.bench;

import io.genpipe.localstack.PipelineHttp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The pipeline's public HTTP API, as any client uses it: submit at the ingress, read results at the sink. */
public final class PipelineClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI ingress;
    private final URI sink;
    private final PipelineHttp http;

    /** @param http sends a key that may submit for the bench's tenants (the local run's admin key) */
    public PipelineClient(URI ingress, URI sink, PipelineHttp http) {
        this.http = http;
        this.ingress = ingress;
        this.sink = sink;
    }

    /** {@code POST /v1/batches}; returns once the ingress answered 202, i.e. the broker has every job. */
    public void submitBatch(String batchId, String tenantId, List<String> prompts) {
        ObjectNode body = JSON.createObjectNode().put("batchId", batchId).put("tenantId", tenantId);
        prompts.forEach(body.putArray("prompts")::add);
        body.putObject("params").put("width", 1024).put("height", 768);
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingress.resolve("/v1/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("batch " + batchId + " refused: HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** {@code POST /v1/jobs} of one prompt; returns once the ingress answered 202, i.e. the broker has the job. */
    public void submitJob(String jobId, String tenantId, String prompt) {
        ObjectNode body = JSON.createObjectNode().put("jobId", jobId).put("tenantId", tenantId).put("prompt", prompt);
        body.putObject("params").put("width", 1024).put("height", 768);
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingress.resolve("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("job " + jobId + " refused: HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /**
     * {@code GET /v1/jobs/{id}?wait=}: the job once it has ended, or as it stands when the wait is over; empty while
     * the sink has not recorded it.
     */
    public Optional<JsonNode> awaitJob(String jobId, Duration wait) {
        return get("/v1/jobs/" + jobId + "?wait=" + wait.toMillis() + "ms");
    }

    /** {@code GET /v1/batches/{id}}; empty while the sink has recorded none of its jobs. */
    Optional<JsonNode> batch(String batchId) {
        return get("/v1/batches/" + batchId);
    }

    /** {@code GET /v1/jobs/{id}}; empty while the sink has not recorded it. */
    public Optional<JsonNode> job(String jobId) {
        return get("/v1/jobs/" + jobId);
    }

    private Optional<JsonNode> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(sink.resolve(path)).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    private HttpResponse<String> send(HttpRequest request) {
        return http.send(request);
    }
}
