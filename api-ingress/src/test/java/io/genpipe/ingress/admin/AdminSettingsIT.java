package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API of provider settings on the real broker: who may call it, what lands on the settings topic, versions,
 * export and import, and the audit log. Each test changes a provider of its own, from whatever version it finds.
 */
class AdminSettingsIT extends RunningIngress {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private SettingsVersions versions;

    private KafkaTopicReader settingsTopic;
    private KafkaTopicReader auditTopic;

    @BeforeEach
    void readTopics() {
        String kafka = TestInfrastructure.shared().kafkaBootstrapServers();
        settingsTopic = new KafkaTopicReader(kafka, Topics.PROVIDER_SETTINGS.name());
        auditTopic = new KafkaTopicReader(kafka, Topics.ADMIN_AUDIT.name());
    }

    @AfterEach
    void close() {
        settingsTopic.close();
        auditTopic.close();
    }

    @Test
    void aTenantKeyIsRefused403OnEveryAdminEndpointAndNothingIsPublished() {
        long before = version("stability");

        assertThat(get("/v1/admin/providers", TENANT_KEY).statusCode()).isEqualTo(403);
        assertThat(get("/v1/admin/providers/stability/settings", TENANT_KEY).statusCode()).isEqualTo(403);
        assertThat(put("/v1/admin/providers/stability/settings", "{\"enabled\":false}", TENANT_KEY).statusCode())
                .isEqualTo(403);
        assertThat(delete("/v1/admin/providers/stability/settings", TENANT_KEY).statusCode()).isEqualTo(403);
        assertThat(get("/v1/admin/settings/export", TENANT_KEY).statusCode()).isEqualTo(403);
        assertThat(post("/v1/admin/settings/import", "{\"providers\":{\"stability\":{\"enabled\":false}}}", TENANT_KEY)
                .statusCode()).isEqualTo(403);
        assertThat(get("/v1/admin/audit", TENANT_KEY).statusCode()).isEqualTo(403);

        assertThat(version("stability")).isEqualTo(before);
        assertThat(settingsTopic.readNow(record -> "stability".equals(record.key()))).isEmpty();
    }

    @Test
    void aChangeLandsOnTheSettingsTopicChangedByTheAdminKeysIdNeverTheBodys() {
        long before = version("fal");

        HttpResponse<String> changed = put("/v1/admin/providers/fal/settings", "{\"enabled\":false,"
                + "\"disabledModels\":[\"fal-ai/qwen-image\"],\"reason\":\"vendor incident INC-7\",\"priority\":2,"
                + "\"weight\":0.5,\"cooldown\":{\"failures\":2,\"seconds\":60},\"changedBy\":\"mallory\"}", ADMIN_KEY);

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).contains("\"" + (before + 1) + "\"");
        assertThat(json(changed).path("changedBy").asString()).isEqualTo("ops-tests");
        ProviderSettings published = settingsRecord("fal", before + 1);
        assertThat(published.changedBy()).isEqualTo("ops-tests");
        assertThat(published.enabled()).isFalse();
        assertThat(published.disabledModels()).containsExactly("fal-ai/qwen-image");
        assertThat(published.reason()).isEqualTo("vendor incident INC-7");
        assertThat(published.priority()).isEqualTo(2);
        assertThat(published.weight()).isEqualTo(0.5);
        assertThat(published.cooldown()).isEqualTo(new ProviderSettings.Cooldown(2, 60L));
        assertThat(published.occurredAt()).isEqualTo(NOW);

        JsonNode listed = providerEntry("fal");
        assertThat(listed.path("settings").path("version").asLong()).isEqualTo(before + 1);
        assertThat(listed.path("settings").path("source").asString()).isEqualTo("operator");
        assertThat(listed.path("models").toString()).contains("fal-ai/flux/schnell");

        JsonNode metric = json(get("/actuator/metrics/" + ProviderSettingsAdmin.CHANGES + "?tag=provider:fal"
                + "&tag=action:updated", ADMIN_KEY));
        assertThat(metric.path("measurements").get(0).path("value").asDouble()).isPositive();

        HttpResponse<String> reset = delete("/v1/admin/providers/fal/settings", ADMIN_KEY);
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).path("source").asString()).isEqualTo("catalog");
        assertThat(json(reset).path("version").asLong()).isEqualTo(before + 2);
        assertThat(settingsTopic.awaitFirst(record -> "fal".equals(record.key()) && record.value() == null, WAIT))
                .isNotNull();
    }

    @Test
    void aChangeFromAStaleVersionIsRefused412AndChangesNothing() {
        long seen = version("openai");
        HttpResponse<String> first = put("/v1/admin/providers/openai/settings", "{\"enabled\":true,\"priority\":5}",
                ADMIN_KEY, "If-Match", "\"" + seen + "\"");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        HttpResponse<String> stale = put("/v1/admin/providers/openai/settings", "{\"enabled\":false}", ADMIN_KEY,
                "If-Match", "\"" + seen + "\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(stale.headers().firstValue("ETag")).contains("\"" + (seen + 1) + "\"");
        assertThat(json(stale).path("currentVersion").asLong()).isEqualTo(seen + 1);
        assertThat(json(stale).path("field").asString()).isEqualTo("If-Match");
        assertThat(delete("/v1/admin/providers/openai/settings", ADMIN_KEY, "If-Match", "\"" + seen + "\"")
                .statusCode()).isEqualTo(412);
        assertThat(version("openai")).isEqualTo(seen + 1);
        assertThat(settingsTopic.readNow(record -> "openai".equals(record.key()) && record.value() != null
                && read(record).version() > seen + 1)).isEmpty();

        assertThat(delete("/v1/admin/providers/openai/settings", ADMIN_KEY, "If-Match", "\"" + (seen + 1) + "\"")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aVersionAnotherInstanceMadeIsNeverMadeAgain() {
        long seen = version("huggingface");
        // Another instance made the next version a moment ago: its claim is committed, its record on its way to us.
        jdbc.sql("INSERT INTO ingress.settings_versions VALUES (:provider, :version, 'other-instance', :at)")
                .param("provider", "huggingface").param("version", seen + 1).param("at", Timestamp.from(NOW))
                .update();
        try {
            HttpResponse<String> stale = put("/v1/admin/providers/huggingface/settings", "{\"enabled\":false}",
                    ADMIN_KEY, "If-Match", "\"" + seen + "\"");
            assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
            assertThat(json(stale).path("currentVersion").asLong()).isEqualTo(seen + 1);

            HttpResponse<String> unconditional = put("/v1/admin/providers/huggingface/settings",
                    "{\"enabled\":false}", ADMIN_KEY);
            assertThat(unconditional.statusCode()).as(unconditional.body()).isEqualTo(200);
            assertThat(json(unconditional).path("version").asLong()).isEqualTo(seen + 2);
            assertThat(settingsRecord("huggingface", seen + 2).enabled()).isFalse();

            // The loser of a claim publishes nothing.
            ProviderSettingsChanged sameVersion = new ProviderSettingsChanged(1, "a", NOW, "huggingface",
                    ProviderSettingsChanged.Action.RESET, "ops-tests", seen + 2, null, null);
            assertThatThrownBy(() -> versions.claim(List.of(sameVersion), () -> {
                throw new AssertionError("published a version already taken");
            })).isInstanceOf(SettingsVersions.VersionTakenException.class);
        } finally {
            delete("/v1/admin/providers/huggingface/settings", ADMIN_KEY);
        }
    }

    @Test
    void theCatalogDecidesWhichProvidersAndModelsExist() {
        HttpResponse<String> unknown = put("/v1/admin/providers/midjourney/settings", "{\"enabled\":false}", ADMIN_KEY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("detail").asString()).contains("midjourney");
        assertThat(get("/v1/admin/providers/midjourney/settings", ADMIN_KEY).statusCode()).isEqualTo(404);

        HttpResponse<String> foreignModel = put("/v1/admin/providers/replicate/settings",
                "{\"enabled\":true,\"disabledModels\":[\"gpt-image-2\"]}", ADMIN_KEY);
        assertThat(foreignModel.statusCode()).isEqualTo(422);
        assertThat(json(foreignModel).path("field").asString()).isEqualTo("disabledModels[0]");

        HttpResponse<String> negative = put("/v1/admin/providers/replicate/settings",
                "{\"enabled\":true,\"weight\":-1}", ADMIN_KEY);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).path("field").asString()).isEqualTo("weight");

        assertThat(settingsTopic.readNow(record -> "replicate".equals(record.key()))).isEmpty();
    }

    @Test
    void anExportImportedBackRestoresItAsTheImportingAdminsChanges() {
        HttpResponse<String> exported = get("/v1/admin/settings/export", ADMIN_KEY);
        assertThat(exported.statusCode()).isEqualTo(200);
        JsonNode document = json(exported);
        assertThat(document.path("providers").path("leonardo").path("enabled").asBoolean()).isTrue();
        assertThat(document.path("exportedBy").asString()).isEqualTo("ops-tests");
        long exportedVersion = document.path("providers").path("leonardo").path("version").asLong();

        assertThat(put("/v1/admin/providers/leonardo/settings", "{\"enabled\":false,\"reason\":\"trial over\"}",
                ADMIN_KEY).statusCode()).isEqualTo(200);

        // A document with one provider the catalog refuses publishes nothing, not even the good ones.
        ObjectNode bad = (ObjectNode) JSON.readTree(exported.body());
        ((ObjectNode) bad.path("providers")).set("midjourney", JSON.readTree("{\"enabled\":false}"));
        HttpResponse<String> refused = post("/v1/admin/settings/import", bad.toString(), ADMIN_KEY);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).path("field").asString()).isEqualTo("providers.midjourney");
        assertThat(version("leonardo")).isEqualTo(exportedVersion + 1);

        HttpResponse<String> imported = post("/v1/admin/settings/import", exported.body(), ADMIN_KEY);

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(json(imported).path("changed").toString()).isEqualTo("[\"leonardo\"]");
        assertThat(json(imported).path("unchanged").toString()).contains("\"fal\"", "\"google\"");
        JsonNode leonardo = json(get("/v1/admin/providers/leonardo/settings", ADMIN_KEY));
        assertThat(leonardo.path("enabled").asBoolean()).isTrue();
        assertThat(leonardo.path("reason").asString()).isEmpty();
        assertThat(leonardo.path("version").asLong()).isEqualTo(exportedVersion + 2);
        assertThat(leonardo.path("changedBy").asString()).isEqualTo("ops-tests");
        ProviderSettingsChanged audit = auditRecord("leonardo", exportedVersion + 2);
        assertThat(audit.action()).isEqualTo(ProviderSettingsChanged.Action.IMPORTED);
        assertThat(audit.before().enabled()).isFalse();

        // Imported again, it changes nothing.
        assertThat(json(post("/v1/admin/settings/import", exported.body(), ADMIN_KEY)).path("changed").size())
                .isZero();
        delete("/v1/admin/providers/leonardo/settings", ADMIN_KEY);
    }

    @Test
    void theAuditLogSaysWhoChangedWhatAndWhenBeforeAndAfter() {
        long start = version("ideogram");
        assertThat(put("/v1/admin/providers/ideogram/settings", "{\"enabled\":false,\"reason\":\"cost review\"}",
                ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(delete("/v1/admin/providers/ideogram/settings", ADMIN_KEY).statusCode()).isEqualTo(200);

        HttpResponse<String> answer = get("/v1/admin/audit?provider=ideogram&since=" + NOW.minusSeconds(60),
                ADMIN_KEY);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> entries = json(answer).path("entries").valueStream().toList();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(2);
        JsonNode reset = entries.get(0);
        assertThat(reset.path("action").asString()).isEqualTo("reset");
        assertThat(reset.path("version").asLong()).isEqualTo(start + 2);
        assertThat(reset.path("before").path("reason").asString()).isEqualTo("cost review");
        assertThat(reset.path("after").isObject()).as("a reset has nothing after").isFalse();
        JsonNode update = entries.get(1);
        assertThat(update.path("action").asString()).isEqualTo("updated");
        assertThat(update.path("changedBy").asString()).isEqualTo("ops-tests");
        assertThat(update.path("occurredAt").asString()).isEqualTo(NOW.toString());
        assertThat(update.path("after").path("enabled").asBoolean()).isFalse();
        assertThat(entries).allSatisfy(entry -> assertThat(entry.path("provider").asString()).isEqualTo("ideogram"));

        assertThat(json(get("/v1/admin/audit?provider=ideogram&since=" + NOW.plusSeconds(1), ADMIN_KEY))
                .path("entries").size()).isZero();
        assertThat(get("/v1/admin/audit?since=yesterday", ADMIN_KEY).statusCode()).isEqualTo(400);
    }

    private long version(String provider) {
        HttpResponse<String> answer = get("/v1/admin/providers/" + provider + "/settings", ADMIN_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer).path("version").asLong();
    }

    private JsonNode providerEntry(String provider) {
        return json(get("/v1/admin/providers", ADMIN_KEY)).path("providers").valueStream()
                .filter(entry -> entry.path("provider").asString().equals(provider)).findFirst().orElseThrow();
    }

    private ProviderSettings settingsRecord(String provider, long version) {
        return read(settingsTopic.awaitFirst(record -> provider.equals(record.key()) && record.value() != null
                && read(record).version() == version, WAIT));
    }

    private ProviderSettingsChanged auditRecord(String provider, long version) {
        return JsonSerde.instance().read(auditTopic.awaitFirst(record -> provider.equals(record.key())
                && JsonSerde.instance().read(record.value(), ProviderSettingsChanged.class).version() == version,
                WAIT).value(), ProviderSettingsChanged.class);
    }

    private static ProviderSettings read(ConsumerRecord<String, byte[]> record) {
        return JsonSerde.instance().read(record.value(), ProviderSettings.class);
    }
}
