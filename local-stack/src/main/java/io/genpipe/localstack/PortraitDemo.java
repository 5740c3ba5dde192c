package io.genpipe.localstack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local run's demonstration: submits the 23 portrait prompts as one batch through the ingress API, exactly
 * as a client would, follows the batch on the results-sink API, and prints its statistics.
 */
final class PortraitDemo {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL_EVERY = Duration.ofMillis(500);

    private final URI ingress;
    private final URI sink;
    private final PrintStream out;
    private final PipelineHttp http;

    /** @param http sends the tenant's key whose batch this is */
    PortraitDemo(URI ingress, URI sink, PipelineHttp http, PrintStream out) {
        this.http = http;
        this.ingress = ingress;
        this.sink = sink;
        this.out = out;
    }

    /** @return the final statistics, once every job of the batch has its outcome */
    BatchReport run(String batchId, Duration timeout) {
        List<String> prompts = portraits();
        ObjectNode body = JSON.createObjectNode()
                .put("batchId", batchId);
        prompts.forEach(body.putArray("prompts")::add);
        JsonNode accepted = send(HttpRequest.newBuilder(ingress.resolve("/v1/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 202);
        out.printf("Submitted batch %s: %d portrait prompts. Following %s%n", batchId, prompts.size(),
                accepted.path("statusUrl").asString());
        BatchReport report = follow(batchId, timeout);
        out.println(report.summary());
        return report;
    }

    private BatchReport follow(String batchId, Duration timeout) {
        CompletableFuture<BatchReport> finished = new CompletableFuture<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "demo-poller"));
        String[] lastProgress = {""};
        try {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(sink.resolve("/v1/batches/" + batchId))
                            .GET().build());
                    if (response.statusCode() == 404) {
                        return; // the sink has not seen the first job yet
                    }
                    BatchReport report = BatchReport.from(JSON.readTree(response.body()));
                    if (!report.progress().equals(lastProgress[0])) {
                        lastProgress[0] = report.progress();
                        out.println("  " + report.progress());
                    }
                    if (report.complete() && report.total() > 0) {
                        finished.complete(report);
                    }
                } catch (RuntimeException e) {
                    out.println("  (results-sink not answering yet: " + e.getMessage() + ")");
                }
            }, 0, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("batch " + batchId + " did not complete within " + timeout + "; last: " + lastProgress[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following batch " + batchId, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            poller.shutdownNow();
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        HttpResponse<String> response = http.send(request.build());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static List<String> portraits() {
        try (InputStream in = PortraitDemo.class.getResourceAsStream("/portraits.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
