package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.AlertCleared;
import io.genpipe.contracts.event.AlertEvent;
import io.genpipe.contracts.event.AlertRaised;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1/admin/alerts/thresholds} on the real broker and PostgreSQL, in the sink the other ITs share: a provider
 * of this class's own, so only its traffic is in its figures. Each test puts the configuration's thresholds back
 * after it, so the other classes judge by those.
 */
class AlertThresholdsIT extends RunningSink {

    private static final String PATH = "/v1/admin/alerts/thresholds";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String P = INFRA.uniqueName("thresholds");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KafkaTopicReader alerts;

    @LocalServerPort
    private int port;
    @Autowired
    private AlertEvaluator evaluator;
    @Autowired
    private ThresholdVersions versions;
    @Autowired
    private MeterRegistry meters;

    /** Once the sink is up, so its topics are: a reader of one without partitions would read nothing. */
    @BeforeEach
    void readAlerts() {
        synchronized (AlertThresholdsIT.class) {
            if (alerts == null) {
                alerts = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topics.ALERTS.name());
            }
        }
    }

    @AfterAll
    static void stopReading() {
        if (alerts != null) {
            alerts.close();
            alerts = null;
        }
    }

    @AfterEach
    void backToTheConfiguration() {
        assertThat(send("DELETE", PATH, null, ADMIN_KEY, null).statusCode()).isEqualTo(200);
    }

    @Test
    void raisingTheSuccessRateThresholdFiresForTrafficTheConfigurationLetsPassAndAResetClearsIt() {
        // 19 of 20 is 95%: not under the configuration's 90%.
        record(19, 1);
        evaluator.evaluate();
        assertThat(successRateAlertsOfP()).as("nothing fires under the defaults").isEmpty();
        double changes = changes("updated");

        HttpResponse<String> put = send("PUT", PATH, "{\"successRate\": {\"below\": 0.99}}", ADMIN_KEY, null);

        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode set = json(put.body());
        assertThat(put.headers().firstValue("ETag")).hasValue("\"" + set.get("version").asLong() + "\"");
        assertThat(set.get("source").asString()).isEqualTo("operator");
        assertThat(set.get("changedBy").asString()).isEqualTo("ops-tests");
        assertThat(set.get("successRate").get("below").decimalValue()).isEqualByComparingTo("0.99");
        assertThat(set.get("successRate").get("window").asString()).as("left out: the configuration's")
                .isEqualTo("PT10M");
        assertThat(set.get("averageTime").get("above").asString()).isEqualTo("PT15S");
        assertThat(changes("updated")).isEqualTo(changes + 1);
        // Evaluated at once by the instance that took the change: no call to the evaluator here.
        AlertRaised raised = await().atMost(PATIENCE).until(() -> raised("success-rate/provider:" + P),
                list -> !list.isEmpty()).get(0);
        assertThat(raised.threshold()).isEqualByComparingTo("0.99");
        assertThat(raised.observed()).isEqualByComparingTo("0.95");
        assertThat(raised.message()).contains("19 of 20 attempts", "under 99%");
        assertThat(json(send("GET", PATH, null, ADMIN_KEY, null).body()).get("successRate").get("below")
                .decimalValue()).isEqualByComparingTo("0.99");

        HttpResponse<String> reset = send("DELETE", PATH, null, ADMIN_KEY, null);

        assertThat(reset.statusCode()).isEqualTo(200);
        JsonNode defaults = json(reset.body());
        assertThat(defaults.get("source").asString()).isEqualTo("configuration");
        assertThat(defaults.get("version").asLong()).isEqualTo(set.get("version").asLong() + 1);
        assertThat(defaults.get("changedBy").asString()).isEqualTo("ops-tests");
        assertThat(defaults.get("successRate").get("below").decimalValue()).isEqualByComparingTo("0.9");
        AlertCleared cleared = await().atMost(PATIENCE).until(() -> cleared("success-rate/provider:" + P),
                list -> !list.isEmpty()).get(0);
        assertThat(cleared.alertId()).isEqualTo(raised.alertId());
        assertThat(cleared.message()).contains("not under 90%");
        HttpResponse<String> again = send("DELETE", PATH, null, ADMIN_KEY, null);
        assertThat(json(again.body()).get("version").asLong()).as("defaults in force: a reset changes nothing")
                .isEqualTo(defaults.get("version").asLong());
    }

    @Test
    void onlyAnAdminsKeyReadsOrChangesThem() {
        for (String path : List.of(PATH, PATH + "/audit")) {
            HttpResponse<String> anonymous = send("GET", path, null, null, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(send("GET", path, null, TENANT_KEY, null).statusCode()).as(path).isEqualTo(403);
        }
        long version = version();
        assertThat(send("PUT", PATH, "{\"budgetPercent\": [90]}", null, null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", PATH, "{\"budgetPercent\": [90]}", TENANT_KEY, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", PATH, null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", PATH, null, TENANT_KEY, null).statusCode()).isEqualTo(403);
        assertThat(version()).isEqualTo(version);
    }

    @Test
    void aChangeOnAVersionNoLongerInForceIs412WithTheCurrentOne() {
        long seen = version();
        HttpResponse<String> first = send("PUT", PATH, "{\"successRate\": {\"below\": 0.95}}", ADMIN_KEY,
                "\"" + seen + "\"");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"" + (seen + 1) + "\"");

        for (String method : List.of("PUT", "DELETE")) {
            HttpResponse<String> stale = send(method, PATH, "{\"successRate\": {\"below\": 0.5}}", ADMIN_KEY,
                    "\"" + seen + "\"");
            assertThat(stale.statusCode()).as(method).isEqualTo(412);
            assertThat(stale.headers().firstValue("ETag")).hasValue("\"" + (seen + 1) + "\"");
            assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(stale.body()).get("currentVersion").asLong()).isEqualTo(seen + 1);
            assertThat(json(stale.body()).get("field").asString()).isEqualTo("If-Match");
        }

        // Another sink instance makes the next version meanwhile: this one reads it, and cannot make it again.
        ThresholdsDocument current = ThresholdsDocument.of(versions.inForce().thresholds());
        ThresholdVersions.Change other = new ThresholdVersions.Change(seen + 2, ThresholdVersions.Action.UPDATED,
                current, current, "other-instance", Instant.now());
        versions.claim(other);
        assertThatThrownBy(() -> versions.claim(other)).isInstanceOf(ThresholdVersions.VersionTaken.class);
        HttpResponse<String> behind = send("PUT", PATH, "{}", ADMIN_KEY, "\"" + (seen + 1) + "\"");
        assertThat(behind.statusCode()).isEqualTo(412);
        assertThat(behind.headers().firstValue("ETag")).hasValue("\"" + (seen + 2) + "\"");
        HttpResponse<String> unconditional = send("PUT", PATH, "{}", ADMIN_KEY, "*");
        assertThat(unconditional.statusCode()).isEqualTo(200);
        assertThat(json(unconditional.body()).get("version").asLong()).isEqualTo(seen + 3);
        assertThat(json(send("GET", PATH, null, ADMIN_KEY, null).body()).get("successRate").get("below")
                .decimalValue()).as("{} is the configuration's thresholds, set by an operator")
                .isEqualByComparingTo("0.9");
    }

    @Test
    void refusesAMemberOutOfRangeNamingItAndStoresNothing() {
        long version = version();
        HttpResponse<String> share = send("PUT", PATH, "{\"successRate\": {\"below\": 2}}", ADMIN_KEY, null);
        assertThat(share.statusCode()).isEqualTo(400);
        assertThat(share.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(share.body()).get("field").asString()).isEqualTo("successRate.below");
        HttpResponse<String> window = send("PUT", PATH, "{\"costPerImage\": {\"window\": \"10m\"}}", ADMIN_KEY,
                null);
        assertThat(json(window.body()).get("field").asString()).isEqualTo("costPerImage.window");
        assertThat(json(send("PUT", PATH, "{\"budgetPercent\": [50, 0]}", ADMIN_KEY, null).body()).get("field")
                .asString()).isEqualTo("budgetPercent[1]");
        HttpResponse<String> tag = send("PUT", PATH, "{}", ADMIN_KEY, "3");
        assertThat(tag.statusCode()).isEqualTo(400);
        assertThat(json(tag.body()).get("field").asString()).isEqualTo("If-Match");
        HttpResponse<String> provider = send("PUT", PATH, "{\"primaryDown\": {\"provider\": \"midjourney\"}}",
                ADMIN_KEY, null);
        assertThat(provider.statusCode()).isEqualTo(422);
        assertThat(json(provider.body()).get("field").asString()).isEqualTo("primaryDown.provider");
        assertThat(json(provider.body()).get("detail").asString()).contains("fal", "openai");
        assertThat(version()).isEqualTo(version);

        HttpResponse<String> known = send("PUT", PATH, "{\"primaryDown\": {\"provider\": \"openai\"}}", ADMIN_KEY,
                null);
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(json(known.body()).get("primaryDown").get("provider").asString()).isEqualTo("openai");
        evaluator.evaluate();
        assertThat(evaluator.primary()).hasValue("openai");
    }

    @Test
    void theAuditListsEachChangeNewestFirstWithTheAdminsKeyId() {
        send("PUT", PATH, "{\"successRate\": {\"below\": 0.95}, \"changedBy\": \"someone-else\"}", ADMIN_KEY, null);
        send("PUT", PATH, "{\"successRate\": {\"below\": 0.95}, \"costPerImage\": {\"usd\": 3}}", ADMIN_KEY, null);
        send("DELETE", PATH, null, ADMIN_KEY, null);
        long version = version();

        HttpResponse<String> audit = send("GET", PATH + "/audit?limit=3", null, ADMIN_KEY, null);

        assertThat(audit.statusCode()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        json(audit.body()).get("entries").forEach(entries::add);
        assertThat(entries).extracting(e -> e.get("version").asLong())
                .containsExactly(version, version - 1, version - 2);
        assertThat(entries).extracting(e -> e.get("action").asString())
                .containsExactly("reset", "updated", "updated");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("changedBy").asString()).isEqualTo("ops-tests");
            assertThat(Instant.parse(e.get("changedAt").asString())).isAfter(Instant.now().minusSeconds(60));
        });
        assertThat(entries.get(2).get("changed").get(0).asString()).isEqualTo("successRate.below");
        assertThat(entries.get(1).get("changed")).extracting(JsonNode::asString).containsExactly("costPerImage.usd");
        assertThat(entries.get(1).get("after").get("costPerImage").get("usd").decimalValue())
                .isEqualByComparingTo("3");
        assertThat(entries.get(0).get("changed")).extracting(JsonNode::asString)
                .containsExactly("successRate.below", "costPerImage.usd");
        assertThat(entries.get(0).get("after").get("successRate").get("below").decimalValue())
                .isEqualByComparingTo("0.9");
        HttpResponse<String> badLimit = send("GET", PATH + "/audit?limit=0", null, ADMIN_KEY, null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit.body()).get("field").asString()).isEqualTo("limit");
    }

    private long version() {
        return json(send("GET", PATH, null, ADMIN_KEY, null).body()).get("version").asLong();
    }

    private double changes(String action) {
        return meters.counter(ThresholdsAdmin.CHANGES, "action", action).count();
    }

    /** The success-rate alerts of P the sink holds, raised or cleared in the last hour. */
    private List<JsonNode> successRateAlertsOfP() {
        List<JsonNode> found = new ArrayList<>();
        json(get("/v1/alerts?since=" + Instant.now().minusSeconds(3600)).body()).forEach(alert -> {
            if (alert.get("rule").asString().equals("success-rate")
                    && alert.get("scope").asString().equals("provider:" + P)) {
                found.add(alert);
            }
        });
        return found;
    }

    /** Jobs of one attempt each on P, a minute ago; returns once the sink's stats count them all. */
    private void record(int succeeded, int failed) {
        for (int i = 0; i < succeeded + failed; i++) {
            JobStory story = JobStory.requestedAt(INFRA.uniqueName("job"), "thresholds-tenant", null,
                    Instant.now().minusSeconds(60));
            if (i < succeeded) {
                story.succeeds(P, FLUX, "0.003", 1_000);
                publish(story.requested());
                story.attempts().forEach(RunningSink::publish);
                publish(story.succeeded());
            } else {
                story.fails(P, FLUX, FailureClass.RETRYABLE, "0", 1_000);
                publish(story.requested());
                story.attempts().forEach(RunningSink::publish);
                publish(story.failed("no provider left"));
            }
        }
        await().atMost(PATIENCE).until(() -> attemptsOfP() == succeeded + failed);
    }

    private long attemptsOfP() {
        for (JsonNode row : json(get("/v1/stats?window=10m").body()).get("providers")) {
            if (row.get("provider").asString().equals(P)) {
                return row.get("attempts").asLong();
            }
        }
        return 0;
    }

    /**
     * @param body    JSON, or null for none
     * @param key     sent as {@code Authorization: Bearer}; null sends none
     * @param ifMatch the {@code If-Match} header; null sends none
     */
    private HttpResponse<String> send(String method, String path, String body, String key, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The alerts on genpipe.alerts.v1 whose key starts so ({@code success-rate/provider:fal}), oldest first. */
    private static List<AlertRaised> raised(String keyPrefix) {
        return alerts(keyPrefix).stream().filter(AlertRaised.class::isInstance).map(AlertRaised.class::cast).toList();
    }

    private static List<AlertCleared> cleared(String keyPrefix) {
        return alerts(keyPrefix).stream().filter(AlertCleared.class::isInstance).map(AlertCleared.class::cast)
                .toList();
    }

    private static List<AlertEvent> alerts(String keyPrefix) {
        return alerts.readNow(record -> record.key().startsWith(keyPrefix)).stream()
                .map(record -> JsonSerde.instance().read(record.value(), AlertEvent.class)).toList();
    }

}
