package io.genpipe.ingress.access;

import io.genpipe.ingress.RunningIngress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys made through {@code /v1/admin/keys}: shown once, kept by hash, working at once, revocable. */
class ApiKeysAdminIT extends RunningIngress {

    @Test
    void anAdminMakesAKeyThatWorksAtOnceAndStopsWorkingWhenRevoked() {
        String tenant = "gamma-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> issued = post("/v1/admin/keys", "{\"tenantId\":\"" + tenant + "\"}", ADMIN_KEY);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String key = json(issued).path("key").asString();
        String keyId = json(issued).path("record").path("keyId").asString();
        assertThat(key).startsWith("gp_");

        assertThat(get("/v1/models", key).statusCode()).isEqualTo(200);
        assertThat(post("/v1/jobs", "{\"prompt\":\"a kite\"}", key).statusCode()).isEqualTo(202);
        assertThat(get("/v1/admin/keys", key).statusCode()).as("a tenant's key").isEqualTo(403);

        HttpResponse<String> listed = get("/v1/admin/keys", ADMIN_KEY);
        JsonNode record = json(listed).valueStream().filter(k -> keyId.equals(k.path("keyId").asString()))
                .findFirst().orElseThrow();
        assertThat(record.path("tenantId").asString()).isEqualTo(tenant);
        assertThat(record.path("createdBy").asString()).isEqualTo("ops-tests");
        assertThat(listed.body()).doesNotContain(key).doesNotContain(io.genpipe.access.keys.ApiKeyHash.sha256(key));

        HttpResponse<String> revoked = send(HttpRequest.newBuilder(uri("/v1/admin/keys/" + keyId))
                .header("Authorization", "Bearer " + ADMIN_KEY).DELETE().build());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(get("/v1/models", key).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyIdIsTakenOnceAndATenantIdIsRequired() {
        String keyId = "delta-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"tenantId\":\"delta\",\"keyId\":\"" + keyId + "\",\"role\":\"ADMIN\"}";
        assertThat(post("/v1/admin/keys", body, ADMIN_KEY).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post("/v1/admin/keys", body, ADMIN_KEY);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("field").asString()).isEqualTo("keyId");

        HttpResponse<String> missing = post("/v1/admin/keys", "{\"role\":\"TENANT\"}", ADMIN_KEY);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).path("field").asString()).isEqualTo("tenantId");
        assertThat(json(post("/v1/admin/keys", "{\"tenantId\":\"a b\"}", ADMIN_KEY)).path("field").asString())
                .isEqualTo("tenantId");
    }
}
