package io.genpipe.ingress.health;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngressWithWorkers;
import io.genpipe.messaging.EventPublisher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /v1/providers/health}: the router's level and each provider over its live workers' reports. */
class ProvidersHealthIT extends RunningIngressWithWorkers {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Instant SUCCEEDED = NOW.minusSeconds(30);
    private static final Instant FAILED = NOW.minusSeconds(5);
    private static final Instant TRIAL = NOW.plusSeconds(55);

    @Autowired
    private EventPublisher publisher;

    @Test
    void aProviderIsAsItsLiveWorkersSayWithTheWorstFiguresAndEachWorkerOnAsk() {
        health.report(report("it-fal-a", HealthState.UP, 0, 0.0, 1_200L, SUCCEEDED, null, null, null));
        health.report(report("it-fal-b", HealthState.DOWN, 5, 1.0, null, null, FAILED, TRIAL,
                FailureClass.CREDIT_EXHAUSTED));

        JsonNode fal = await().atMost(PATIENCE).until(() -> provider(json(get("/v1/providers/health")), "fal"),
                row -> row.path("liveWorkers").asInt() == 2);
        assertThat(fal.path("state").asString()).isEqualTo("UP");
        assertThat(fal.path("consecutiveFailures").asInt()).isEqualTo(5);
        assertThat(fal.path("failureRate").asDouble()).isEqualTo(1.0);
        assertThat(fal.path("latencyP50Ms").asLong()).isEqualTo(1_200);
        assertThat(Instant.parse(fal.path("lastSuccessAt").asString())).isEqualTo(SUCCEEDED);
        assertThat(Instant.parse(fal.path("lastFailureAt").asString())).isEqualTo(FAILED);
        assertThat(Instant.parse(fal.path("cooldownUntil").asString())).isEqualTo(TRIAL);
        assertThat(fal.path("failureClass").asString()).isEqualTo("CREDIT_EXHAUSTED");
        assertThat(fal.path("workers").isNull()).as("only when detailed").isTrue();

        JsonNode detailed = json(get("/v1/providers/health?provider=fal&detailed=true"));
        assertThat(detailed.path("providers")).hasSize(1);
        assertThat(detailed.path("providers").get(0).path("workers").valueStream()
                .map(worker -> worker.path("state").asString())).containsExactlyInAnyOrder("UP", "DOWN");
    }

    @Test
    void whatNobodyReportsIsUnknownNotHealthy() {
        JsonNode answer = json(get("/v1/providers/health?provider=google"));
        JsonNode google = answer.path("providers").get(0);
        assertThat(google.path("state").asString()).isEqualTo("UNKNOWN");
        assertThat(google.path("liveWorkers").asInt()).isZero();
        // Unknown is null, never a zero.
        assertThat(google.path("consecutiveFailures").isNull()).isTrue();
        assertThat(google.path("lastSuccessAt").isNull()).isTrue();
        assertThat(google.path("inFlight").isNull()).isTrue();
    }

    @Test
    void theLevelIsTheRoutersWhileItsReportIsValidAndUnknownWithout() throws Exception {
        assertThat(json(get("/v1/providers/health")).path("level").asString()).isEqualTo("UNKNOWN");
        SystemHealthReported degraded = new SystemHealthReported(GenpipeEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), NOW, SystemHealthReported.Level.DEGRADED,
                List.of(new SystemHealthReported.OperationHealth(Operation.TEXT_TO_IMAGE,
                        SystemHealthReported.Level.DEGRADED, List.of("openai"), List.of("fal is down"))),
                "it-router", NOW.plusSeconds(60));
        publisher.publish(Topics.SYSTEM_HEALTH, "router", degraded).get(10, TimeUnit.SECONDS);
        try {
            JsonNode answer = await().atMost(PATIENCE).until(() -> json(get("/v1/providers/health")),
                    health -> health.path("level").asString().equals("DEGRADED"));
            assertThat(answer.path("operations").get(0).path("unavailable").get(0).asString())
                    .isEqualTo("fal is down");
        } finally {
            publisher.publish(Topics.SYSTEM_HEALTH, "router", null).get(10, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> json(get("/v1/providers/health")).path("level").asString(),
                "UNKNOWN"::equals);
    }

    @Test
    void anUnknownProviderIs404NamingIt() {
        HttpResponse<String> response = get("/v1/providers/health?provider=midjourney");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("field").asString()).isEqualTo("provider");
    }

    private static ProviderHealth report(String instance, HealthState state, int failures, Double rate, Long p50,
                                         Instant lastSuccess, Instant lastFailure, Instant cooldown,
                                         FailureClass failureClass) {
        return new ProviderHealth(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), NOW, "fal",
                TestInfrastructure.shared().uniqueName(instance), state, state == HealthState.UP ? "" : "circuit open",
                NOW.plus(Duration.ofHours(1)), 1, null, failures, rate, p50, p50, failureClass, cooldown,
                lastSuccess, lastFailure);
    }

    private static JsonNode provider(JsonNode health, String name) {
        return health.path("providers").valueStream().filter(row -> name.equals(row.path("provider").asString()))
                .findFirst().orElseThrow();
    }
}
