package io.genpipe.access;

import io.genpipe.access.keys.ApiKeyHash;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter chain on a real server: which requests pass, which are refused, and how. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Configuration keys only: database keys are tested where a service has its database (the ingress's ITs).
        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "genpipe.access.keys[0].id=acme-ci",
        "genpipe.access.keys[0].tenant=acme",
        "genpipe.access.keys[0].sha256=" + AccessSecurityTest.TENANT_HASH,
        "genpipe.access.keys[1].id=ops",
        "genpipe.access.keys[1].tenant=genpipe",
        "genpipe.access.keys[1].role=ADMIN",
        "genpipe.access.keys[1].sha256=" + AccessSecurityTest.ADMIN_HASH})
class AccessSecurityTest {

    static final String TENANT_KEY = "gp_tenant-key-for-tests";
    static final String ADMIN_KEY = "gp_admin-key-for-tests";
    // printf %s gp_tenant-key-for-tests | sha256sum
    static final String TENANT_HASH = "8d28a43ed5e18fb3fe83fa3eae159071b84db9bd56795ea89b21c1e23a3e1e90";
    static final String ADMIN_HASH = "de483b01fbd9a5b2f4c2d9e8d8666fdbb6eddeafab6140dcbe6922a78257354c";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void hashesInTheTestConfigurationAreTheKeys() {
        assertThat(ApiKeyHash.sha256(TENANT_KEY)).isEqualTo(TENANT_HASH);
        assertThat(ApiKeyHash.sha256(ADMIN_KEY)).isEqualTo(ADMIN_HASH);
    }

    @Test
    void noKeyIs401WithAProblemAndAChallenge() {
        HttpResponse<String> response = get("/v1/whoami", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"genpipe\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":401").contains("An API key is required");
    }

    @Test
    void aWrongKeyIs401AndTheKeyIsNotEchoed() {
        HttpResponse<String> response = get("/v1/whoami", "Authorization", "Bearer gp_not-a-key");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The API key is not valid").doesNotContain("gp_not-a-key");
        assertThat(get("/v1/whoami", "Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l").statusCode()).isEqualTo(401);
    }

    @Test
    void aBearerKeyOrAnXApiKeyNamesTheCaller() {
        assertThat(get("/v1/whoami", "Authorization", "Bearer " + TENANT_KEY).body()).isEqualTo("acme-ci acme TENANT");
        assertThat(get("/v1/whoami", "X-API-Key", ADMIN_KEY).body()).isEqualTo("ops genpipe ADMIN");
    }

    @Test
    void adminEndpointsAre403ForATenantAndOpenToAnAdmin() {
        HttpResponse<String> tenant = get("/v1/admin/things", "Authorization", "Bearer " + TENANT_KEY);
        assertThat(tenant.statusCode()).isEqualTo(403);
        assertThat(tenant.body()).contains("needs the ADMIN role").contains("acme-ci").doesNotContain(TENANT_KEY);
        assertThat(get("/v1/admin/things", "Authorization", "Bearer " + ADMIN_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void probesNeedNoKey() {
        assertThat(get("/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (header != null) {
            request.header(header, value);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SpringBootApplication
    @RestController
    static class Endpoints {

        @GetMapping("/v1/whoami")
        String whoami(@AuthenticationPrincipal Caller caller) {
            return caller.keyId() + " " + caller.tenantId() + " " + caller.role();
        }

        @GetMapping("/v1/admin/things")
        String adminThings() {
            return "ok";
        }

        @GetMapping({"/actuator/health/liveness", "/actuator/health/readiness"})
        String probe() {
            return "UP";
        }
    }
}
