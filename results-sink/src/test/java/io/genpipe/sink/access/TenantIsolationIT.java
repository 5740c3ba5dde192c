package io.genpipe.sink.access;

import io.genpipe.contracts.event.JobEvent;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant's key sees its own jobs, batches, costs, stats and experiments, and another tenant's are as unknown as
 * ones that never existed (404, never 403). Tenants {@code acme} and {@code beta} each ran a job of one batch id on a
 * provider of this test's own, so the figures asserted are this fixture's alone.
 */
class TenantIsolationIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PROVIDER = INFRA.uniqueName("iso");
    private static final String ACME_JOB = INFRA.uniqueName("acme-job");
    private static final String BETA_JOB = INFRA.uniqueName("beta-job");
    private static final String ACME_BATCH = INFRA.uniqueName("acme-batch");
    private static final String BETA_BATCH = INFRA.uniqueName("beta-batch");
    private static final String EXPERIMENT = INFRA.uniqueName("iso-exp");

    @BeforeAll
    static void fixture() {
        Instant recently = Instant.now().minus(Duration.ofMinutes(10));
        List<JobEvent> events = new ArrayList<>();
        JobStory acme = JobStory.requestedAt(ACME_JOB, "acme", ACME_BATCH, recently).inExperiment(EXPERIMENT, "a");
        acme.succeeds(PROVIDER, FLUX, "0.003", 1_000);
        JobStory beta = JobStory.requestedAt(BETA_JOB, "beta", BETA_BATCH, recently).inExperiment(EXPERIMENT, "a");
        beta.succeeds(PROVIDER, FLUX, "0.5", 2_000);
        for (JobStory story : List.of(acme, beta)) {
            events.add(story.requested());
            events.addAll(story.attempts());
            events.add(story.succeeded());
        }
        events.forEach(RunningSink::publish);
    }

    @BeforeEach
    void recorded() {
        await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(json(get("/v1/jobs/" + BETA_JOB).body())
                .path("status").asString()) && "SUCCEEDED".equals(json(get("/v1/jobs/" + ACME_JOB).body())
                .path("status").asString()));
    }

    @Test
    void anotherTenantsJobIsNotFoundAndItsOwnIs() {
        assertThat(get("/v1/jobs/" + ACME_JOB, TENANT_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = get("/v1/jobs/" + BETA_JOB, TENANT_KEY);
        HttpResponse<String> unknown = get("/v1/jobs/no-such-job", TENANT_KEY);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign.body()).path("title").asString())
                .isEqualTo(json(unknown.body()).path("title").asString());
        assertThat(foreign.body()).doesNotContain("beta\"").doesNotContain("0.5");
        assertThat(get("/v1/jobs/" + BETA_JOB, OTHER_TENANT_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherTenantsBatchIsNotFound() {
        assertThat(json(get("/v1/batches/" + ACME_BATCH, TENANT_KEY).body()).path("total").asLong()).isEqualTo(1);
        assertThat(get("/v1/batches/" + BETA_BATCH, TENANT_KEY).statusCode()).isEqualTo(404);
        assertThat(json(get("/v1/batches/" + ACME_BATCH + "/jobs", TENANT_KEY).body()).path("total").asLong())
                .isEqualTo(1);
        assertThat(get("/v1/batches/" + BETA_BATCH + "/jobs", TENANT_KEY).statusCode())
                .as("another tenant's batch lists nothing, as unknown as a batch that does not exist").isEqualTo(404);
    }

    @Test
    void aTenantCannotRateAnotherTenantsJob() {
        assertThat(post("/v1/jobs/" + BETA_JOB + "/rating", "{\"rating\":\"thumbs_down\"}", TENANT_KEY).statusCode())
                .isEqualTo(404);
        assertThat(post("/v1/jobs/" + ACME_JOB + "/rating", "{\"rating\":\"thumbs_up\"}", TENANT_KEY).statusCode())
                .isEqualTo(200);
    }

    @Test
    void costsShowOnlyTheTenantsOwnSpendWhateverTenantItNames() {
        for (String query : List.of("/v1/costs?groupBy=tenant", "/v1/costs?groupBy=tenant&tenantId=beta")) {
            JsonNode report = json(get(query, TENANT_KEY).body());
            assertThat(report.path("groups").valueStream().map(g -> g.path("tenantId").asString()))
                    .as(query).isNotEmpty().containsOnly("acme");
        }
        JsonNode admin = json(get("/v1/costs?groupBy=tenant", ADMIN_KEY).body());
        assertThat(admin.path("groups").valueStream().map(g -> g.path("tenantId").asString()))
                .contains("acme", "beta");
    }

    @Test
    void statsAndExperimentsCountOnlyTheTenantsOwnJobs() {
        JsonNode own = provider(json(get("/v1/stats?window=1h", TENANT_KEY).body()));
        assertThat(own.path("attempts").asLong()).isEqualTo(1);
        JsonNode all = provider(json(get("/v1/stats?window=1h", ADMIN_KEY).body()));
        assertThat(all.path("attempts").asLong()).isEqualTo(2);

        JsonNode arms = json(get("/v1/experiments/" + EXPERIMENT, TENANT_KEY).body()).path("arms");
        assertThat(arms.get(0).path("jobs").asLong()).isEqualTo(1);
        assertThat(json(get("/v1/experiments/" + EXPERIMENT, ADMIN_KEY).body()).path("arms").get(0).path("jobs")
                .asLong()).isEqualTo(2);
    }

    @Test
    void aTenantSeesItsOwnBudgetOnlyAndCannotSetOne() {
        assertThat(put("/v1/admin/budgets/tenant/acme", "{\"monthlyUsd\": 1000}").statusCode()).isEqualTo(200);
        assertThat(put("/v1/admin/budgets/tenant/beta", "{\"monthlyUsd\": 1000}").statusCode()).isEqualTo(200);
        try {
            JsonNode own = json(get("/v1/budgets", TENANT_KEY).body());
            assertThat(own.valueStream().map(b -> b.path("scope").asString() + ":" + b.path("name").asString()))
                    .containsExactly("tenant:acme");
            assertThat(json(get("/v1/budgets", ADMIN_KEY).body()).valueStream()
                    .map(b -> b.path("name").asString())).contains("acme", "beta");
            assertThat(get("/v1/admin/budgets", TENANT_KEY).statusCode()).isEqualTo(403);
            assertThat(json(get("/v1/alerts", TENANT_KEY).body()).valueStream()
                    .map(alert -> alert.path("scope").asString())).allMatch("tenant:acme"::equals);
        } finally {
            delete("/v1/admin/budgets/tenant/acme");
            delete("/v1/admin/budgets/tenant/beta");
        }
    }

    @Test
    void noKeyIsUnauthorizedAndATenantKeyIsNotAnAdmin() {
        assertThat(get("/v1/jobs/" + ACME_JOB, null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/costs", "gp_wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", TENANT_KEY).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAKey() {
        HttpResponse<String> response = get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("paths").propertyNames())
                .contains("/v1/jobs/{jobId}", "/v1/batches/{batchId}", "/v1/costs", "/v1/stats", "/v1/budgets");
    }

    private static JsonNode provider(JsonNode stats) {
        return stats.path("providers").valueStream()
                .filter(row -> PROVIDER.equals(row.path("provider").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + PROVIDER + " in " + stats));
    }
}
