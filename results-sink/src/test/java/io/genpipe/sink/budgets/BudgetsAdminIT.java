package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.sink.RunningSink;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1/admin/budgets} on the real broker and PostgreSQL, in the sink the other ITs share: versions and
 * {@code If-Match}, the audit, export and import, and the snapshots on {@code genpipe.spend.v1} that tell the routers
 * of a change. Each test uses tenants of its own; the one configured budget ({@link #CONFIGURED_BUDGET_TENANT}) is
 * put back as the configuration says it by the one test that changes it.
 */
class BudgetsAdminIT extends RunningSink {

    private static final String PATH = "/v1/admin/budgets";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KafkaTopicReader spend;

    @LocalServerPort
    private int port;
    @Autowired
    private BudgetVersions versions;
    @Autowired
    private MeterRegistry meters;

    /** Once the sink is up, so its topics are: a reader of one without partitions would read nothing. */
    @BeforeEach
    void readSpend() {
        synchronized (BudgetsAdminIT.class) {
            if (spend == null) {
                spend = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topics.SPEND.name());
            }
        }
    }

    @AfterAll
    static void stopReading() {
        if (spend != null) {
            spend.close();
            spend = null;
        }
    }

    @Test
    void aConfiguredBudgetIsVersionZeroUntilAnOperatorChangesItAndADeleteBringsTheConfiguredOneBack() {
        String path = PATH + "/tenant/" + CONFIGURED_BUDGET_TENANT;
        HttpResponse<String> configured = send("GET", path, null, ADMIN_KEY, null);
        assertThat(configured.statusCode()).isEqualTo(200);
        assertThat(configured.headers().firstValue("ETag")).hasValue("\"0\"");
        JsonNode asConfigured = json(configured.body());
        assertThat(asConfigured.get("version").asLong()).isZero();
        assertThat(asConfigured.get("source").asString()).isEqualTo("configuration");
        assertThat(asConfigured.get("changedBy").isNull()).isTrue();
        assertThat(asConfigured.get("monthlyUsd").decimalValue()).isEqualByComparingTo("500");
        assertThat(asConfigured.get("dailyUsd").isNull()).isTrue();

        HttpResponse<String> set = send("PUT", path, "{\"dailyUsd\": 20, \"monthlyUsd\": 400}", ADMIN_KEY, "\"0\"");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(json(set.body()).get("source").asString()).isEqualTo("operator");
        assertThat(json(set.body()).get("changedBy").asString()).isEqualTo("ops-tests");
        assertThat(budgetOf(SpendScope.TENANT, CONFIGURED_BUDGET_TENANT, BudgetPeriod.MONTH, "400"))
                .as("the routers see the operator's limit").isNotNull();
        assertThat(budgetOf(SpendScope.TENANT, CONFIGURED_BUDGET_TENANT, BudgetPeriod.DAY, "20")).isNotNull();

        HttpResponse<String> deleted = send("DELETE", path, null, ADMIN_KEY, "\"1\"");

        assertThat(deleted.statusCode()).as("the configured budget is in force again").isEqualTo(200);
        assertThat(deleted.headers().firstValue("ETag")).hasValue("\"2\"");
        JsonNode back = json(deleted.body());
        assertThat(back.get("source").asString()).isEqualTo("configuration");
        assertThat(back.get("version").asLong()).isEqualTo(2);
        assertThat(back.get("changedBy").asString()).isEqualTo("ops-tests");
        assertThat(back.get("monthlyUsd").decimalValue()).isEqualByComparingTo("500");
        assertThat(back.get("dailyUsd").isNull()).isTrue();
        assertThat(budgetOf(SpendScope.TENANT, CONFIGURED_BUDGET_TENANT, BudgetPeriod.MONTH, "500")).isNotNull();
        SpendSnapshot day = await().atMost(PATIENCE).until(() -> latest(SpendScope.TENANT, CONFIGURED_BUDGET_TENANT,
                BudgetPeriod.DAY), s -> s != null && s.budgetUsd() == null);
        assertThat(day.budgetUsd()).as("the configuration sets no daily limit").isNull();
        HttpResponse<String> again = send("DELETE", path, null, ADMIN_KEY, null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("version").asLong()).as("the configuration's to remove: nothing changes")
                .isEqualTo(2);
    }

    @Test
    void everyChangeIsTheNextVersionAndOneOnAVersionNoLongerInForceIs412WithTheCurrentOne() {
        String tenant = INFRA.uniqueName("versioned");
        String path = PATH + "/tenant/" + tenant;
        assertThat(send("GET", path, null, ADMIN_KEY, null).statusCode()).isEqualTo(404);
        double updates = changes("updated");

        HttpResponse<String> first = send("PUT", path, "{\"dailyUsd\": 1}", ADMIN_KEY, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(send("PUT", path, "{\"dailyUsd\": 1.00}", ADMIN_KEY, "\"1\"").headers().firstValue("ETag"))
                .as("the same limits again make no version").hasValue("\"1\"");
        HttpResponse<String> second = send("PUT", path, "{\"dailyUsd\": 2}", ADMIN_KEY, "\"1\"");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second.body()).get("version").asLong()).isEqualTo(2);
        assertThat(changes("updated")).isEqualTo(updates + 2);
        HttpResponse<String> got = send("GET", path, null, ADMIN_KEY, null);
        assertThat(got.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(json(got.body()).get("dailyUsd").decimalValue()).isEqualByComparingTo("2");

        for (String method : List.of("PUT", "DELETE")) {
            HttpResponse<String> stale = send(method, path, "{\"dailyUsd\": 9}", ADMIN_KEY, "\"1\"");
            assertThat(stale.statusCode()).as(method).isEqualTo(412);
            assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(stale.headers().firstValue("ETag")).hasValue("\"2\"");
            assertThat(json(stale.body()).get("currentVersion").asLong()).isEqualTo(2);
            assertThat(json(stale.body()).get("field").asString()).isEqualTo("If-Match");
        }
        HttpResponse<String> malformed = send("PUT", path, "{\"dailyUsd\": 9}", ADMIN_KEY, "2");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed.body()).get("field").asString()).isEqualTo("If-Match");

        // Another sink instance makes version 3 meanwhile: this one reads it, and cannot make it again.
        BudgetInForce current = versions.inForce(SpendScope.TENANT, tenant);
        BudgetVersions.Change other = new BudgetVersions.Change(SpendScope.TENANT, tenant, 3,
                BudgetVersions.Action.UPDATED, current.state(),
                new BudgetState(new BigDecimal("3"), null, BudgetSource.OPERATOR), "other-instance", Instant.now());
        versions.apply(List.of(other));
        assertThatThrownBy(() -> versions.apply(List.of(other))).isInstanceOf(BudgetVersions.VersionTaken.class);
        HttpResponse<String> behind = send("PUT", path, "{\"dailyUsd\": 4}", ADMIN_KEY, "\"2\"");
        assertThat(behind.statusCode()).isEqualTo(412);
        assertThat(behind.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(json(send("GET", path, null, ADMIN_KEY, null).body()).get("dailyUsd").decimalValue())
                .isEqualByComparingTo("3");
        HttpResponse<String> unconditional = send("PUT", path, "{\"dailyUsd\": 4}", ADMIN_KEY, "*");
        assertThat(json(unconditional.body()).get("version").asLong()).isEqualTo(4);

        HttpResponse<String> deleted = send("DELETE", path, null, ADMIN_KEY, "\"4\"");
        assertThat(deleted.statusCode()).as("none configured: no budget is left").isEqualTo(204);
        assertThat(deleted.headers().firstValue("ETag")).hasValue("\"5\"");
        assertThat(send("GET", path, null, ADMIN_KEY, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", path, null, ADMIN_KEY, null).statusCode()).isEqualTo(404);
        HttpResponse<String> anew = send("PUT", path, "{\"monthlyUsd\": 30}", ADMIN_KEY, "\"5\"");
        assertThat(json(anew.body()).get("version").asLong()).as("versions go on after a delete").isEqualTo(6);
        send("DELETE", path, null, ADMIN_KEY, null);
    }

    @Test
    void theAuditSaysWhoChangedWhatNewestFirstWithTheAdminsKeyId() {
        String tenant = INFRA.uniqueName("audited");
        String path = PATH + "/tenant/" + tenant;
        Instant start = Instant.now().minusSeconds(1);
        send("PUT", path, "{\"dailyUsd\": 1, \"changedBy\": \"someone-else\"}", ADMIN_KEY, null);
        send("PUT", path, "{\"dailyUsd\": 1, \"monthlyUsd\": 25}", ADMIN_KEY, null);
        send("DELETE", path, null, ADMIN_KEY, null);

        HttpResponse<String> audit = send("GET", PATH + "/audit?scope=tenant&name=" + tenant + "&since=" + start,
                null, ADMIN_KEY, null);

        assertThat(audit.statusCode()).isEqualTo(200);
        List<JsonNode> entries = entries(audit);
        assertThat(entries).extracting(e -> e.get("version").asLong()).containsExactly(3L, 2L, 1L);
        assertThat(entries).extracting(e -> e.get("action").asString())
                .containsExactly("deleted", "updated", "updated");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("scope").asString()).isEqualTo("tenant");
            assertThat(e.get("name").asString()).isEqualTo(tenant);
            assertThat(e.get("changedBy").asString()).isEqualTo("ops-tests");
            assertThat(Instant.parse(e.get("changedAt").asString())).isAfter(start);
        });
        assertThat(entries.get(2).get("before").isNull()).as("no budget before the first").isTrue();
        assertThat(entries.get(2).get("after").get("dailyUsd").decimalValue()).isEqualByComparingTo("1");
        assertThat(entries.get(1).get("before").get("monthlyUsd").isNull()).isTrue();
        assertThat(entries.get(1).get("after").get("monthlyUsd").decimalValue()).isEqualByComparingTo("25");
        assertThat(entries.get(1).get("after").get("source").asString()).isEqualTo("operator");
        assertThat(entries.get(0).get("before").get("monthlyUsd").decimalValue()).isEqualByComparingTo("25");
        assertThat(entries.get(0).get("after").isNull()).as("none configured: none after the delete").isTrue();

        assertThat(entries(send("GET", PATH + "/audit?name=" + tenant + "&limit=2", null, ADMIN_KEY, null)))
                .extracting(e -> e.get("version").asLong()).containsExactly(3L, 2L);
        assertThat(entries(send("GET", PATH + "/audit?scope=provider&name=" + tenant, null, ADMIN_KEY, null)))
                .isEmpty();
        assertThat(entries(send("GET", PATH + "/audit?name=" + tenant + "&since=" + Instant.now().plusSeconds(60),
                null, ADMIN_KEY, null))).isEmpty();
        for (String query : List.of("limit=0", "limit=ten", "scope=team", "since=yesterday")) {
            HttpResponse<String> refused = send("GET", PATH + "/audit?" + query, null, ADMIN_KEY, null);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(json(refused.body()).get("field").asString()).as(query).isEqualTo(query.split("=")[0]);
        }
    }

    @Test
    void anExportImportedBackChangesNothingAndAnImportWithOneBadEntryChangesNothingAtAll() {
        String a = INFRA.uniqueName("exported");
        String b = INFRA.uniqueName("imported");
        send("PUT", PATH + "/tenant/" + a, "{\"dailyUsd\": 5, \"monthlyUsd\": 50}", ADMIN_KEY, null);
        HttpResponse<String> export = send("GET", PATH + "/export", null, ADMIN_KEY, null);
        assertThat(export.statusCode()).isEqualTo(200);
        JsonNode exported = json(export.body());
        assertThat(exported.get("exportedBy").asString()).isEqualTo("ops-tests");
        assertThat(names(exported.get("budgets"))).contains("tenant:" + a, "tenant:" + CONFIGURED_BUDGET_TENANT);

        HttpResponse<String> roundTrip = send("POST", PATH + "/import", export.body(), ADMIN_KEY, null);

        assertThat(roundTrip.statusCode()).isEqualTo(200);
        assertThat(json(roundTrip.body()).get("changed")).as("the export of this state changes nothing").isEmpty();
        assertThat(names(json(roundTrip.body()).get("unchanged"))).containsExactlyElementsOf(
                names(exported.get("budgets")));
        assertThat(version("tenant", a)).isEqualTo(1);
        assertThat(json(send("GET", PATH + "/tenant/" + CONFIGURED_BUDGET_TENANT, null, ADMIN_KEY, null).body())
                .get("source").asString()).isEqualTo("configuration");

        String oneBad = "{\"budgets\": [{\"scope\": \"tenant\", \"name\": \"" + a + "\", \"dailyUsd\": 6},"
                + " {\"scope\": \"tenant\", \"name\": \"" + b + "\", \"monthlyUsd\": 70},"
                + " {\"scope\": \"tenant\", \"name\": \"" + b + "-2\", \"dailyUsd\": -1}]}";
        HttpResponse<String> refused = send("POST", PATH + "/import", oneBad, ADMIN_KEY, null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused.body()).get("field").asString()).isEqualTo("budgets[2].dailyUsd");
        String unknownProvider = "{\"budgets\": [{\"scope\": \"tenant\", \"name\": \"" + a + "\", \"dailyUsd\": 6},"
                + " {\"scope\": \"provider\", \"name\": \"midjourney\", \"dailyUsd\": 10}]}";
        HttpResponse<String> unknown = send("POST", PATH + "/import", unknownProvider, ADMIN_KEY, null);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown.body()).get("field").asString()).isEqualTo("budgets[1].name");
        assertThat(json(unknown.body()).get("detail").asString()).contains("fal", "openai");
        assertThat(version("tenant", a)).as("nothing applied").isEqualTo(1);
        assertThat(send("GET", PATH + "/tenant/" + b, null, ADMIN_KEY, null).statusCode()).isEqualTo(404);
        double imports = changes("imported");

        HttpResponse<String> imported = send("POST", PATH + "/import", "{\"budgets\": [{\"scope\": \"tenant\","
                + " \"name\": \"" + a + "\", \"dailyUsd\": 6, \"monthlyUsd\": 50}, {\"scope\": \"tenant\", \"name\": \""
                + b + "\", \"monthlyUsd\": 70}]}", ADMIN_KEY, null);

        assertThat(imported.statusCode()).isEqualTo(200);
        List<JsonNode> changed = new ArrayList<>();
        json(imported.body()).get("changed").forEach(changed::add);
        assertThat(changed).extracting(c -> c.get("name").asString() + "@" + c.get("version").asLong())
                .containsExactly(a + "@2", b + "@1");
        assertThat(changed).allSatisfy(c -> {
            assertThat(c.get("changedBy").asString()).isEqualTo("ops-tests");
            assertThat(c.get("source").asString()).isEqualTo("operator");
        });
        assertThat(changes("imported")).isEqualTo(imports + 2);
        assertThat(entries(send("GET", PATH + "/audit?name=" + b, null, ADMIN_KEY, null)))
                .extracting(e -> e.get("action").asString() + " by " + e.get("changedBy").asString())
                .containsExactly("imported by ops-tests");
        // At once, without any spend: the routers hold dispatches by the new limits.
        assertThat(budgetOf(SpendScope.TENANT, b, BudgetPeriod.MONTH, "70")).isNotNull();
        assertThat(budgetOf(SpendScope.TENANT, a, BudgetPeriod.DAY, "6").spentUsd()).isEqualByComparingTo("0");
        send("DELETE", PATH + "/tenant/" + a, null, ADMIN_KEY, null);
        send("DELETE", PATH + "/tenant/" + b, null, ADMIN_KEY, null);
    }

    @Test
    void onlyAnAdminsKeyReadsOrChangesBudgets() {
        // A tenant's key asking for its own tenant's budget, under a name no other test changes.
        String tenant = INFRA.uniqueName("refused");
        String tenantPath = PATH + "/tenant/" + tenant;
        String importBody = "{\"budgets\": [{\"scope\": \"tenant\", \"name\": \"" + tenant
                + "\", \"dailyUsd\": 1000}]}";
        for (String[] call : List.of(new String[] {"GET", PATH, null}, new String[] {"GET", tenantPath, null},
                new String[] {"PUT", tenantPath, "{\"dailyUsd\": 1000}"}, new String[] {"DELETE", tenantPath, null},
                new String[] {"GET", PATH + "/audit", null}, new String[] {"GET", PATH + "/export", null},
                new String[] {"POST", PATH + "/import", importBody})) {
            String what = call[0] + " " + call[1];
            HttpResponse<String> anonymous = send(call[0], call[1], call[2], null, null);
            assertThat(anonymous.statusCode()).as(what).isEqualTo(401);
            HttpResponse<String> asTenant = send(call[0], call[1], call[2], TENANT_KEY, null);
            assertThat(asTenant.statusCode()).as(what).isEqualTo(403);
            assertThat(asTenant.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
        }
        assertThat(send("GET", tenantPath, null, ADMIN_KEY, null).statusCode()).as("nothing was set").isEqualTo(404);
        assertThat(versions.inForce(SpendScope.TENANT, tenant).version()).isZero();
    }

    /** The newest snapshot of that scope's current period once it carries {@code budget}; fails after PATIENCE. */
    private static SpendSnapshot budgetOf(SpendScope scope, String name, BudgetPeriod period, String budget) {
        return await().atMost(PATIENCE).until(() -> latest(scope, name, period),
                s -> s != null && s.budgetUsd() != null && s.budgetUsd().compareTo(new BigDecimal(budget)) == 0);
    }

    private static SpendSnapshot latest(SpendScope scope, String name, BudgetPeriod period) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String key = SpendSnapshot.key(scope, name, period, period.startOf(today));
        List<SpendSnapshot> all = spend.readNow(record -> key.equals(record.key())).stream()
                .map(record -> JsonSerde.instance().read(record.value(), SpendSnapshot.class)).toList();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private long version(String scope, String name) {
        return json(send("GET", PATH + "/" + scope + "/" + name, null, ADMIN_KEY, null).body()).get("version")
                .asLong();
    }

    private double changes(String action) {
        return meters.counter(BudgetsAdmin.CHANGES, "action", action).count();
    }

    private static List<String> names(JsonNode budgets) {
        List<String> names = new ArrayList<>();
        budgets.forEach(b -> names.add(b.get("scope").asString() + ":" + b.get("name").asString()));
        return names;
    }

    private static List<JsonNode> entries(HttpResponse<String> audit) {
        List<JsonNode> entries = new ArrayList<>();
        json(audit.body()).get("entries").forEach(entries::add);
        return entries;
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
}
