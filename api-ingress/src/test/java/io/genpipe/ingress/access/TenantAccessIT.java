package io.genpipe.ingress.access;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose job a submission makes, and what the ingress answers to no key, a wrong one, or a tenant overstepping. */
class TenantAccessIT extends RunningIngress {

    private KafkaTopicReader jobs;

    @BeforeEach
    void readJobs() {
        jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void aJobIsTheKeysTenantsWithoutNamingIt() {
        String jobId = "access-" + UUID.randomUUID();
        assertThat(post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a kite\"}", OTHER_TENANT_KEY)
                .statusCode()).isEqualTo(202);
        assertThat(published(jobId).tenantId()).isEqualTo("beta");
    }

    @Test
    void aTenantSubmittingForAnotherIsRefusedWith403NamingTenantIdAndNothingIsPublished() {
        String jobId = "access-" + UUID.randomUUID();
        HttpResponse<String> response = post("/v1/jobs",
                "{\"jobId\":\"" + jobId + "\",\"tenantId\":\"beta\",\"prompt\":\"a kite\"}", TENANT_KEY);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("field").asString()).isEqualTo("tenantId");
        assertThat(json(response).path("detail").asString()).contains("'acme'").contains("'beta'");

        HttpResponse<String> batch = post("/v1/batches", "{\"tenantId\":\"beta\",\"prompts\":[\"a kite\"]}", TENANT_KEY);
        assertThat(batch.statusCode()).isEqualTo(403);

        assertThat(jobs.readNow(record -> jobId.equals(record.key()))).isEmpty();
    }

    @Test
    void anAdminMaySubmitForAnyTenant() {
        String jobId = "access-" + UUID.randomUUID();
        assertThat(post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"tenantId\":\"beta\",\"prompt\":\"a kite\"}",
                ADMIN_KEY).statusCode()).isEqualTo(202);
        assertThat(published(jobId).tenantId()).isEqualTo("beta");
    }

    @Test
    void noKeyOrAWrongKeyIs401OnEveryEndpointButTheProbes() {
        for (String path : new String[]{"/v1/models", "/actuator/health"}) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "gp_wrong").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(post("/v1/jobs", "{\"prompt\":\"a kite\"}", null).statusCode()).isEqualTo(401);
        assertThat(post("/v1/estimate", "{\"prompt\":\"a kite\"}", "gp_wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void operatorEndpointsAre403ForATenantKey() {
        assertThat(get("/actuator/metrics", TENANT_KEY).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/metrics", ADMIN_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAKeyAndSaysHowToSendOne() {
        HttpResponse<String> response = get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        tools.jackson.databind.JsonNode document = json(response);
        assertThat(document.path("paths").propertyNames()).contains("/v1/jobs", "/v1/batches", "/v1/models",
                "/v1/estimate", "/v1/images/generations", "/v1/providers/health");
        assertThat(document.path("components").path("securitySchemes").path("apiKey").path("scheme").asString())
                .isEqualTo("bearer");
    }

    private JobRequested published(String jobId) {
        return JsonSerde.instance().read(jobs.awaitKey(jobId, Duration.ofSeconds(10)).value(), JobRequested.class);
    }
}
