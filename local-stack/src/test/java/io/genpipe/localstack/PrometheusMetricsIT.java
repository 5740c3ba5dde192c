package io.genpipe.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each service's {@code /actuator/prometheus}, scraped as docker-compose.yml's Prometheus scrapes it (the ingress and
 * the sink with an admin key), after a job went through: the series an operator watches are there, and every metric
 * the provisioned Grafana dashboard queries is one some service exposes, so a meter renamed in code and not in the
 * dashboard fails here.
 */
class PrometheusMetricsIT {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "genpipe.json");
    /** A series name in a PromQL expression: genpipe's own, the JVM's and the Kafka clients'. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:genpipe|jvm|kafka|process|http)_[a-z0-9_]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A meter's name in the code, and the file that registers it when its first event comes. */
    private record Meter(String meter, Path source) {
    }

    private static final Map<String, Meter> AT_FIRST_EVENT = Map.of(
            "genpipe_router_fallbacks_total", new Meter("genpipe.router.fallbacks",
                    Path.of("../router-worker/src/main/java/io/genpipe/router/streams/RouterMetrics.java")),
            "genpipe_router_timeouts_total", new Meter("genpipe.router.timeouts",
                    Path.of("../router-worker/src/main/java/io/genpipe/router/streams/RouterMetrics.java")),
            "genpipe_worker_cost_unknown_total", new Meter("genpipe.worker.cost.unknown",
                    Path.of("../provider-workers/src/main/java/io/genpipe/worker/adapter/Billing.java")),
            "genpipe_ingress_rate_limited_total", new Meter("genpipe.ingress.rate-limited",
                    Path.of("../api-ingress/src/main/java/io/genpipe/ingress/limits/TenantRateLimits.java")));

    private static final TestPipeline pipeline = TestPipeline.shared();
    private static Map<String, String> scrapes;

    @BeforeAll
    static void oneJobThrough() {
        String jobId = "metrics-" + UUID.randomUUID();
        HttpResponse<String> accepted = pipeline.post("/v1/jobs",
                "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a lighthouse\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(pipeline.getFromSink("/v1/jobs/" + jobId)
                .body()).path("status").asString().equals("SUCCEEDED"));
        // The router counts the outcome as it emits it; the sink may have recorded it a moment before.
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape(pipeline.pipeline().routerUrl(), null)
                .contains("genpipe_router_outcomes_total{outcome=\"succeeded\""));
        String admin = pipeline.pipeline().keys().adminKey();
        scrapes = Map.of(
                "api-ingress", scrape(pipeline.pipeline().ingressUrl(), admin),
                "router-worker", scrape(pipeline.pipeline().routerUrl(), null),
                "provider-workers", scrape(pipeline.pipeline().workersUrl(), null),
                "results-sink", scrape(pipeline.pipeline().sinkUrl(), admin));
        // Kept for a person reading a failure: what each service exposed.
        try {
            Path out = Files.createDirectories(Path.of("target", "metrics"));
            for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
                Files.writeString(out.resolve(scrape.getKey() + ".prom"), scrape.getValue());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void eachServiceExposesWhatAnOperatorWatches() {
        assertThat(scrapes.get("router-worker")).contains("genpipe_router_system_level",
                "genpipe_router_outcomes_total{outcome=\"succeeded\"", "genpipe_jobs_duration_seconds_bucket{",
                "genpipe_router_decisions_total");
        assertThat(scrapes.get("provider-workers")).contains("genpipe_worker_calls_in_flight{provider=\"fal\"",
                "genpipe_worker_circuit_state{provider=\"openai\"}",
                "genpipe_worker_attempts_duration_seconds_bucket{")
                .containsPattern("genpipe_worker_attempts_total\\{[^}]*model=\"fal-ai/flux/schnell\"[^}]*"
                        + "outcome=\"succeeded\"[^}]*provider=\"fal\"")
                .containsPattern("genpipe_worker_cost_usd_total\\{[^}]*provider=\"fal\"[^}]*} [0-9.eE-]*[1-9]")
                // No call was lost: the series is there, at 0, not absent.
                .containsPattern("genpipe_worker_calls_lost_total\\{priced=\"false\",provider=\"openai\"} 0\\.0");
        assertThat(scrapes.get("results-sink")).contains("genpipe_sink_events_total", "genpipe_sink_recording_paused");
        assertThat(scrapes.get("api-ingress")).contains("genpipe_ingress_jobs_accepted_total");
    }

    @Test
    void everyMetricTheDashboardQueriesIsOneAServiceExposes() throws IOException {
        Set<String> exposed = new TreeSet<>();
        Pattern name = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
        scrapes.values().forEach(text -> {
            Matcher names = name.matcher(text);
            while (names.find()) {
                exposed.add(names.group(1));
            }
        });
        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metrics = METRIC.matcher(target.path("expr").asString());
                while (metrics.find()) {
                    queried.add(metrics.group(1));
                }
            }
        }
        assertThat(queried).as("the dashboard queries genpipe's metrics").hasSizeGreaterThan(10);
        // A counter some event creates (a fallback, a timeout, an unpriced call) is not there before its first event:
        // for those the meter's name must be in the code that registers it.
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exposed);
        assertThat(missing).as("queried, not exposed after one job, and not one of the counters an event creates")
                .isSubsetOf(AT_FIRST_EVENT.keySet());
        for (String series : missing) {
            assertThat(Files.readString(AT_FIRST_EVENT.get(series).source())).as(series)
                    .contains("\"" + AT_FIRST_EVENT.get(series).meter() + "\"");
        }
    }

    private static String scrape(URI service, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s: %s", service, response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("cannot scrape " + service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
