package io.genpipe.localstack;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key an admin makes at the ingress works at the sink too (one database of keys), and each tenant sees its own
 * jobs there and never another's.
 */
class TenantIsolationAcrossServicesIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @Test
    void aTenantsJobIsItsOwnFromTheIngressToTheSink() {
        Pipeline services = pipeline.pipeline();
        String tenant = "gamma-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> issued = services.adminHttp().send(HttpRequest.newBuilder(
                        services.ingressUrl().resolve("/v1/admin/keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenant + "\"}")).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        PipelineHttp gamma = new PipelineHttp(JSON.readTree(issued.body()).path("key").asString());

        String jobId = "iso-" + UUID.randomUUID();
        HttpResponse<String> accepted = gamma.send(HttpRequest.newBuilder(services.ingressUrl().resolve("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobId\":\"" + jobId + "\",\"prompt\":\"a kite\"}"))
                .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        HttpRequest status = HttpRequest.newBuilder(services.sinkUrl().resolve("/v1/jobs/" + jobId)).GET().build();
        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> gamma.send(status),
                response -> response.statusCode() == 200 && JSON.readTree(response.body()).path("status").asString()
                        .equals("SUCCEEDED")).body().transform(JSON::readTree);
        assertThat(job.path("tenantId").asString()).isEqualTo(tenant);
        assertThat(services.tenantHttp().send(status).statusCode()).as("another tenant's key").isEqualTo(404);
        assertThat(services.adminHttp().send(status).statusCode()).isEqualTo(200);
        JsonNode costs = JSON.readTree(gamma.send(HttpRequest.newBuilder(
                services.sinkUrl().resolve("/v1/costs?groupBy=tenant")).GET().build()).body());
        assertThat(costs.path("groups").valueStream().map(group -> group.path("tenantId").asString()))
                .containsOnly(tenant);
    }
}
